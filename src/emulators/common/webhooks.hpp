#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emulators/common/delivery_queue.hpp"

// An emulated platform's outbound webhooks: subscriptions, signed deliveries on the platform's
// retry schedule (compressible for tests), drop and duplicate faults, and optionally the
// deactivation of a subscription whose deliveries keep being abandoned. The platform supplies
// its topics, ids, signature and headers (make_webhooks in emulators/<platform>/webhooks/).
namespace sb::emulators::common {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct WebhookSubscription {
    std::string id;  // the platform's id as text: "1300000001", a UUID, …
    std::string topic;
    std::string url;
    std::string format = "JSON";
    std::int64_t created_at = 0;  // ms
    bool active = true;           // false once deactivated: nothing is sent to it
};

// One publish of a topic, as the platform's header function sees it for each delivery.
struct WebhookEvent {
    const std::string& topic;
    const std::string& body;
    const std::string& signature;   // sign(body), once per publish
    std::uint64_t sequence = 0;     // 0, 1, 2… per emulator: deterministic event ids
    std::int64_t published_at = 0;  // ms
};

struct WebhookOptions {
    std::vector<std::string> topics;    // what known_topic accepts
    std::vector<int> retry_schedule_s;  // delay before try n+1; tries = size() + 1
    double retry_scale = 1.0;
    std::chrono::milliseconds timeout{5000};
    double drop_rate = 0.0;
    double duplicate_rate = 0.0;
    std::string default_url;  // receives every topic, besides the subscriptions ("" none)
    // 0: subscriptions stay active whatever happens. N: a subscription whose last N deliveries
    // were all abandoned is deactivated (a delivered one starts the count again).
    int deactivate_after_abandoned = 0;
    std::function<std::string()> next_id;                      // a new subscription's id
    std::string user_agent;                                    // "Shopify-Captain-Hook", …
    std::function<std::string(const std::string& body)> sign;  // the signature of a body
    // A delivery's headers after Content-Type (application/json) and User-Agent: the topic,
    // the signature, ids…
    std::function<Headers(const WebhookEvent&)> headers;
};

class Webhooks {
  public:
    explicit Webhooks(WebhookOptions options);
    ~Webhooks();
    Webhooks(const Webhooks&) = delete;
    Webhooks& operator=(const Webhooks&) = delete;

    void start();
    void stop();

    WebhookSubscription subscribe(const std::string& topic, const std::string& url,
                                  const std::string& format = "JSON");
    bool unsubscribe(const std::string& id);
    // In id order.
    std::vector<WebhookSubscription> subscriptions() const;
    std::optional<WebhookSubscription> subscription(const std::string& id) const;
    // Turns a (deactivated) subscription on again, or off; false when unknown.
    bool set_active(const std::string& id, bool active);
    bool known_topic(const std::string& topic) const;

    // Queues one signed delivery per active subscription to `topic` (then the default URL).
    // `body` is the raw JSON text.
    void publish(const std::string& topic, const std::string& body);
    void set_faults(double drop_rate, double duplicate_rate);
    DeliveryStats stats() const;
    bool deactivates() const { return options_.deactivate_after_abandoned > 0; }
    std::int64_t deactivated() const;

  private:
    void settled(const Delivery& d, bool delivered);

    WebhookOptions options_;
    mutable std::mutex mutex_;
    std::map<std::string, WebhookSubscription> subs_;
    std::map<std::string, int> abandoned_in_a_row_;
    std::uint64_t sequence_ = 0;
    std::int64_t deactivated_ = 0;
    DeliveryQueue queue_;  // last: its thread stops before the rest goes
};

}  // namespace sb::emulators::common
