#include "connectors/bigcommerce/bigcommerce_connector.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/url.hpp>
#include <set>

#include "connectors/bigcommerce/mapping.hpp"
#include "connectors/bigcommerce/webhooks.hpp"
#include "connectors/common/json_util.hpp"
#include "connectors/kit/paging.hpp"
#include "connectors/kit/token_request.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"

namespace sb::connectors {

namespace json = boost::json;
using bigcommerce::Query;
using domain::DataType;
using domain::FieldType;

namespace {

constexpr const char* k_api_host = "https://api.bigcommerce.com";
constexpr const char* k_login_host = "https://login.bigcommerce.com";

// The store hash of api.bigcommerce.com/stores/{hash}/: 1–32 lower-case letters and digits.
bool is_store_hash(std::string_view v) {
    if (v.empty() || v.size() > 32)
        return false;
    return std::all_of(v.begin(), v.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

std::optional<std::string> check_store_hash(std::string_view v) {
    if (is_store_hash(v))
        return std::nullopt;
    return "must be the store hash of the API path (1-32 lower-case letters and digits)";
}

ConnectorInfo bigcommerce_info() {
    return {.id = "bigcommerce",
            .name = "BigCommerce",
            .auth_kind = "oauth2",
            .credential_fields = oauth_token_fields(
                {{.name = "store_hash",
                  .required = true,
                  .description = "The store hash of the API path (api.bigcommerce.com/stores/"
                                 "{store_hash}/)",
                  .max_length = 32,
                  .check = check_store_hash},
                 {.name = "access_token",
                  .secret = true,
                  .description = "API token (X-Auth-Token): set by the app install, or a "
                                 "store-level API account's token"},
                 {.name = "hook_secret",
                  .secret = true,
                  .description = "Set by the hub when it registers the store's webhooks "
                                 "without an app: the value of their X-Storebridge-Hook-Secret "
                                 "header, checked on every delivery"}}),
            .settings_fields = sync_settings_fields(),
            .store_field = "store_hash"};
}

// RFC 3339 in whole seconds, as the date filters take it (inclusive bound, so the fraction is
// dropped downwards).
std::string filter_time(std::int64_t ms) {
    std::string t = format_time(ms - ms % 1000);
    return t.substr(0, 19) + "Z";
}

using Checkpoint = kit::PageCheckpoint;

// v2's list: an array, or null for the 204 of an empty one.
json::array v2_list(const json::value& v) {
    return v.is_array() ? v.as_array() : json::array{};
}

// v3's `data` as a list.
const json::array& v3_data(const json::value& v) {
    static const json::array empty;
    if (!v.is_object())
        return empty;
    const auto* a = jsonu::arr(v.as_object(), "data");
    return a ? *a : empty;
}

bool v3_has_next(const json::value& answer, std::int64_t page, int per_page, std::size_t items) {
    kit::PageRead read{.page = page, .per_page = per_page, .items = items};
    if (answer.is_object()) {
        if (auto p = kit::meta_pagination(answer.as_object())) {
            read.total_pages = p->total_pages;
            read.total_items = p->total;
        }
    }
    return kit::has_next_page(read);
}

// An order with its products, shipping addresses and shipments: one record.
domain::Record read_order(bigcommerce::RestClient& client, json::object order) {
    const std::string id = std::to_string(jsonu::loose_int(order, "id").value_or(0));
    const std::string at = "v2/orders/" + id;
    auto products = v2_list(client.get(at + "/products", {{"limit", "250"}}));
    auto addresses = v2_list(client.get(at + "/shipping_addresses", {{"limit", "250"}}));
    auto shipments = v2_list(client.get(at + "/shipments", {{"limit", "250"}}));
    return bigcommerce::map_order(bigcommerce::assemble_order(
        std::move(order), std::move(products), std::move(addresses), std::move(shipments)));
}

std::optional<domain::Record> fetch_order(bigcommerce::RestClient& client, const std::string& id) {
    try {
        auto o = client.get("v2/orders/" + id);
        if (!o.is_object())
            return std::nullopt;
        return read_order(client, std::move(o.as_object()));
    } catch (const ApiError& e) {
        if (e.code() == Errc::not_found)
            return std::nullopt;
        throw;
    }
}

std::string text_input(const domain::FieldMap& in, std::string_view name) {
    auto it = in.find(name);
    if (it == in.end())
        return {};
    if (const auto* s = std::get_if<std::string>(&it->second))
        return *s;
    if (const auto* n = std::get_if<std::int64_t>(&it->second))
        return std::to_string(*n);
    return {};
}

// A BigCommerce id given as text: a positive integer, or validation_failed naming `field`.
std::int64_t numeric_id(const std::string& value, std::string_view field) {
    std::int64_t n = 0;
    bool ok = !value.empty() && value.size() <= 18;
    for (char c : value) {
        if (c < '0' || c > '9') {
            ok = false;
            break;
        }
        n = n * 10 + (c - '0');
    }
    if (!ok || n <= 0) {
        throw ApiError(Errc::validation_failed, "The input is invalid", "",
                       {{std::string(field), "must be a BigCommerce id (a positive integer)"}});
    }
    return n;
}

}  // namespace

BigCommerceConnector::BigCommerceConnector(BigCommerceOptions options)
    : Connector(bigcommerce_info()),
      options_(std::move(options)),
      http_(std::make_unique<http::Client>(options_.http)),
      windows_(std::make_unique<bigcommerce::WindowRegistry>()) {
    provide({.reader = this,
             .installer = this,
             .webhooks = this,
             .webhook_subscriber = this,
             .stock_writer = this,
             .platform_actions = this});
    while (!options_.base_url_override.empty() && options_.base_url_override.back() == '/')
        options_.base_url_override.pop_back();
    options_.page_size = std::clamp(options_.page_size, 1, 250);
}

std::string BigCommerceConnector::api_base(const std::string& store_hash) const {
    const std::string host =
        options_.base_url_override.empty() ? k_api_host : options_.base_url_override;
    return host + "/stores/" + store_hash;
}

bigcommerce::RestClient BigCommerceConnector::rest(const domain::Integration& integration) const {
    const std::string hash = credential_text(integration, "store_hash");
    const std::string token = credential_text(integration, "access_token");
    if (hash.empty() || token.empty()) {
        throw ApiError(Errc::platform_auth_failed, "The store is not connected yet",
                       "The integration has no store_hash or access_token");
    }
    if (!is_store_hash(hash)) {
        throw ApiError(Errc::validation_failed, "The store hash is invalid", "",
                       {{"store_hash", *check_store_hash(hash)}});
    }
    return bigcommerce::RestClient(*http_, {hash, api_base(hash), token}, options_.retry,
                                   windows_->for_store(hash));
}

std::optional<domain::FieldMap> BigCommerceConnector::api_budget(
    const domain::Integration& integration) const {
    auto snap = windows_->snapshot(credential_text(integration, "store_hash"));
    if (!snap || !snap->known)
        return std::nullopt;
    const double per_second =
        snap->window_ms > 0 ? static_cast<double>(snap->quota) * 1000.0 / snap->window_ms : 0;
    domain::FieldMap out{{"maximum", snap->quota},
                         {"available", snap->left},
                         {"restore_rate", per_second},
                         {"throttled_count", snap->throttled_count}};
    if (snap->last_throttled_at)
        out.emplace("last_throttled_at", *snap->last_throttled_at);
    return out;
}

// ---- install ----

bool BigCommerceConnector::valid_store(std::string_view store) const {
    return is_store_hash(store);
}

// BigCommerce installs an app from its own install link (an app installed from outside the
// marketplace: https://login.bigcommerce.com/app/{client_id}/install, where the merchant signs in
// and picks the store) and then calls the auth callback REGISTERED for the app in the Developer
// Portal, exactly as registered: no state of the app's own comes back, the store is named by
// `context`, and the code exchange repeats that registered URL as redirect_uri. The hub's
// callback is `{public_url}/callback/bigcommerce`; the install it finishes is the newest one
// started for that store from a connect link (InstallService).
std::string BigCommerceConnector::login_base() const {
    return options_.base_url_override.empty() ? std::string(k_login_host)
                                              : options_.base_url_override;
}

std::string BigCommerceConnector::authorize_url(const InstallStart& start) {
    boost::urls::url url(login_base());
    url.set_path("/app/" + start.app.client_id + "/install");
    return std::string(url.buffer());
}

InstallCallback BigCommerceConnector::verify_callback(const AppCredentials&,
                                                      const QueryParams& query, std::int64_t) {
    InstallCallback cb;
    std::string context;
    for (const auto& [k, v] : query) {
        if (k == "code")
            cb.code = v;
        else if (k == "context")
            context = v;
        else if (k == "scope")
            cb.scope = v;
    }
    std::string why;
    if (cb.code.empty() || context.empty() || cb.scope.empty())
        why = "missing_parameter";
    else if (context.rfind("stores/", 0) != 0 || !is_store_hash(context.substr(7)))
        why = "bad_context";
    if (!why.empty()) {
        throw ApiError(Errc::invalid_request, "The install callback was refused",
                       "BigCommerce callback check failed: " + why);
    }
    cb.store = context.substr(7);
    return cb;
}

std::optional<std::string> BigCommerceConnector::page_after_install(
    const AppCredentials& app, const QueryParams& query) const {
    for (const auto& [k, v] : query) {
        if (k == "external_install")
            return login_base() + "/app/" + app.client_id + "/install/succeeded";
    }
    return std::nullopt;
}

domain::FieldMap BigCommerceConnector::exchange_code(const AppCredentials& app,
                                                     const InstallCallback& callback) {
    json::object body{{"client_id", app.client_id},
                      {"client_secret", app.client_secret},
                      {"code", callback.code},
                      {"context", "stores/" + callback.store},
                      {"scope", callback.scope},
                      {"grant_type", "authorization_code"},
                      {"redirect_uri", callback.redirect_uri}};
    http::ClientRequest req;
    req.method = "POST";
    req.url = login_base() + "/oauth2/token";
    req.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    req.body = json::serialize(body);
    // The merchant waits in a browser meanwhile: a short policy.
    kit::RetryPolicy retry;
    retry.max_attempts = 3;
    const json::object o =
        kit::token_request(kit::PlatformClient(*http_, "BigCommerce", callback.store),
                           std::move(req), "/oauth2/token", retry);
    const std::string context = jsonu::str(o, "context").value_or("");
    if (!context.empty() && context != "stores/" + callback.store) {
        throw ApiError(Errc::platform_error, "The store answered something unusable",
                       "The token is for another store");
    }
    domain::FieldMap out;
    out.emplace("access_token", *jsonu::str(o, "access_token"));
    out.emplace("scope", jsonu::str(o, "scope").value_or(""));
    out.emplace("store_hash", callback.store);
    return out;
}

// ---- webhooks ----

std::optional<WebhookEnvelope> BigCommerceConnector::webhook_envelope(const HeaderLookup&,
                                                                      std::string_view body) const {
    return bigcommerce::webhook_envelope(body);
}

bool BigCommerceConnector::verify_webhook(const domain::Integration& integration,
                                          const AppCredentials* app, const HeaderLookup& headers,
                                          std::string_view body) const {
    if (app && !app->client_secret.empty()) {
        return bigcommerce::verify_signature(headers, body, app->client_secret,
                                             std::chrono::system_clock::now());
    }
    // No app, so no signature (PLATFORMS.md §0.1): the hooks' own header is the proof.
    return bigcommerce::verify_hook_header(headers, credential_text(integration, "hook_secret"));
}

WebhookEvent BigCommerceConnector::decode_webhook(std::string_view topic,
                                                  std::string_view body) const {
    const auto light = bigcommerce::decode_light(topic, body);
    WebhookEvent ev;
    ev.topic = std::string(topic);
    ev.kind = light.kind;
    return ev;  // the records come from the store (resolve_webhook)
}

WebhookEvent BigCommerceConnector::resolve_webhook(const domain::Integration& integration,
                                                   std::string_view topic,
                                                   std::string_view body) const {
    using F = bigcommerce::LightEvent::Fetch;
    const auto light = bigcommerce::decode_light(topic, body);
    WebhookEvent ev;
    ev.topic = std::string(topic);
    ev.kind = light.kind;
    if (light.kind != WebhookKind::records || light.fetch == F::none ||
        integration.status == domain::IntegrationStatus::revoked)
        return ev;
    if (light.fetch == F::deleted) {
        ev.records.push_back(bigcommerce::tombstone(light.type, light.id));
        return ev;
    }
    auto client = rest(integration);
    switch (light.fetch) {
        case F::order:
            if (auto r = fetch_order(client, light.id))
                ev.records.push_back(std::move(*r));
            break;
        case F::product: {
            const auto answer =
                client.get("v3/catalog/products", {{"id:in", light.id}, {"include", "variants"}});
            const auto& data = v3_data(answer);
            if (data.empty() || !data[0].is_object())
                ev.records.push_back(bigcommerce::tombstone(DataType::product, light.id));
            else
                ev.records.push_back(bigcommerce::map_product(data[0].as_object()));
            break;
        }
        case F::customer: {
            const auto answer =
                client.get("v3/customers", {{"id:in", light.id}, {"include", "addresses"}});
            const auto& data = v3_data(answer);
            if (data.empty() || !data[0].is_object())
                ev.records.push_back(bigcommerce::tombstone(DataType::customer, light.id));
            else
                ev.records.push_back(bigcommerce::map_customer(data[0].as_object()));
            break;
        }
        case F::stock: {
            const auto answer = client.get("v3/inventory/items", {{"variant_id:in", light.id}});
            for (const auto& item : v3_data(answer)) {
                if (!item.is_object())
                    continue;
                for (auto& r : bigcommerce::map_inventory_item(item.as_object()))
                    ev.records.push_back(std::move(r));
            }
            break;
        }
        default:
            break;
    }
    return ev;
}

ActionOutcome BigCommerceConnector::register_webhooks(const domain::Integration& integration,
                                                      const ActionContext& context) {
    if (context.webhook_url.empty()) {
        throw ApiError(Errc::unprocessable_entity, "The hub has no public URL",
                       "Set --public-url so the store can reach POST /webhooks/bigcommerce");
    }
    auto client = rest(integration);
    ActionOutcome out;
    // Without an app's client secret the deliveries are unsigned: each hook carries a header
    // with a secret of the integration's instead, made once and stored sealed.
    const bool signed_by_app = context.app && !context.app->client_secret.empty();
    std::string secret = credential_text(integration, "hook_secret");
    if (!signed_by_app && secret.empty()) {
        secret = crypto::random_token(32);
        out.credentials = domain::FieldMap{{"hook_secret", secret}};
    }
    const auto with_header = [&](json::object hook) {
        if (!secret.empty())
            hook["headers"] = json::object{{bigcommerce::k_hook_secret_header, secret}};
        return hook;
    };
    const auto carries_secret = [&](const json::object& hook) {
        if (secret.empty())
            return true;
        const auto* h = jsonu::obj(hook, "headers");
        const auto v = h ? jsonu::str(*h, bigcommerce::k_hook_secret_header) : std::nullopt;
        return v && crypto::constant_time_equal(*v, secret);
    };
    std::set<std::string> have;
    std::int64_t created = 0, already = 0, updated = 0;
    // The answer outlives the loop: v3_data is a view into it.
    const auto listed = client.get("v3/hooks");
    for (const auto& h : v3_data(listed)) {
        if (!h.is_object())
            continue;
        const auto& o = h.as_object();
        if (jsonu::str(o, "destination").value_or("") != context.webhook_url ||
            !jsonu::boolean(o, "is_active").value_or(true))
            continue;
        const auto scope = jsonu::str(o, "scope").value_or("");
        if (!carries_secret(o)) {
            const auto id = jsonu::loose_int(o, "id");
            if (!id)
                continue;  // made anew below
            client.put("v3/hooks/" + std::to_string(*id), with_header({{"is_active", true}}));
            ++updated;
        }
        have.insert(scope);
    }
    for (const auto& scope : bigcommerce::webhook_scopes()) {
        if (have.count(scope)) {
            ++already;
            continue;
        }
        client.post("v3/hooks", with_header({{"scope", scope},
                                             {"destination", context.webhook_url},
                                             {"is_active", true}}));
        ++created;
    }
    out.result["created"] = created;
    out.result["already_registered"] = already;
    out.result["updated"] = updated;
    out.result["verified_by"] = signed_by_app ? "signature" : "hook_header";
    return out;
}

ActionOutcome BigCommerceConnector::unregister_webhooks(const domain::Integration& integration,
                                                        const ActionContext& context) {
    if (context.webhook_url.empty()) {
        throw ApiError(Errc::unprocessable_entity, "The hub has no public URL",
                       "Without it the hub cannot tell its subscriptions from others");
    }
    auto client = rest(integration);
    std::int64_t removed = 0, gone = 0;
    // The answer outlives the loop: v3_data is a view into it.
    const auto listed = client.get("v3/hooks");
    for (const auto& h : v3_data(listed)) {
        if (!h.is_object())
            continue;
        const auto& o = h.as_object();
        const auto id = jsonu::loose_int(o, "id");
        if (!id || jsonu::str(o, "destination").value_or("") != context.webhook_url)
            continue;
        try {
            client.del("v3/hooks/" + std::to_string(*id));
            ++removed;
        } catch (const ApiError& e) {
            if (e.code() != Errc::not_found)
                throw;
            ++gone;  // deleted in between: the outcome wanted
        }
    }
    ActionOutcome out;
    out.result["removed"] = removed;
    out.result["already_removed"] = gone;
    return out;
}

// ---- reads ----

std::vector<domain::DataType> BigCommerceConnector::data_types() const {
    return {DataType::shop,    DataType::location, DataType::customer,
            DataType::product, DataType::stock,    DataType::order};
}

void BigCommerceConnector::fetch(const FetchRequest& request, RecordSink& sink) {
    auto client = rest(request.integration);
    Checkpoint state =
        kit::start_page_checkpoint(request.checkpoint, request.since, options_.overlap);
    const std::string limit = std::to_string(options_.page_size);

    // A v3 list walked page by page: `map` turns one element into records.
    auto walk_v3 = [&](const std::string& path, Query filters, auto map) {
        for (;;) {
            Query q = filters;
            q.emplace_back("page", std::to_string(state.page));
            q.emplace_back("limit", limit);
            const auto answer = client.get(path, q);
            const auto& items = v3_data(answer);
            std::vector<domain::Record> records;
            for (const auto& v : items)
                if (v.is_object())
                    map(v.as_object(), records);
            const bool last = !v3_has_next(answer, state.page, options_.page_size, items.size());
            ++state.page;
            if (!sink.accept({std::move(records), kit::format_page_checkpoint(state), {}}) || last)
                return;
        }
    };
    auto one = [](auto mapper) {
        return [mapper](const json::object& o, std::vector<domain::Record>& out) {
            out.push_back(mapper(o));
        };
    };

    switch (request.type) {
        case DataType::shop: {
            const auto answer = client.get("v2/store");
            if (!answer.is_object())
                throw ApiError(Errc::platform_error, "The store answered something unusable",
                               "no store");
            sink.accept({{bigcommerce::map_shop(answer.as_object())}, "", std::int64_t{1}});
            return;
        }
        case DataType::location:
            walk_v3("v3/inventory/locations", {}, one(bigcommerce::map_location));
            return;
        case DataType::customer: {
            Query f{{"include", "addresses"}};
            if (state.since)
                f.emplace_back("date_modified:min", filter_time(*state.since));
            walk_v3("v3/customers", f, one(bigcommerce::map_customer));
            return;
        }
        case DataType::product: {
            Query f{{"include", "variants"}};
            if (state.since)
                f.emplace_back("date_modified:min", filter_time(*state.since));
            walk_v3("v3/catalog/products", f, one(bigcommerce::map_product));
            return;
        }
        case DataType::stock:
            // Always a full read: levels change without moving a product's date_modified.
            walk_v3("v3/inventory/items", {},
                    [](const json::object& o, std::vector<domain::Record>& out) {
                        for (auto& r : bigcommerce::map_inventory_item(o))
                            out.push_back(std::move(r));
                    });
            return;
        case DataType::order: {
            for (;;) {
                Query q;
                if (state.since)
                    q.emplace_back("min_date_modified", filter_time(*state.since));
                q.emplace_back("sort", "id:asc");
                q.emplace_back("page", std::to_string(state.page));
                q.emplace_back("limit", limit);
                auto orders = v2_list(client.get("v2/orders", q));
                std::vector<domain::Record> records;
                for (auto& o : orders)
                    if (o.is_object())
                        records.push_back(read_order(client, std::move(o.as_object())));
                const bool last = !kit::has_next_page(
                    {.page = state.page, .per_page = options_.page_size, .items = orders.size()});
                ++state.page;
                if (!sink.accept({std::move(records), kit::format_page_checkpoint(state), {}}) ||
                    last)
                    return;
            }
        }
        default:
            throw ApiError(
                Errc::unsupported_data_type,
                "BigCommerce has no " + std::string(domain::data_type_name(request.type)));
    }
}

// ---- writes ----

ActionOutcome BigCommerceConnector::set_stock_level(const domain::Integration& integration,
                                                    const StockLevelWrite& level) {
    const auto variant = numeric_id(level.inventory_item_id, "inventory_item_id");
    const auto location = numeric_id(level.location_id, "location_id");
    if (level.available < 0) {
        throw ApiError(Errc::validation_failed, "The input is invalid", "",
                       {{"available", "must not be negative at BigCommerce"}});
    }
    auto client = rest(integration);
    // Absolute: setting the same quantity twice is harmless, so the call may be sent again.
    const auto answer = client.put(
        "v3/inventory/adjustments/absolute",
        json::object{{"reason", "Storebridge stock write-back"},
                     {"items", json::array{json::object{{"location_id", location},
                                                        {"variant_id", variant},
                                                        {"quantity", level.available}}}}});
    ActionOutcome out;
    out.result["inventory_item_id"] = level.inventory_item_id;
    out.result["location_id"] = level.location_id;
    out.result["available"] = level.available;
    if (answer.is_object()) {
        if (auto t = jsonu::str(answer.as_object(), "transaction_id"))
            out.result["transaction_id"] = *t;
        else if (auto n = jsonu::int64(answer.as_object(), "transaction_id"))
            out.result["transaction_id"] = std::to_string(*n);
    }
    return out;
}

std::vector<ActionSpec> BigCommerceConnector::platform_actions() const {
    return {
        {"cancel_order",
         "Cancel order",
         "Cancel an order at the store (status Cancelled)",
         {{"order_id", FieldType::string, true, false, "Order id"}}},
        {"add_tracking",
         "Add tracking",
         "Ship an order's unshipped items to one of its addresses as a shipment with tracking",
         {{"order_id", FieldType::string, true, false, "Order id"},
          {"tracking_number", FieldType::string, true, false, "Carrier tracking number"},
          {"tracking_carrier", FieldType::string, false, false,
           "BigCommerce's carrier code (e.g. usps, fedex, ups)"},
          {"shipping_provider", FieldType::string, false, false, "Shipping provider"},
          {"order_address_id", FieldType::string, false, false,
           "The order's shipping address (default: its first)"},
          {"comments", FieldType::string, false, false, "A note on the shipment"}}},
    };
}

ActionOutcome BigCommerceConnector::run_platform_action(const domain::Integration& integration,
                                                        const ActionSpec& action,
                                                        const domain::FieldMap& in,
                                                        const ActionContext&) {
    if (action.id == "cancel_order")
        return cancel_order(integration, text_input(in, "order_id"));
    if (action.id == "add_tracking")
        return add_tracking(integration, in);
    throw ApiError(Errc::connector_not_implemented,
                   "The BigCommerce connector cannot run '" + action.id + "'",
                   "This action is not implemented in this version of Storebridge.");
}

ActionOutcome BigCommerceConnector::cancel_order(const domain::Integration& integration,
                                                 const std::string& id) {
    const auto order_id = numeric_id(id, "order_id");
    auto client = rest(integration);
    // Setting a status is idempotent: a repeat leaves the order cancelled.
    client.put("v2/orders/" + std::to_string(order_id), json::object{{"status_id", 5}});
    ActionOutcome out;
    out.result["order_id"] = std::to_string(order_id);
    out.result["cancelled"] = true;
    if (auto r = fetch_order(client, std::to_string(order_id)))
        out.records.push_back(std::move(*r));
    return out;
}

ActionOutcome BigCommerceConnector::add_tracking(const domain::Integration& integration,
                                                 const domain::FieldMap& in) {
    const std::string order_id = std::to_string(numeric_id(text_input(in, "order_id"), "order_id"));
    std::optional<std::int64_t> address;
    if (const auto a = text_input(in, "order_address_id"); !a.empty())
        address = numeric_id(a, "order_address_id");
    auto client = rest(integration);
    const std::string at = "v2/orders/" + order_id;
    if (!address) {
        const auto addresses = v2_list(client.get(at + "/shipping_addresses"));
        if (addresses.empty() || !addresses[0].is_object()) {
            throw ApiError(Errc::unprocessable_entity, "The order has nothing to ship",
                           "BigCommerce lists no shipping address for order " + order_id);
        }
        address = jsonu::loose_int(addresses[0].as_object(), "id");
    }
    json::array items;
    for (const auto& pv : v2_list(client.get(at + "/products", {{"limit", "250"}}))) {
        if (!pv.is_object())
            continue;
        const auto& p = pv.as_object();
        if (jsonu::loose_int(p, "order_address_id") != address)
            continue;
        const auto left = jsonu::loose_int(p, "quantity").value_or(0) -
                          jsonu::loose_int(p, "quantity_refunded").value_or(0) -
                          jsonu::loose_int(p, "quantity_shipped").value_or(0);
        if (left > 0)
            items.push_back(json::object{
                {"order_product_id", jsonu::loose_int(p, "id").value_or(0)}, {"quantity", left}});
    }
    if (items.empty()) {
        throw ApiError(Errc::unprocessable_entity, "The order has nothing to ship",
                       "Every item of that address of order " + order_id + " is shipped");
    }
    json::object body{{"order_address_id", *address},
                      {"tracking_number", text_input(in, "tracking_number")},
                      {"items", std::move(items)}};
    if (auto c = text_input(in, "tracking_carrier"); !c.empty())
        body["tracking_carrier"] = c;
    if (auto p = text_input(in, "shipping_provider"); !p.empty())
        body["shipping_provider"] = p;
    if (auto c = text_input(in, "comments"); !c.empty())
        body["comments"] = c;
    const auto shipment = client.post(at + "/shipments", body);
    ActionOutcome out;
    out.result["order_id"] = order_id;
    out.result["tracking_number"] = text_input(in, "tracking_number");
    if (shipment.is_object()) {
        if (auto id = jsonu::loose_int(shipment.as_object(), "id"))
            out.result["shipment_id"] = std::to_string(*id);
    }
    if (auto r = fetch_order(client, order_id))
        out.records.push_back(std::move(*r));
    return out;
}

std::unique_ptr<Connector> make_bigcommerce_connector(BigCommerceOptions options) {
    return std::make_unique<BigCommerceConnector>(std::move(options));
}

}  // namespace sb::connectors
