#include "connectors/shoplazza/shoplazza_connector.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/url.hpp>
#include <set>

#include "connectors/common/json_util.hpp"
#include "connectors/common/store_host.hpp"
#include "connectors/kit/paging.hpp"
#include "connectors/kit/query_signature.hpp"
#include "connectors/kit/token_request.hpp"
#include "connectors/kit/webhook_payload.hpp"
#include "connectors/kit/webhook_signature.hpp"
#include "connectors/shoplazza/mapping.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace sb::connectors {

namespace json = boost::json;
using domain::DataType;
using domain::FieldType;
using shoplazza::Query;

namespace {

ConnectorInfo shoplazza_info() {
    return {.id = "shoplazza",
            .name = "Shoplazza",
            .auth_kind = "oauth2",
            .credential_fields = oauth_token_fields(
                {store_host_field("shop_domain", ".myshoplaza.com",
                                  "The store's NAME.myshoplaza.com host name"),
                 {.name = "access_token",
                  .secret = true,
                  .description = "OpenAPI access token (set by the OAuth install, or a private "
                                 "app's token)"}}),
            .settings_fields = sync_settings_fields(),
            .store_field = "shop_domain"};
}

std::string header(const HeaderLookup& headers, std::string_view name) {
    return headers ? headers(name) : std::string();
}

// RFC 3339 in whole seconds, as Shoplazza's time filters take it (inclusive bound, so the
// fraction is dropped downwards).
std::string filter_time(std::int64_t ms) {
    std::string t = format_time(ms - ms % 1000);
    return t.substr(0, 19) + "Z";
}

using Checkpoint = kit::PageCheckpoint;

const json::array& list(const json::object& answer, std::string_view key) {
    static const json::array empty;
    const auto* a = jsonu::arr(answer, key);
    return a ? *a : empty;
}

std::vector<domain::Record> map_all(DataType type, const json::array& items) {
    std::vector<domain::Record> out;
    out.reserve(items.size());
    for (const auto& v : items)
        if (v.is_object())
            out.push_back(shoplazza::map_object(type, v.as_object()));
    return out;
}

}  // namespace

ShoplazzaConnector::ShoplazzaConnector(ShoplazzaOptions options)
    : Connector(shoplazza_info()),
      options_(std::move(options)),
      http_(std::make_unique<http::Client>(options_.http)) {
    provide({.reader = this,
             .installer = this,
             .webhooks = this,
             .token_refresher = this,
             .webhook_subscriber = this,
             .shop_updater = this});
    while (!options_.base_url_override.empty() && options_.base_url_override.back() == '/')
        options_.base_url_override.pop_back();
    options_.page_size = std::clamp(options_.page_size, 1, 250);
}

std::string ShoplazzaConnector::base_url(const std::string& shop_domain) const {
    return options_.base_url_override.empty() ? "https://" + shop_domain
                                              : options_.base_url_override;
}

shoplazza::RestClient ShoplazzaConnector::rest(const domain::Integration& integration) {
    const std::string shop = credential_text(integration, "shop_domain");
    const std::string token = credential_text(integration, "access_token");
    if (shop.empty() || token.empty()) {
        throw ApiError(Errc::platform_auth_failed, "The store is not connected yet",
                       "The integration has no shop_domain or access_token");
    }
    return shoplazza::RestClient(*http_, {shop, base_url(shop), "2022-01", token}, options_.retry);
}

// ---- install ----

const std::vector<std::string>& ShoplazzaConnector::install_scopes() {
    static const std::vector<std::string> scopes{"read_shop",    "write_shop",    "read_order",
                                                 "read_product", "read_customer", "read_inventory"};
    return scopes;
}

bool ShoplazzaConnector::valid_store(std::string_view store) const {
    return valid_store_host(store, ".myshoplaza.com");
}

std::string ShoplazzaConnector::authorize_url(const InstallStart& start) {
    std::string scope;
    for (const auto& s : install_scopes())
        scope += (scope.empty() ? "" : " ") + s;
    boost::urls::url url(base_url(start.store));
    url.set_path("/admin/oauth/authorize");
    url.params().append({"client_id", start.app.client_id});
    url.params().append({"scope", scope});
    url.params().append({"redirect_uri", start.redirect_uri});
    url.params().append({"response_type", "code"});
    url.params().append({"state", start.state});
    return std::string(url.buffer());
}

InstallCallback ShoplazzaConnector::verify_callback(const AppCredentials& app,
                                                    const QueryParams& query, std::int64_t) {
    InstallCallback cb;
    for (const auto& [k, v] : query) {
        if (k == "code")
            cb.code = v;
        else if (k == "shop")
            cb.store = v;
        else if (k == "state")
            cb.state = v;
    }
    std::string why;
    if (cb.code.empty() || cb.store.empty())
        why = "missing_parameter";
    else if (!kit::verify_query_hmac(query, app.client_secret))
        why = "bad_hmac";
    else if (!valid_store(cb.store))
        why = "bad_shop";
    if (!why.empty()) {
        throw ApiError(Errc::invalid_request, "The install callback was refused",
                       "Shoplazza callback check failed: " + why);
    }
    return cb;
}

domain::FieldMap ShoplazzaConnector::token_request(
    const AppCredentials& app, const std::string& shop_domain,
    const std::vector<std::pair<std::string, std::string>>& form) {
    boost::urls::url body;
    body.params().append({"client_id", app.client_id});
    body.params().append({"client_secret", app.client_secret});
    for (const auto& [k, v] : form)
        body.params().append({k, v});
    http::ClientRequest req;
    req.method = "POST";
    req.url = base_url(shop_domain) + "/admin/oauth/token";
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Accept", "application/json"}};
    req.body = std::string(body.encoded_query());
    // The merchant waits in a browser meanwhile: a short policy.
    kit::RetryPolicy retry;
    retry.max_attempts = 3;
    const json::object o = kit::token_request(kit::PlatformClient(*http_, "Shoplazza", shop_domain),
                                              std::move(req), "/admin/oauth/token", retry);
    const auto token = jsonu::str(o, "access_token");
    domain::FieldMap out;
    out.emplace("access_token", *token);
    out.emplace("scope", jsonu::str(o, "scope").value_or(""));
    if (auto r = jsonu::str(o, "refresh_token"); r && !r->empty())
        out.emplace("refresh_token", *r);
    if (auto in = jsonu::loose_int(o, "expires_in"); in && *in > 0)
        out.emplace("access_token_expires_at", now_ms() + *in * 1000);
    return out;
}

domain::FieldMap ShoplazzaConnector::exchange_code(const AppCredentials& app,
                                                   const InstallCallback& callback) {
    auto out = token_request(app, callback.store,
                             {{"code", callback.code},
                              {"grant_type", "authorization_code"},
                              {"redirect_uri", callback.redirect_uri}});
    out.emplace("shop_domain", callback.store);
    return out;
}

// ---- webhooks ----

const std::vector<std::string>& ShoplazzaConnector::webhook_topics() {
    static const std::vector<std::string> k{
        "orders/create",    "orders/updated",   "orders/cancelled", "orders/paid",
        "orders/fulfilled", "orders/delete",    "products/create",  "products/update",
        "products/delete",  "customers/create", "customers/update", "customers/delete",
        "shop/update",      "app/uninstalled"};
    return k;
}

std::optional<WebhookEnvelope> ShoplazzaConnector::webhook_envelope(const HeaderLookup& headers,
                                                                    std::string_view) const {
    WebhookEnvelope e{header(headers, "X-Shoplazza-Shop-Domain"),
                      header(headers, "X-Shoplazza-Topic"),
                      header(headers, "X-Shoplazza-Deduplication-Id")};
    for (auto& c : e.store)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!valid_store(e.store) || e.topic.empty() || e.delivery_id.empty())
        return std::nullopt;
    return e;
}

bool ShoplazzaConnector::verify_webhook(const domain::Integration&, const AppCredentials* app,
                                        const HeaderLookup& headers, std::string_view body) const {
    return app && kit::verify_hmac_sha256(body, header(headers, "X-Shoplazza-Hmac-Sha256"),
                                          app->client_secret, kit::Encoding::base64);
}

WebhookEvent ShoplazzaConnector::decode_webhook(std::string_view topic,
                                                std::string_view body) const {
    WebhookEvent ev;
    ev.topic = std::string(topic);
    boost::system::error_code ec;
    auto v = json::parse(body, ec);
    if (ec || !v.is_object())
        throw ApiError(Errc::invalid_json, "The webhook body is not JSON");
    const auto& o = v.as_object();
    if (topic == "app/uninstalled") {
        ev.kind = WebhookKind::app_uninstalled;
        return ev;
    }
    const auto slash = topic.find('/');
    const std::string resource(topic.substr(0, slash));
    const std::string event(slash == std::string_view::npos ? "" : topic.substr(slash + 1));
    DataType type;
    const char* key;
    if (resource == "orders") {
        type = DataType::order;
        key = "order";
    } else if (resource == "products") {
        type = DataType::product;
        key = "product";
    } else if (resource == "customers") {
        type = DataType::customer;
        key = "customer";
    } else if (resource == "shop") {
        type = DataType::shop;
        key = "shop";
    } else {
        return ev;  // ignored
    }
    const auto* item = jsonu::obj(o, key);
    if (!item) {
        throw ApiError(Errc::invalid_webhook_payload, "The webhook payload is not the topic's", "",
                       {{key, "is required: the " + std::string(key) + " object"}});
    }
    // Shoplazza's ids are strings (UUIDs, "<store>-<sequence>"), its times RFC 3339.
    kit::PayloadCheck(*item)
        .id("id", kit::IdKind::text)
        .time("updated_at", event != "delete" && type != DataType::shop)
        .time("created_at", false)
        .done();
    ev.kind = WebhookKind::records;
    if (event == "delete") {
        ev.records.push_back(shoplazza::tombstone(type, *jsonu::str(*item, "id")));
    } else {
        ev.records.push_back(shoplazza::map_object(type, *item));
    }
    return ev;
}

// ---- reads ----

void ShoplazzaConnector::fetch(const FetchRequest& request, RecordSink& sink) {
    auto client = rest(request.integration);
    Checkpoint state =
        kit::start_page_checkpoint(request.checkpoint, request.since, options_.overlap);
    const std::string limit = std::to_string(options_.page_size);
    Query filters;
    if (state.since)
        filters.emplace_back("updated_at_min", filter_time(*state.since));

    switch (request.type) {
        case DataType::shop: {
            auto answer = client.get("shop");
            const auto* shop = jsonu::obj(answer, "shop");
            if (!shop)
                throw ApiError(Errc::platform_error, "The store answered something unusable",
                               "no shop");
            sink.accept({{shoplazza::map_object(DataType::shop, *shop)}, "", std::int64_t{1}});
            return;
        }
        case DataType::location: {
            auto answer = client.get("locations");
            sink.accept({map_all(DataType::location, list(answer, "locations")), "", {}});
            return;
        }
        case DataType::order: {
            // next_token walks the filtered list; it is sent with the same filters again.
            std::optional<std::int64_t> total;
            for (;;) {
                Query q = filters;
                q.emplace_back("limit", limit);
                if (!state.token.empty())
                    q.emplace_back("next_token", state.token);
                auto answer = client.get("orders", q);
                if (!total)
                    total = jsonu::loose_int(answer, "count");
                state.token = kit::next_cursor(answer, "next_token").value_or("");
                auto records = map_all(DataType::order, list(answer, "orders"));
                const bool last = state.token.empty() || records.empty();
                if (!sink.accept({std::move(records), kit::format_page_checkpoint(state), total}) ||
                    last)
                    return;
            }
        }
        case DataType::product: {
            for (;;) {
                Query q = filters;
                q.emplace_back("per_page", limit);
                if (!state.token.empty())
                    q.emplace_back("cursor", state.token);
                auto answer = client.get("products", q);
                state.token = kit::next_cursor(answer, "cursor").value_or("");
                auto records = map_all(DataType::product, list(answer, "products"));
                const bool last = state.token.empty() || records.empty();
                if (!sink.accept({std::move(records), kit::format_page_checkpoint(state), {}}) ||
                    last)
                    return;
            }
        }
        case DataType::customer: {
            for (;;) {
                Query q = filters;
                q.emplace_back("limit", limit);
                q.emplace_back("page", std::to_string(state.page));
                auto answer = client.get("customers", q);
                const auto& items = list(answer, "customers");
                const bool last = !kit::has_next_page(
                    {.page = state.page, .per_page = options_.page_size, .items = items.size()});
                auto records = map_all(DataType::customer, items);
                ++state.page;
                if (!sink.accept({std::move(records), kit::format_page_checkpoint(state), {}}) ||
                    last)
                    return;
            }
        }
        case DataType::stock: {
            // Per location, its inventory levels page by page; always a full read (levels
            // change without moving the products' updated_at in older stores).
            auto answer = client.get("locations");
            const auto& locations = list(answer, "locations");
            for (; state.location < static_cast<std::int64_t>(locations.size());
                 ++state.location, state.page = 1) {
                const auto& lv = locations[static_cast<std::size_t>(state.location)];
                if (!lv.is_object())
                    continue;
                const std::string id = jsonu::str(lv.as_object(), "id").value_or("");
                for (;;) {
                    auto levels =
                        client.get("locations/" + id + "/inventory_levels",
                                   {{"limit", limit}, {"page", std::to_string(state.page)}});
                    const auto& items = list(levels, "inventory_levels");
                    std::vector<domain::Record> records;
                    for (const auto& v : items)
                        if (v.is_object())
                            records.push_back(shoplazza::map_inventory_level(v.as_object()));
                    const bool last = !kit::has_next_page({.page = state.page,
                                                           .per_page = options_.page_size,
                                                           .items = items.size()});
                    ++state.page;
                    if (last) {
                        // The next batch starts at the next location.
                        Checkpoint next = state;
                        next.location = state.location + 1;
                        next.page = 1;
                        if (!sink.accept(
                                {std::move(records), kit::format_page_checkpoint(next), {}}))
                            return;
                        break;
                    }
                    if (!sink.accept({std::move(records), kit::format_page_checkpoint(state), {}}))
                        return;
                }
            }
            return;
        }
        default:
            throw ApiError(Errc::unsupported_data_type,
                           "Shoplazza has no " + std::string(domain::data_type_name(request.type)));
    }
}

// ---- actions ----

std::vector<domain::DataType> ShoplazzaConnector::data_types() const {
    return {DataType::shop,    DataType::location, DataType::customer,
            DataType::product, DataType::stock,    DataType::order};
}

std::vector<domain::FieldSpec> ShoplazzaConnector::shop_update_fields() const {
    return {{"customer_email", FieldType::string, true, false,
             "Email of the customer associated with the shop"}};
}

ActionOutcome ShoplazzaConnector::update_shop(const domain::Integration& integration,
                                              const domain::FieldMap& in) {
    json::object body;
    if (auto it = in.find("customer_email"); it != in.end()) {
        if (const auto* s = std::get_if<std::string>(&it->second))
            body["customer_email"] = *s;
    }
    auto answer = rest(integration).put("shop", body);
    const auto* shop = jsonu::obj(answer, "shop");
    if (!shop)
        throw ApiError(Errc::platform_error, "The store answered something unusable",
                       "no shop in the Update Shop answer");
    ActionOutcome out;
    out.records.push_back(shoplazza::map_object(DataType::shop, *shop));
    out.result["updated"] = true;
    out.result["customer_email"] = jsonu::str(*shop, "customer_email").value_or("");
    return out;
}

ActionOutcome ShoplazzaConnector::register_webhooks(const domain::Integration& integration,
                                                    const ActionContext& context) {
    if (context.webhook_url.empty()) {
        throw ApiError(Errc::unprocessable_entity, "The hub has no public URL",
                       "Set --public-url so the store can reach POST /webhooks/shoplazza");
    }
    auto client = rest(integration);
    auto existing = client.get("webhooks");
    std::set<std::string> have;
    for (const auto& w : list(existing, "webhooks")) {
        if (!w.is_object())
            continue;
        if (jsonu::str(w.as_object(), "address").value_or("") == context.webhook_url)
            have.insert(jsonu::str(w.as_object(), "topic").value_or(""));
    }
    std::int64_t created = 0, already = 0;
    for (const auto& topic : webhook_topics()) {
        if (have.count(topic)) {
            ++already;
            continue;
        }
        client.post("webhooks", json::object{{"address", context.webhook_url}, {"topic", topic}});
        ++created;
    }
    ActionOutcome out;
    out.result["created"] = created;
    out.result["already_registered"] = already;
    return out;
}

ActionOutcome ShoplazzaConnector::unregister_webhooks(const domain::Integration& integration,
                                                      const ActionContext& context) {
    if (context.webhook_url.empty()) {
        throw ApiError(Errc::unprocessable_entity, "The hub has no public URL",
                       "Without it the hub cannot tell its subscriptions from others");
    }
    auto client = rest(integration);
    std::int64_t removed = 0, gone = 0;
    const auto existing = client.get("webhooks");
    for (const auto& w : list(existing, "webhooks")) {
        if (!w.is_object() ||
            jsonu::str(w.as_object(), "address").value_or("") != context.webhook_url)
            continue;
        auto id = jsonu::str(w.as_object(), "id");
        if (!id) {
            if (auto n = jsonu::int64(w.as_object(), "id"))
                id = std::to_string(*n);
            else
                continue;
        }
        try {
            client.del("webhooks/" + *id);
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

ActionOutcome ShoplazzaConnector::refresh_token(const domain::Integration& integration,
                                                const ActionContext& context) {
    if (!context.app) {
        throw ApiError(Errc::unprocessable_entity, "No Shoplazza app is registered",
                       "Refreshing a token needs the account's Shoplazza provider app");
    }
    const std::string refresh = credential_text(integration, "refresh_token");
    if (refresh.empty()) {
        throw ApiError(Errc::unprocessable_entity, "The integration has no refresh token",
                       "Reconnect the store");
    }
    ActionOutcome out;
    out.credentials = token_request(*context.app, credential_text(integration, "shop_domain"),
                                    {{"grant_type", "refresh_token"}, {"refresh_token", refresh}});
    out.result["refreshed"] = true;
    if (auto it = out.credentials->find("access_token_expires_at"); it != out.credentials->end())
        out.result["access_token_expires_at"] = it->second;
    return out;
}

std::unique_ptr<Connector> make_shoplazza_connector(ShoplazzaOptions options) {
    return std::make_unique<ShoplazzaConnector>(std::move(options));
}

}  // namespace sb::connectors
