#include "emulators/shoplazza/webhooks/webhooks.hpp"

#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "emulators/common/signing.hpp"

namespace sb::emulators::shoplazza {

namespace {

// Delay before try n+1 (seconds): 1, 2, 2, 5, 20, 30 minutes, 1 h, 2 h, then 4 h eleven
// times — 19 tries over about two days, as Shoplazza documents.
std::vector<int> retry_schedule() {
    std::vector<int> s{60, 120, 120, 300, 1200, 1800, 3600, 7200};
    s.insert(s.end(), 10, 14'400);
    return s;
}

const char* const k_topics[] = {"orders/create",    "orders/updated",   "orders/cancelled",
                                "orders/paid",      "orders/fulfilled", "orders/delete",
                                "products/create",  "products/update",  "products/delete",
                                "customers/create", "customers/update", "customers/delete",
                                "shop/update",      "app/uninstalled"};

common::DeliveryOptions delivery_options(const WebhookOptions& o) {
    common::DeliveryOptions d;
    d.retry_schedule_s = retry_schedule();
    d.retry_scale = o.retry_scale;
    d.timeout = o.timeout;
    return d;
}

std::string uuid() {
    const std::string h = crypto::hex_encode(crypto::random_bytes(16));
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
           "-" + h.substr(20);
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

bool Webhooks::known_topic(const std::string& topic) {
    for (const char* t : k_topics) {
        if (topic == t)
            return true;
    }
    return false;
}

std::string Webhooks::scope_for(const std::string& topic) {
    if (topic.rfind("orders/", 0) == 0)
        return "read_order";
    if (topic.rfind("products/", 0) == 0)
        return "read_product";
    if (topic.rfind("customers/", 0) == 0)
        return "read_customer";
    if (topic == "shop/update")
        return "read_shop";
    return "";
}

Subscription Webhooks::subscribe(const std::string& topic, const std::string& address) {
    std::lock_guard lock(mutex_);
    Subscription s{uuid(), topic, address, now_ms() / 1000 * 1000};
    subs_[s.id] = s;
    return s;
}

bool Webhooks::unsubscribe(const std::string& id) {
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

void Webhooks::set_faults(double drop, double dup) {
    queue_.set_faults(drop, dup);
}

common::DeliveryStats Webhooks::stats() const {
    return queue_.stats();
}

void Webhooks::publish(const std::string& topic, const std::string& body) {
    std::vector<std::string> addresses;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, s] : subs_) {
            if (s.topic == topic)
                addresses.push_back(s.address);
        }
    }
    const std::string hmac = common::webhook_hmac(body, options_.secret);
    for (const auto& a : addresses) {
        queue_.enqueue({a,
                        topic,
                        body,
                        {{"Content-Type", "application/json"},
                         {"User-Agent", "Shoplazza-Webhook"},
                         {"X-Shoplazza-Topic", topic},
                         {"X-Shoplazza-Hmac-Sha256", hmac},
                         {"X-Shoplazza-Shop-Domain", options_.shop_domain},
                         {"X-Shoplazza-Api-Version", options_.api_version},
                         {"X-Shoplazza-Deduplication-ID", uuid()}}});
    }
}

}  // namespace sb::emulators::shoplazza
