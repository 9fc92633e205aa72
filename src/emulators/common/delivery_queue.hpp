#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <thread>
#include <utility>
#include <vector>

// Outbound webhook deliveries of an emulated platform: a worker thread POSTs each queued
// delivery and retries failures (non-2xx, transport error, timeout) on the platform's
// schedule, compressible for tests. Faults drop deliveries or send them twice.
namespace sb::emulators::common {

struct Delivery {
    std::string url;
    std::string topic;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // sent on every try
    std::string subscription_id;  // "" when no subscription asked for it
};

struct DeliveryOptions {
    std::vector<int> retry_schedule_s;  // delay before try n+1; tries = size() + 1
    double retry_scale = 1.0;           // 0.001 turns hours into seconds
    double drop_rate = 0.0;             // deliveries silently not sent
    double duplicate_rate = 0.0;        // deliveries sent twice with the same headers
    std::chrono::milliseconds timeout{5000};
    // Told once per delivery (and per duplicate) when it is delivered or abandoned after its
    // last try; called on the delivery thread, without the queue's lock.
    std::function<void(const Delivery&, bool delivered)> on_settled;
};

// The wait before try `failed_tries` + 1 once `failed_tries` tries failed; nullopt when that was
// the last try and the delivery is abandoned.
std::optional<std::chrono::milliseconds> retry_delay(const DeliveryOptions& o, int failed_tries);

struct DeliveryStats {
    std::int64_t published = 0;
    std::int64_t delivered = 0;
    std::int64_t failed_attempts = 0;
    std::int64_t abandoned = 0;
    std::int64_t dropped = 0;
    std::int64_t duplicated = 0;
    std::int64_t pending = 0;
};

class DeliveryQueue {
  public:
    explicit DeliveryQueue(DeliveryOptions options);
    ~DeliveryQueue();
    DeliveryQueue(const DeliveryQueue&) = delete;
    DeliveryQueue& operator=(const DeliveryQueue&) = delete;

    void start();
    void stop();
    void enqueue(Delivery d);
    void set_faults(double drop_rate, double duplicate_rate);
    DeliveryStats stats() const;

  private:
    struct Pending {
        std::chrono::steady_clock::time_point due;
        Delivery delivery;
        int attempt = 0;
        bool operator>(const Pending& o) const { return due > o.due; }
    };
    double roll();  // under mutex_
    void loop();
    void attempt(Pending p);

    DeliveryOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::priority_queue<Pending, std::vector<Pending>, std::greater<>> queue_;
    DeliveryStats stats_;
    bool stopping_ = false;
    std::thread worker_;
    std::uint64_t rng_ = 0x2545F4914F6CDD1DULL;
};

}  // namespace sb::emulators::common
