#include "emulators/bigcommerce/webhooks/webhooks.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "crypto/crypto.hpp"

namespace sb::emulators::bigcommerce {

namespace json = boost::json;

namespace {

// Seconds before try n+1 (PLATFORMS.md §1.7): eleven retries over about two days.
const std::vector<int> k_retry_schedule_s = {60,   180,  300,   600,   900,  1800,
                                             3600, 7200, 21600, 50400, 86400};

const char* const k_hook_prefix = "hook:";

}  // namespace

Hook HookTable::add(Hook h) {
    std::lock_guard lock(mutex_);
    h.id = next_id_++;
    hooks_.push_back(h);
    return h;
}

std::optional<Hook> HookTable::get(std::int64_t id) const {
    std::lock_guard lock(mutex_);
    for (const auto& h : hooks_) {
        if (h.id == id)
            return h;
    }
    return std::nullopt;
}

std::vector<Hook> HookTable::all() const {
    std::lock_guard lock(mutex_);
    return hooks_;
}

bool HookTable::put(const Hook& h) {
    std::lock_guard lock(mutex_);
    for (auto& x : hooks_) {
        if (x.id == h.id) {
            x = h;
            return true;
        }
    }
    return false;
}

bool HookTable::remove(std::int64_t id) {
    std::lock_guard lock(mutex_);
    const auto n = std::erase_if(hooks_, [id](const Hook& h) { return h.id == id; });
    return n > 0;
}

std::vector<Hook> HookTable::clear() {
    std::lock_guard lock(mutex_);
    return std::exchange(hooks_, {});
}

std::vector<Hook> HookTable::matching(const std::string& scope) const {
    std::lock_guard lock(mutex_);
    std::vector<Hook> out;
    for (const auto& h : hooks_) {
        if (scope_matches(h.scope, scope))
            out.push_back(h);
    }
    return out;
}

std::string hook_topic(std::int64_t hook_id) {
    return k_hook_prefix + std::to_string(hook_id);
}

common::WebhookOptions webhook_options(const EmulatorOptions& o, std::shared_ptr<HookTable> hooks) {
    common::WebhookOptions w;
    w.topics = hook_scopes();
    w.retry_schedule_s = k_retry_schedule_s;
    w.retry_scale = o.webhook_retry_scale;
    w.deactivate_after_abandoned = 1;
    w.next_id = [n = std::make_shared<std::int64_t>(0)] { return std::to_string(++*n); };
    w.user_agent = "BigCommerce-Webhooks";
    w.sign = [](const std::string&) { return std::string(); };  // signed per delivery below
    w.headers = [hooks, secret = o.client_secret,
                 hash = o.store_hash](const common::WebhookEvent& e) {
        const std::string id = "msg_" + hash + "_" + std::to_string(e.sequence + 1);
        const std::int64_t ts = e.published_at / 1000;
        common::Headers h{
            {"webhook-id", id},
            {"webhook-timestamp", std::to_string(ts)},
            {"webhook-signature", standard_webhook_signature(secret, id, ts, e.body)}};
        if (e.topic.rfind(k_hook_prefix, 0) == 0) {
            const auto hook =
                hooks->get(std::stoll(e.topic.substr(std::string(k_hook_prefix).size())));
            if (hook && hook->headers) {
                for (const auto& kv : *hook->headers)
                    h.push_back(kv);
            }
        }
        return h;
    };
    return w;
}

const std::vector<std::string>& hook_scopes() {
    static const std::vector<std::string> s{
        "store/order/created",    "store/order/updated",
        "store/order/archived",   "store/order/statusUpdated",
        "store/product/created",  "store/product/updated",
        "store/product/deleted",  "store/product/inventory/updated",
        "store/sku/created",      "store/sku/updated",
        "store/sku/deleted",      "store/sku/inventory/updated",
        "store/customer/created", "store/customer/updated",
        "store/customer/deleted", "store/shipment/created",
        "store/shipment/updated", "store/shipment/deleted",
        "store/app/uninstalled",  "store/information/updated"};
    return s;
}

bool scope_matches(const std::string& pattern, const std::string& scope) {
    if (pattern.size() >= 2 && pattern.compare(pattern.size() - 2, 2, "/*") == 0)
        return scope.rfind(pattern.substr(0, pattern.size() - 1), 0) == 0;
    return pattern == scope;
}

bool valid_hook_scope(const std::string& scope) {
    const auto& all = hook_scopes();
    return std::any_of(all.begin(), all.end(),
                       [&](const std::string& s) { return scope_matches(scope, s); });
}

std::string token_scope_for_hook(const std::string& scope) {
    auto under = [&](const char* prefix) { return scope.rfind(prefix, 0) == 0; };
    if (under("store/order/") || under("store/shipment/"))
        return "store_v2_orders_read_only";
    if (under("store/product/") || under("store/sku/"))
        return "store_v2_products_read_only";
    if (under("store/customer/"))
        return "store_v2_customers_read_only";
    if (under("store/information/"))
        return "store_v2_information_read_only";
    return "";
}

std::string standard_webhook_signature(std::string_view key, std::string_view id,
                                       std::int64_t timestamp, std::string_view body) {
    std::string message(id);
    message += '.';
    message += std::to_string(timestamp);
    message += '.';
    message += body;
    return "v1," + crypto::base64_encode(crypto::hmac_sha256(key, message));
}

// The payload hash BigCommerce sends for deduplication; crypto/ offers no SHA-1, so OpenSSL's
// one-shot digest is called here directly.
std::string sha1_hex(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(data.data(), data.size(), md, &n, EVP_sha1(), nullptr);
    return crypto::hex_encode(std::string_view(reinterpret_cast<const char*>(md), n));
}

std::string signed_payload_jwt(const CallbackClaims& c, std::string_view client_secret) {
    const std::string header = R"({"typ":"JWT","alg":"HS256"})";
    json::object claims{{"aud", c.aud},
                        {"iss", "bc"},
                        {"iat", c.iat},
                        {"nbf", c.iat},
                        {"exp", c.iat + 86'400},
                        {"jti", c.jti},
                        {"sub", c.sub},
                        {"user", json::object{{"id", c.user_id}, {"email", c.user_email}}},
                        {"owner", json::object{{"id", c.owner_id}, {"email", c.owner_email}}},
                        {"url", c.url},
                        {"channel_id", nullptr}};
    const std::string signing_input =
        crypto::base64url_encode(header) + "." + crypto::base64url_encode(json::serialize(claims));
    return signing_input + "." +
           crypto::base64url_encode(crypto::hmac_sha256(client_secret, signing_input));
}

}  // namespace sb::emulators::bigcommerce
