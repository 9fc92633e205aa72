// WooCommerce's REST API key grant (/wc-auth/v1/authorize), the connector's side of the
// install: the merchant names the site, approves the hub there, and the site POSTs a new key
// pair to the hub's callback before it sends the browser back. No app of the hub's exists at
// WooCommerce, so there is no code to exchange and no app secret.
#include <boost/json/parse.hpp>

#include "connectors/common/json_util.hpp"
#include "connectors/woocommerce/woocommerce_connector.hpp"
#include "core/error.hpp"
#include "crypto/crypto.hpp"

namespace sb::connectors {

namespace json = boost::json;

namespace {

constexpr const char* k_app_name = "Storebridge";

[[noreturn]] void bad_delivery(const std::string& what) {
    throw ApiError(Errc::invalid_request, "The key delivery was refused", what);
}

}  // namespace

bool WooCommerceConnector::valid_store(std::string_view store) const {
    return !check_woocommerce_site_url(store);
}

std::string WooCommerceConnector::authorize_url(const InstallStart& start) {
    // WooCommerce sends the keys only to an https callback; the emulator may take http.
    if (options_.base_url_override.empty() && start.redirect_uri.rfind("https://", 0) != 0) {
        throw ApiError(Errc::provider_not_configured,
                       "WooCommerce sends the keys only to an https address",
                       "Serve the hub on an https public URL to install WooCommerce sites.");
    }
    const std::string base = options_.base_url_override.empty() ? normalize_site_url(start.store)
                                                                : options_.base_url_override;
    // The callback gets the keys (POST); the browser comes back to the same address (GET).
    return base + "/wc-auth/v1/authorize?app_name=" + crypto::percent_encode(k_app_name) +
           "&scope=read_write&user_id=" + crypto::percent_encode(start.state) +
           "&return_url=" + crypto::percent_encode(start.redirect_uri) +
           "&callback_url=" + crypto::percent_encode(start.redirect_uri);
}

InstallCallback WooCommerceConnector::verify_callback(const AppCredentials&, const QueryParams&,
                                                      std::int64_t) {
    throw ApiError(Errc::invalid_request, "The install callback was refused",
                   "WooCommerce's key grant sends keys, not an authorization code.");
}

domain::FieldMap WooCommerceConnector::exchange_code(const AppCredentials&,
                                                     const InstallCallback&) {
    throw ApiError(Errc::invalid_request, "The install callback was refused",
                   "WooCommerce's key grant sends keys, not an authorization code.");
}

std::optional<std::string> WooCommerceConnector::delivery_state(std::string_view body) const {
    boost::system::error_code ec;
    const auto v = json::parse(body, ec);
    if (ec || !v.is_object())
        return std::nullopt;
    auto state = jsonu::str(v.as_object(), "user_id");
    if (!state || state->empty())
        return std::nullopt;
    return state;
}

domain::FieldMap WooCommerceConnector::accept_delivery(const std::string& store,
                                                       std::string_view body) {
    boost::system::error_code ec;
    const auto v = json::parse(body, ec);
    if (ec || !v.is_object())
        bad_delivery("The body is not a JSON object.");
    const auto& o = v.as_object();
    const std::string key = jsonu::str(o, "consumer_key").value_or("");
    const std::string secret = jsonu::str(o, "consumer_secret").value_or("");
    if (key.rfind("ck_", 0) != 0 || secret.rfind("cs_", 0) != 0 || key.size() > 200 ||
        secret.size() > 200)
        bad_delivery("consumer_key and consumer_secret must be WooCommerce's ck_ / cs_ keys.");
    // The hub asks for read_write; a key that cannot write would fail the write-backs later.
    if (jsonu::str(o, "key_permissions").value_or("") != "read_write")
        bad_delivery("The key must have read_write permissions.");
    domain::FieldMap credentials{{"site_url", normalize_site_url(store)},
                                 {"consumer_key", key},
                                 {"consumer_secret", secret}};
    // One signed read: keys the site does not take are refused now, not at the first sync.
    domain::Integration probe;
    probe.connector_id = id();
    probe.credentials = credentials;
    rest(probe).get("system_status");
    return credentials;
}

std::optional<KeyGrantReturn> WooCommerceConnector::key_grant_return(
    const QueryParams& query) const {
    std::optional<std::string> success, state;
    for (const auto& [k, v] : query) {
        if (k == "code")
            return std::nullopt;  // an authorization code: not WooCommerce's return
        if (k == "success")
            success = v;
        else if (k == "user_id")
            state = v;
    }
    if (!success || !state)
        return std::nullopt;
    return KeyGrantReturn{*state, *success == "1"};
}

}  // namespace sb::connectors
