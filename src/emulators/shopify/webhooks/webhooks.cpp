#include "emulators/shopify/webhooks/webhooks.hpp"

#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "emulators/shopify/auth/signing.hpp"
#include "emulators/shopify/data/rng.hpp"

namespace sb::emulators::shopify {

namespace {

// Delay before try n+1 (seconds). 8 tries spread over ~4 hours, like Shopify's.
const std::vector<int> k_schedule_s = {10, 60, 300, 900, 1800, 3600, 7200};

const char* const k_topics[] = {"orders/create",
                                "orders/updated",
                                "orders/cancelled",
                                "orders/fulfilled",
                                "orders/paid",
                                "orders/delete",
                                "fulfillments/create",
                                "fulfillments/update",
                                "inventory_levels/update",
                                "inventory_levels/connect",
                                "products/create",
                                "products/update",
                                "products/delete",
                                "customers/create",
                                "customers/update",
                                "customers/delete",
                                "app/uninstalled",
                                "customers/redact",
                                "shop/redact",
                                "customers/data_request",
                                "bulk_operations/finish",
                                "refunds/create",
                                "checkouts/create",
                                "checkouts/update",
                                "shop/update",
                                "locations/update"};

common::DeliveryOptions delivery_options(const WebhookOptions& o) {
    common::DeliveryOptions d;
    d.retry_schedule_s = k_schedule_s;
    d.retry_scale = o.retry_scale;
    d.drop_rate = o.drop_rate;
    d.duplicate_rate = o.duplicate_rate;
    d.timeout = o.timeout;
    return d;
}

}  // namespace

Webhooks::Webhooks(WebhookOptions options)
    : options_(std::move(options)), queue_(delivery_options(options_)) {}

Webhooks::~Webhooks() {
    stop();
}

void Webhooks::start() {
    queue_.start();
}

void Webhooks::stop() {
    queue_.stop();
}

std::string Webhooks::topic_from_enum(const std::string& e) {
    for (const char* t : k_topics) {
        if (topic_to_enum(t) == e)
            return t;
    }
    return {};
}

std::string Webhooks::topic_to_enum(const std::string& t) {
    std::string out;
    for (char c : t)
        out += c == '/' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool Webhooks::known_topic(const std::string& t) {
    for (const char* k : k_topics) {
        if (t == k)
            return true;
    }
    return false;
}

Subscription Webhooks::subscribe(const std::string& topic, const std::string& url,
                                 const std::string& format) {
    std::lock_guard lock(mutex_);
    Subscription s{++next_sub_, topic, url, format, now_ms()};
    subs_[s.id] = s;
    return s;
}

bool Webhooks::unsubscribe(std::int64_t id) {
    std::lock_guard lock(mutex_);
    return subs_.erase(id) > 0;
}

std::vector<Subscription> Webhooks::subscriptions() const {
    std::lock_guard lock(mutex_);
    std::vector<Subscription> out;
    for (const auto& [id, s] : subs_)
        out.push_back(s);
    return out;
}

std::optional<Subscription> Webhooks::subscription(std::int64_t id) const {
    std::lock_guard lock(mutex_);
    auto it = subs_.find(id);
    if (it == subs_.end())
        return std::nullopt;
    return it->second;
}

void Webhooks::set_faults(double drop, double dup) {
    queue_.set_faults(drop, dup);
}

WebhookStats Webhooks::stats() const {
    return queue_.stats();
}

void Webhooks::publish(const std::string& topic, const std::string& body) {
    std::vector<std::string> urls;
    std::string event;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, s] : subs_) {
            if (s.topic == topic)
                urls.push_back(s.callback_url);
        }
        if (!options_.default_url.empty())
            urls.push_back(options_.default_url);
        event = std::to_string(mix64(rng_++) % 9'000'000'000ULL + 1'000'000'000ULL);
    }
    const std::string triggered = format_time(now_ms());
    const std::string hmac = webhook_hmac(body, options_.secret);
    for (const auto& u : urls) {
        queue_.enqueue({u,
                        topic,
                        body,
                        {{"Content-Type", "application/json"},
                         {"User-Agent", "Shopify-Captain-Hook"},
                         {"X-Shopify-Topic", topic},
                         {"X-Shopify-Hmac-Sha256", hmac},
                         {"X-Shopify-Shop-Domain", options_.shop_domain},
                         {"X-Shopify-API-Version", options_.api_version},
                         {"X-Shopify-Webhook-Id", crypto::random_token(16)},
                         {"X-Shopify-Event-Id", event},
                         {"X-Shopify-Triggered-At", triggered}}});
    }
}

}  // namespace sb::emulators::shopify
