#include "emulators/shopify/webhooks/webhooks.hpp"

#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "emulators/shopify/auth/signing.hpp"
#include "emulators/shopify/data/rng.hpp"
#include "emulators/shopify/webhooks/http_post.hpp"
#include "log/logger.hpp"

namespace sb::emulators::shopify {

namespace {

// Delay before try n+1 (seconds). 8 tries spread over ~4 hours, like Shopify's.
constexpr int k_schedule_s[] = {10, 60, 300, 900, 1800, 3600, 7200};
constexpr int k_max_tries = 8;

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

}  // namespace

Webhooks::Webhooks(WebhookOptions options) : options_(std::move(options)) {}

Webhooks::~Webhooks() {
    stop();
}

void Webhooks::start() {
    std::lock_guard lock(mutex_);
    if (worker_.joinable())
        return;
    stopping_ = false;
    worker_ = std::thread([this] { loop(); });
}

void Webhooks::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable())
        worker_.join();
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
    std::lock_guard lock(mutex_);
    options_.drop_rate = drop;
    options_.duplicate_rate = dup;
}

WebhookStats Webhooks::stats() const {
    std::lock_guard lock(mutex_);
    WebhookStats s = stats_;
    s.pending = static_cast<std::int64_t>(queue_.size());
    return s;
}

void Webhooks::publish(const std::string& topic, const std::string& body) {
    std::vector<std::string> urls;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, s] : subs_) {
            if (s.topic == topic)
                urls.push_back(s.callback_url);
        }
        if (!options_.default_url.empty())
            urls.push_back(options_.default_url);
        const std::string triggered = format_time(now_ms());
        const std::string event =
            std::to_string(mix64(rng_++) % 9'000'000'000ULL + 1'000'000'000ULL);
        for (const auto& u : urls) {
            ++stats_.published;
            const double roll = static_cast<double>(mix64(rng_++) >> 11) * 0x1.0p-53;
            if (roll < options_.drop_rate) {
                ++stats_.dropped;
                continue;
            }
            Delivery d{std::chrono::steady_clock::now(), u,     topic,     body,
                       crypto::random_token(16),         event, triggered, 0};
            const double roll2 = static_cast<double>(mix64(rng_++) >> 11) * 0x1.0p-53;
            if (roll2 < options_.duplicate_rate) {
                ++stats_.duplicated;
                queue_.push(d);  // same webhook id: receivers must de-duplicate
            }
            queue_.push(std::move(d));
        }
    }
    wake_.notify_all();
}

void Webhooks::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (queue_.empty()) {
            wake_.wait(lock);
            continue;
        }
        const auto due = queue_.top().due;
        if (due > std::chrono::steady_clock::now()) {
            wake_.wait_until(lock, due);
            continue;
        }
        Delivery d = queue_.top();
        queue_.pop();
        lock.unlock();
        attempt(std::move(d));
        lock.lock();
    }
}

void Webhooks::attempt(Delivery d) {
    std::vector<std::pair<std::string, std::string>> headers{
        {"Content-Type", "application/json"},
        {"X-Shopify-Topic", d.topic},
        {"X-Shopify-Hmac-Sha256", webhook_hmac(d.body, options_.secret)},
        {"X-Shopify-Shop-Domain", options_.shop_domain},
        {"X-Shopify-API-Version", options_.api_version},
        {"X-Shopify-Webhook-Id", d.webhook_id},
        {"X-Shopify-Event-Id", d.event_id},
        {"X-Shopify-Triggered-At", d.triggered_at},
    };
    const PostResult r = http_post(d.url, headers, d.body, options_.timeout);
    std::lock_guard lock(mutex_);
    if (r.status >= 200 && r.status < 300) {
        ++stats_.delivered;
        return;
    }
    ++stats_.failed_attempts;
    ++d.attempt;
    if (d.attempt >= k_max_tries) {
        ++stats_.abandoned;
        log::warn("emulator_webhook_abandoned", {{"topic", d.topic}, {"url", d.url}});
        return;
    }
    const double delay_s = k_schedule_s[d.attempt - 1] * options_.retry_scale;
    d.due = std::chrono::steady_clock::now() +
            std::chrono::milliseconds(static_cast<std::int64_t>(delay_s * 1000));
    queue_.push(std::move(d));
}

}  // namespace sb::emulators::shopify
