#include "common/webhook_receiver.hpp"

#include "http/server.hpp"

namespace sb::test {

WebhookReceiver::WebhookReceiver(int fail_first) : fail_first_(fail_first) {
    http::ServerOptions so;
    so.port = 0;
    server_ =
        std::make_unique<http::Server>(so, [this](http::Request& req) { return record(req); });
    server_->start();
}

WebhookReceiver::~WebhookReceiver() = default;

http::Response WebhookReceiver::record(const http::Request& req) {
    std::lock_guard lock(mutex_);
    got_.push_back(req);
    if (failing_)
        return http::Response::text(503, "down");
    if (fail_first_ > 0) {
        --fail_first_;
        return http::Response::text(500, "nope");
    }
    return http::Response::text(200, "ok");
}

void WebhookReceiver::set_failing(bool failing) {
    std::lock_guard lock(mutex_);
    failing_ = failing;
}

std::string WebhookReceiver::url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + "/hooks";
}

std::size_t WebhookReceiver::count() const {
    std::lock_guard lock(mutex_);
    return got_.size();
}

std::vector<http::Request> WebhookReceiver::requests() const {
    std::lock_guard lock(mutex_);
    return got_;
}

}  // namespace sb::test
