#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <thread>
#include <vector>

// Outbound webhooks: subscriptions, signed REST-shaped deliveries and Shopify's retry
// schedule (8 tries over about 4 hours), compressible for tests.
namespace sb::emulators::shopify {

struct WebhookOptions {
    std::string secret;
    std::string shop_domain;
    std::string api_version;
    std::string default_url;      // --webhook-url: subscribed to every topic
    double retry_scale = 1.0;     // 0.001 turns 4 hours into ~14 seconds
    double drop_rate = 0.0;       // deliveries silently not sent (tests of reconciliation)
    double duplicate_rate = 0.0;  // deliveries sent twice with the same webhook id
    std::chrono::milliseconds timeout{5000};  // Shopify waits 5 s for a response
};

struct Subscription {
    std::int64_t id = 0;
    std::string topic;  // "orders/create"
    std::string callback_url;
    std::string format = "JSON";
    std::int64_t created_at = 0;
};

struct WebhookStats {
    std::int64_t published = 0;
    std::int64_t delivered = 0;
    std::int64_t failed_attempts = 0;
    std::int64_t abandoned = 0;
    std::int64_t dropped = 0;
    std::int64_t duplicated = 0;
    std::int64_t pending = 0;
};

class Webhooks {
  public:
    explicit Webhooks(WebhookOptions options);
    ~Webhooks();
    Webhooks(const Webhooks&) = delete;
    Webhooks& operator=(const Webhooks&) = delete;

    void start();
    void stop();

    Subscription subscribe(const std::string& topic, const std::string& url,
                           const std::string& format = "JSON");
    bool unsubscribe(std::int64_t id);
    std::vector<Subscription> subscriptions() const;
    std::optional<Subscription> subscription(std::int64_t id) const;

    // Queues one delivery per matching subscription. `body` is the raw JSON text.
    void publish(const std::string& topic, const std::string& body);
    void set_faults(double drop_rate, double duplicate_rate);
    WebhookStats stats() const;

    // REST topic "orders/create" ↔ GraphQL enum ORDERS_CREATE.
    static std::string topic_from_enum(const std::string& e);
    static std::string topic_to_enum(const std::string& t);
    static bool known_topic(const std::string& t);

  private:
    struct Delivery {
        std::chrono::steady_clock::time_point due;
        std::string url;
        std::string topic;
        std::string body;
        std::string webhook_id;
        std::string event_id;
        std::string triggered_at;
        int attempt = 0;
        bool operator>(const Delivery& o) const { return due > o.due; }
    };
    void loop();
    void attempt(Delivery d);

    WebhookOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::priority_queue<Delivery, std::vector<Delivery>, std::greater<>> queue_;
    std::map<std::int64_t, Subscription> subs_;
    std::int64_t next_sub_ = 1'300'000'000;
    WebhookStats stats_;
    bool stopping_ = false;
    std::thread worker_;
    std::uint64_t rng_ = 0x2545F4914F6CDD1DULL;
};

}  // namespace sb::emulators::shopify
