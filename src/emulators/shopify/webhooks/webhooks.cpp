#include "emulators/shopify/webhooks/webhooks.hpp"

#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "emulators/common/signing.hpp"
#include "emulators/shopify/data/rng.hpp"

namespace sb::emulators::shopify {

namespace {

// Delay before try n+1 (seconds). 8 tries spread over ~4 hours, like Shopify's.
const std::vector<int> k_schedule_s = {10, 60, 300, 900, 1800, 3600, 7200};

const std::vector<std::string> k_topics = {"orders/create",
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

// Event ids: a deterministic ten-digit number per publish.
std::string event_id(std::uint64_t sequence) {
    return std::to_string(mix64(0x2545F4914F6CDD1DULL + sequence) % 9'000'000'000ULL +
                          1'000'000'000ULL);
}

}  // namespace

common::WebhookOptions webhook_options(const EmulatorOptions& o) {
    common::WebhookOptions w;
    w.topics = k_topics;
    w.retry_schedule_s = k_schedule_s;
    w.retry_scale = o.webhook_retry_scale;
    w.default_url = o.webhook_url;
    w.next_id = [n = std::int64_t{1'300'000'000}]() mutable { return std::to_string(++n); };
    w.user_agent = "Shopify-Captain-Hook";
    w.sign = common::webhook_signer(o.api_secret);
    w.headers = [shop = o.shop_domain, version = o.api_version](const common::WebhookEvent& e) {
        return common::Headers{{"X-Shopify-Topic", e.topic},
                               {"X-Shopify-Hmac-Sha256", e.signature},
                               {"X-Shopify-Shop-Domain", shop},
                               {"X-Shopify-API-Version", version},
                               {"X-Shopify-Webhook-Id", crypto::random_token(16)},
                               {"X-Shopify-Event-Id", event_id(e.sequence)},
                               {"X-Shopify-Triggered-At", format_time(e.published_at)}};
    };
    return w;
}

std::int64_t subscription_id(const Subscription& s) {
    return std::stoll(s.id);
}

std::string topic_to_enum(const std::string& t) {
    std::string out;
    for (char c : t)
        out += c == '/' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string topic_from_enum(const std::string& e) {
    for (const auto& t : k_topics) {
        if (topic_to_enum(t) == e)
            return t;
    }
    return {};
}

}  // namespace sb::emulators::shopify
