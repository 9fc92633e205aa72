#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "emulators/common/delivery_queue.hpp"

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

using WebhookStats = common::DeliveryStats;

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
    WebhookOptions options_;
    mutable std::mutex mutex_;
    common::DeliveryQueue queue_;
    std::map<std::int64_t, Subscription> subs_;
    std::int64_t next_sub_ = 1'300'000'000;
    std::uint64_t rng_ = 0x2545F4914F6CDD1DULL;
};

}  // namespace sb::emulators::shopify
