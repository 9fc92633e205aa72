#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/server.hpp"

// A platform on a loopback port whose answers a test scripts, for the kit's tests.
namespace sb::connectors::kit::fakes {

// Answers each request with the next scripted response (the last one again once the script is
// spent), after an optional delay, and counts what arrived.
class ScriptedPlatform {
  public:
    struct Step {
        http::Response response;
        std::chrono::milliseconds delay{0};
    };

    explicit ScriptedPlatform(std::vector<Step> script) : script_(script.begin(), script.end()) {
        http::ServerOptions so;
        so.port = 0;
        so.drain_timeout = std::chrono::seconds(2);
        server_ =
            std::make_unique<http::Server>(so, [this](http::Request& req) { return answer(req); });
        server_->start();
    }

    std::string url(const std::string& path = "/thing") const {
        return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
    }
    int requests() const { return requests_; }

  private:
    http::Response answer(const http::Request&) {
        ++requests_;
        Step step;
        {
            std::lock_guard lock(mutex_);
            step = script_.front();
            if (script_.size() > 1)
                script_.pop_front();
        }
        if (step.delay.count() > 0)
            std::this_thread::sleep_for(step.delay);
        return step.response;
    }

    std::mutex mutex_;
    std::deque<Step> script_;
    std::atomic<int> requests_{0};
    std::unique_ptr<http::Server> server_;  // last: stops before the script goes away
};

inline ScriptedPlatform::Step status(int code, std::string body = R"({"ok":true})") {
    return {http::Response::json(code, std::move(body))};
}

inline ScriptedPlatform::Step with_header(int code, std::string name, std::string value) {
    auto r = http::Response::json(code, R"({"errors":"try later"})");
    r.set_header(std::move(name), std::move(value));
    return {std::move(r)};
}

inline ScriptedPlatform::Step dropped() {
    http::Response r;
    r.abort_connection = true;
    return {std::move(r)};
}

inline ScriptedPlatform::Step slow(std::chrono::milliseconds delay) {
    return {http::Response::json(200, R"({"ok":true})"), delay};
}

}  // namespace sb::connectors::kit::fakes
