#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulators/common/webhooks.hpp"
#include "emulators/woocommerce/emulator.hpp"

// WooCommerce's webhooks on the kit's delivery. A webhook (/wp-json/wc/v3/webhooks) has its own
// topic, secret and status; the kit holds one subscription per webhook, to the topic
// "webhook:<id>", so that each delivery is signed with its webhook's secret and carries its
// id. WooCommerce does not retry: one try per delivery, and a webhook whose deliveries fail more
// than 5 times in a row is disabled (the kit's deactivation, read back as status "disabled").
namespace sb::emulators::woocommerce {

struct Webhook {
    std::int64_t id = 0;
    std::string name, topic, delivery_url, secret;
    std::string status = "active";  // as last set: active | paused | disabled
    std::int64_t date_created = 0, date_modified = 0;
    std::string subscription_id;  // the kit's
};

// The site's webhooks by id, and the site URL their deliveries name as source.
class WebhookTable {
  public:
    Webhook add(Webhook w);  // gives it the next id
    std::optional<Webhook> get(std::int64_t id) const;
    std::vector<Webhook> all() const;
    bool put(const Webhook& w);
    bool remove(std::int64_t id);
    std::vector<Webhook> on_topic(const std::string& topic) const;

    void set_source(std::string site_url);
    std::string source() const;  // the site URL with a trailing slash

  private:
    mutable std::mutex mutex_;
    std::vector<Webhook> hooks_;
    std::int64_t next_id_ = 1;
    std::string source_;
};

// The kit's topic for a webhook's subscription.
std::string webhook_topic(std::int64_t webhook_id);

// Consecutive failed deliveries after which a webhook is disabled: WooCommerce disables it once
// failure_count exceeds woocommerce_max_webhook_delivery_failures (5).
inline constexpr int k_failures_before_disable = 6;

common::WebhookOptions webhook_options(const EmulatorOptions& o,
                                       std::shared_ptr<WebhookTable> hooks);

// Topics a webhook may name: resource.event for coupon, customer, order and product, or a custom
// `action.<hook>` (accepted, never fired by the emulator).
bool valid_topic(const std::string& topic);
// "order.updated" → "order"; "action.x" → "action".
std::string topic_resource(const std::string& topic);
std::string topic_event(const std::string& topic);

// base64 of the raw HMAC-SHA256 of the body keyed with the webhook's secret.
std::string webhook_signature(std::string_view body, std::string_view secret);
std::string user_agent();

}  // namespace sb::emulators::woocommerce
