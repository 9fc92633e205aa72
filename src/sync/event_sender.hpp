#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "storage/event_outbox.hpp"

namespace sb::sync {

struct EventSenderOptions {
    std::chrono::milliseconds poll{250};  // how soon a new event goes out at the latest
    std::chrono::milliseconds lease{60'000};
    int batch = 32;
    int threads = 2;                            // each sends one batch at a time
    std::chrono::milliseconds timeout{10'000};  // per delivery: connect, send, answer
    // Multiplies the retry schedule (tests shrink it); 1 in production.
    double retry_scale = 1.0;
    bool allow_private_targets = false;
    std::string public_url;
    std::string node_id;                    // generated when empty
    std::chrono::hours retention{24 * 30};  // settled deliveries and their events
};

// The delay before the next attempt after `failed` attempts (1-based), before jitter and
// scale; zero once the schedule is spent (the delivery is given up, ~27 h after the first).
std::chrono::seconds event_retry_delay(std::int64_t failed);

// Webhooks out: leases due deliveries from the outbox and POSTs each event to its endpoint,
// signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature). A 2xx
// answer delivers it; anything else is retried on the schedule above, then given up.
class EventSender {
  public:
    EventSender(EventSenderOptions options, storage::EventOutbox& outbox);
    ~EventSender();
    EventSender(const EventSender&) = delete;
    EventSender& operator=(const EventSender&) = delete;

    void start();
    void stop();
    void wake();  // events were just queued

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sb::sync
