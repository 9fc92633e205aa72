#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "emulators/common/delivery_queue.hpp"

// Shoplazza webhook subscriptions and signed deliveries with Shoplazza's retry schedule
// (19 tries over about two days), compressible for tests.
namespace sb::emulators::shoplazza {

struct WebhookOptions {
    std::string secret;  // the app's client secret
    std::string shop_domain;
    std::string api_version = "2022-01";
    double retry_scale = 1.0;
    std::chrono::milliseconds timeout{5000};
};

struct Subscription {
    std::string id;
    std::string topic;
    std::string address;
    std::int64_t created_at = 0;  // ms
};

class Webhooks {
  public:
    explicit Webhooks(WebhookOptions options);
    ~Webhooks();
    Webhooks(const Webhooks&) = delete;
    Webhooks& operator=(const Webhooks&) = delete;

    void start();
    void stop();

    Subscription subscribe(const std::string& topic, const std::string& address);
    bool unsubscribe(const std::string& id);
    std::vector<Subscription> subscriptions() const;

    // One delivery per subscription to `topic`; `body` is the raw JSON text.
    void publish(const std::string& topic, const std::string& body);
    void set_faults(double drop_rate, double duplicate_rate);
    common::DeliveryStats stats() const;

    static bool known_topic(const std::string& topic);
    // The read scope a subscription to `topic` needs; "" when none.
    static std::string scope_for(const std::string& topic);

  private:
    WebhookOptions options_;
    mutable std::mutex mutex_;
    common::DeliveryQueue queue_;
    std::map<std::string, Subscription> subs_;
};

}  // namespace sb::emulators::shoplazza
