#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace sb::http {
class Server;
}

namespace sb::test {

// A webhook endpoint on 127.0.0.1 port 0 that records every request it gets, in order, and
// answers the first `fail_first` of them with 500 so that a sender's retries can be seen.
class WebhookReceiver {
  public:
    explicit WebhookReceiver(int fail_first = 0);
    ~WebhookReceiver();
    WebhookReceiver(const WebhookReceiver&) = delete;
    WebhookReceiver& operator=(const WebhookReceiver&) = delete;

    std::string url() const;  // http://127.0.0.1:PORT/hooks
    // While failing, every request is recorded and answered 503 (an outage).
    void set_failing(bool failing);
    std::size_t count() const;
    std::vector<http::Request> requests() const;  // a copy: deliveries may still arrive

  private:
    http::Response record(const http::Request& req);

    mutable std::mutex mutex_;
    std::vector<http::Request> got_;
    int fail_first_;
    bool failing_ = false;
    std::unique_ptr<http::Server> server_;  // last: stops before the rest goes away
};

}  // namespace sb::test
