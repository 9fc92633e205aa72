#include "emulators/shoplazza/webhooks/webhooks.hpp"

#include "emulators/common/signing.hpp"
#include "emulators/common/tokens.hpp"

namespace sb::emulators::shoplazza {

namespace {

// Delay before try n+1 (seconds): 1, 2, 2, 5, 20, 30 minutes, 1 h, 2 h, then 4 h ten
// times — 19 tries over about two days, as Shoplazza documents.
std::vector<int> retry_schedule() {
    std::vector<int> s{60, 120, 120, 300, 1200, 1800, 3600, 7200};
    s.insert(s.end(), 10, 14'400);
    return s;
}

const std::vector<std::string> k_topics = {
    "orders/create",    "orders/updated",   "orders/cancelled", "orders/paid",
    "orders/fulfilled", "orders/delete",    "products/create",  "products/update",
    "products/delete",  "customers/create", "customers/update", "customers/delete",
    "shop/update",      "app/uninstalled"};

const char* const k_api_version = "2022-01";

}  // namespace

common::WebhookOptions webhook_options(const EmulatorOptions& o) {
    common::WebhookOptions w;
    w.topics = k_topics;
    w.retry_schedule_s = retry_schedule();
    w.retry_scale = o.webhook_retry_scale;
    w.next_id = [] { return common::random_uuid(); };
    w.user_agent = "Shoplazza-Webhook";
    w.sign = common::webhook_signer(o.client_secret);
    w.headers = [shop = o.shop_domain](const common::WebhookEvent& e) {
        return common::Headers{{"X-Shoplazza-Topic", e.topic},
                               {"X-Shoplazza-Hmac-Sha256", e.signature},
                               {"X-Shoplazza-Shop-Domain", shop},
                               {"X-Shoplazza-Api-Version", k_api_version},
                               {"X-Shoplazza-Deduplication-ID", common::random_uuid()}};
    };
    return w;
}

std::string scope_for_topic(const std::string& topic) {
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

}  // namespace sb::emulators::shoplazza
