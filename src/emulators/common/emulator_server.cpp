#include "emulators/common/emulator_server.hpp"

#include <exception>

#include "core/signals.hpp"

namespace sb::emulators::common {

EmulatorServer::EmulatorServer() = default;

EmulatorServer::~EmulatorServer() {
    if (server_)
        server_->stop();
}

void EmulatorServer::serve(const RuntimeBase& runtime, const BaseOptions& listen,
                           http::Dispatch dispatch, std::vector<Worker> workers) {
    runtime_ = &runtime;
    server_options_.address = listen.host;
    server_options_.port = listen.port;
    server_options_.io_threads = 2;
    server_options_.handler_threads = listen.handler_threads;
    server_options_.body_limit = 8 * 1024 * 1024;
    dispatch_ = std::move(dispatch);
    workers_ = std::move(workers);
}

void EmulatorServer::start() {
    for (const auto& w : workers_) {
        if (w.start)
            w.start();
    }
    server_ = std::make_unique<http::Server>(server_options_, dispatch_);
    server_->start();
}

void EmulatorServer::stop() {
    if (server_)
        server_->stop();
    for (auto it = workers_.rbegin(); it != workers_.rend(); ++it) {
        if (it->stop)
            it->stop();
    }
}

void EmulatorServer::wait_for_signal() {
    // The caller blocked SIGINT/SIGTERM before start() (core/signals.hpp).
    wait_for_stop_signal();
    stop();
}

std::uint16_t EmulatorServer::port() const {
    return server_ ? server_->port() : 0;
}

const std::string& EmulatorServer::admin_token() const {
    return runtime_->app.admin_token();
}

http::Response unrouted(const http::Match& m, const ErrorBody& error) {
    if (!m.allowed.empty())
        return error(405, "Method Not Allowed");
    return error(404, "Not Found");
}

http::Response call(const http::Route& route, const http::Request& req, const http::Context& ctx,
                    const ErrorBody& error) {
    try {
        return route.handler(req, ctx);
    } catch (const std::exception& e) {
        return error(500, e.what());
    }
}

http::Response route(const http::Router& router, http::Request& req, const ErrorBody& error) {
    const http::Match m = router.match(req);
    if (!m.route)
        return unrouted(m, error);
    return call(*m.route, req, http::Context{}, error);
}

}  // namespace sb::emulators::common
