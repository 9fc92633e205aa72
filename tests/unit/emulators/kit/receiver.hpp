#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/server.hpp"

// A webhook endpoint on 127.0.0.1 port 0 that records every request with the time it arrived
// and answers the status `status_for(n)` gives the n-th one (0-based).
namespace sb::emulators::common::testing {

class TimedReceiver {
  public:
    struct Hit {
        http::Request request;
        std::chrono::steady_clock::time_point at;
    };

    explicit TimedReceiver(std::function<int(std::size_t n)> status_for)
        : status_for_(std::move(status_for)) {
        http::ServerOptions so;
        so.port = 0;
        server_ = std::make_unique<http::Server>(so, [this](http::Request& req) {
            std::lock_guard lock(mutex_);
            const int status = status_for_(hits_.size());
            hits_.push_back({req, std::chrono::steady_clock::now()});
            return http::Response::text(status, "");
        });
        server_->start();
    }

    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(server_->port()) + "/hooks";
    }
    std::vector<Hit> hits() const {
        std::lock_guard lock(mutex_);
        return hits_;
    }
    std::size_t count() const {
        std::lock_guard lock(mutex_);
        return hits_.size();
    }

  private:
    std::function<int(std::size_t)> status_for_;
    mutable std::mutex mutex_;
    std::vector<Hit> hits_;
    std::unique_ptr<http::Server> server_;  // last: stops before the rest goes away
};

inline std::function<int(std::size_t)> fail_first(std::size_t n) {
    return [n](std::size_t i) { return i < n ? 500 : 200; };
}

}  // namespace sb::emulators::common::testing
