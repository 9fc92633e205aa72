#include "connectors/woocommerce/woocommerce_connector.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "connectors/common/json_util.hpp"
#include "connectors/common/store_host.hpp"
#include "connectors/kit/paging.hpp"
#include "connectors/kit/webhook_payload.hpp"
#include "connectors/kit/webhook_signature.hpp"
#include "connectors/woocommerce/mapping.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"

namespace sb::connectors {

namespace json = boost::json;
using domain::DataType;
using domain::FieldType;
using woocommerce::Query;

namespace {

// The settings of a connector that syncs, with WooCommerce's shorter interval, and the time
// a slow site is given.
std::vector<domain::FieldSpec> woocommerce_settings() {
    auto fields = sync_settings_fields(
        {{.name = "request_timeout_seconds",
          .type = FieldType::integer,
          .description = "Seconds each write and read of a call to the site may take (1 to 300)",
          .default_value = k_woocommerce_request_timeout_seconds}});
    for (auto& f : fields) {
        if (f.name == "sync_interval_minutes")
            f.default_value = k_woocommerce_sync_interval_minutes;
    }
    return fields;
}

ConnectorInfo woocommerce_info() {
    return {.id = "woocommerce",
            .name = "WooCommerce",
            .auth_kind = "basic",
            .credential_fields = {{.name = "site_url",
                                   .required = true,
                                   .description = "The WordPress site's base URL (https, no "
                                                  "trailing slash)",
                                   .max_length = 2048,
                                   .check = check_woocommerce_site_url},
                                  {.name = "consumer_key",
                                   .required = true,
                                   .secret = true,
                                   .description = "REST API consumer key"},
                                  {.name = "consumer_secret",
                                   .required = true,
                                   .secret = true,
                                   .description = "REST API consumer secret"},
                                  {.name = "webhook_secret",
                                   .secret = true,
                                   .description = "Set by the hub when it creates the site's "
                                                  "webhooks: the key of their signatures"}},
            .settings_fields = woocommerce_settings(),
            .store_field = "site_url"};
}

// The `modified_after` bound (exclusive at WooCommerce, so the overlap covers the edge), UTC.
std::string filter_time(std::int64_t ms) {
    return format_time(ms - ms % 1000).substr(0, 19);
}

using Checkpoint = kit::PageCheckpoint;

const json::array& items_of(const json::value& v) {
    static const json::array empty;
    return v.is_array() ? v.as_array() : empty;
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

// A WooCommerce id given as text: a positive integer, or validation_failed naming `field`.
std::int64_t numeric_id(std::string_view value, std::string_view field) {
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
                       {{std::string(field), "must be a WooCommerce id (a positive integer)"}});
    }
    return n;
}

// Every variation of a variable product, page by page.
json::array read_variations(woocommerce::RestClient& client, const json::object& product,
                            int page_size) {
    json::array out;
    if (jsonu::str(product, "type").value_or("") != "variable")
        return out;
    const auto id = jsonu::loose_int(product, "id").value_or(0);
    for (std::int64_t page = 1;; ++page) {
        auto answer =
            client.list("products/" + std::to_string(id) + "/variations",
                        {{"per_page", std::to_string(page_size)}, {"page", std::to_string(page)}});
        const auto& items = items_of(answer.items);
        for (const auto& v : items)
            out.push_back(v);
        if (!kit::has_next_page({.page = page,
                                 .per_page = page_size,
                                 .items = items.size(),
                                 .total_pages = answer.total_pages,
                                 .total_items = answer.total}))
            return out;
    }
}

std::string header(const HeaderLookup& headers, std::string_view name) {
    return headers ? headers(name) : std::string();
}

// "order.updated" → the record type, or nullopt for a topic the hub does not map.
std::optional<DataType> topic_type(std::string_view topic) {
    if (topic.rfind("order.", 0) == 0)
        return DataType::order;
    if (topic.rfind("product.", 0) == 0)
        return DataType::product;
    if (topic.rfind("customer.", 0) == 0)
        return DataType::customer;
    return std::nullopt;
}

json::object parse_body(std::string_view body) {
    boost::system::error_code ec;
    auto v = json::parse(body, ec);
    if (ec || !v.is_object())
        throw ApiError(Errc::invalid_json, "The webhook body is not a JSON object");
    return std::move(v.as_object());
}

}  // namespace

std::optional<std::string> check_woocommerce_site_url(std::string_view url) {
    if (auto why = check_public_https_url(url))
        return why;
    if (!url.empty() && url.back() == '/')
        return "must not end with '/'";
    if (url.find_first_of("?#") != std::string_view::npos)
        return "must have no query or fragment";
    return std::nullopt;
}

std::string normalize_site_url(std::string_view url) {
    std::string out(url);
    while (!out.empty() && out.back() == '/')
        out.pop_back();
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

WooCommerceConnector::WooCommerceConnector(WooCommerceOptions options)
    : Connector(woocommerce_info()),
      options_(std::move(options)),
      http_(std::make_unique<http::Client>(options_.http)),
      gates_(std::make_unique<woocommerce::SiteGates>(options_.max_in_flight_per_site)) {
    provide({.reader = this,
             .installer = this,
             .webhooks = this,
             .webhook_subscriber = this,
             .stock_writer = this,
             .platform_actions = this});
    while (!options_.base_url_override.empty() && options_.base_url_override.back() == '/')
        options_.base_url_override.pop_back();
    options_.page_size = std::clamp(options_.page_size, 1, 100);
}

woocommerce::RestClient WooCommerceConnector::rest(const domain::Integration& integration) const {
    const std::string site = credential_text(integration, "site_url");
    const std::string key = credential_text(integration, "consumer_key");
    const std::string secret = credential_text(integration, "consumer_secret");
    if (site.empty() || key.empty() || secret.empty()) {
        throw ApiError(Errc::platform_auth_failed, "The site is not connected yet",
                       "The integration has no site_url, consumer_key or consumer_secret");
    }
    if (options_.base_url_override.empty()) {
        if (auto why = check_woocommerce_site_url(site))
            throw ApiError(Errc::validation_failed, "The site URL is invalid", "",
                           {{"site_url", *why}});
    }
    const std::string own = normalize_site_url(site);
    const std::string base = options_.base_url_override.empty() ? own : options_.base_url_override;
    // Plain HTTP: OAuth 1.0a against the site's own address with the call's scheme.
    std::string oauth_base;
    if (base.rfind("http://", 0) == 0) {
        const auto host = own.find("://");
        oauth_base =
            "http://" + (host == std::string::npos ? own : own.substr(host + 3)) + "/wp-json/wc/v3";
    }
    std::optional<std::chrono::milliseconds> timeout;
    if (auto it = integration.settings.find("request_timeout_seconds");
        it != integration.settings.end()) {
        if (const auto* s = std::get_if<std::int64_t>(&it->second))
            timeout = std::chrono::seconds(std::clamp<std::int64_t>(*s, 1, 300));
    }
    return woocommerce::RestClient(
        *http_, {site, base + "/wp-json/wc/v3", key, secret, std::move(oauth_base)}, options_.retry,
        gates_->gate(own), timeout);
}

// ---- reads ----

std::vector<domain::DataType> WooCommerceConnector::data_types() const {
    return {DataType::shop,    DataType::location, DataType::customer,
            DataType::product, DataType::stock,    DataType::order};
}

void WooCommerceConnector::fetch(const FetchRequest& request, RecordSink& sink) {
    auto client = rest(request.integration);
    Checkpoint state =
        kit::start_page_checkpoint(request.checkpoint, request.since, options_.overlap);
    const std::string per_page = std::to_string(options_.page_size);

    // A list walked page by page in id order: `map` turns one element into records.
    auto walk = [&](const std::string& path, Query filters, auto map) {
        for (;;) {
            Query q = filters;
            q.emplace_back("orderby", "id");
            q.emplace_back("order", "asc");
            q.emplace_back("per_page", per_page);
            q.emplace_back("page", std::to_string(state.page));
            const auto answer = client.list(path, q);
            const auto& items = items_of(answer.items);
            std::vector<domain::Record> records;
            for (const auto& v : items)
                if (v.is_object())
                    map(v.as_object(), records);
            const bool last = !kit::has_next_page({.page = state.page,
                                                   .per_page = options_.page_size,
                                                   .items = items.size(),
                                                   .total_pages = answer.total_pages,
                                                   .total_items = answer.total});
            ++state.page;
            if (!sink.accept({std::move(records), kit::format_page_checkpoint(state), {}}) || last)
                return;
        }
    };
    auto modified = [&] {
        Query f;
        if (state.since) {
            f.emplace_back("modified_after", filter_time(*state.since));
            f.emplace_back("dates_are_gmt", "true");
        }
        return f;
    };

    switch (request.type) {
        case DataType::shop: {
            const auto answer = client.get("system_status");
            if (!answer.is_object())
                throw ApiError(Errc::platform_error, "The site answered something unusable",
                               "no system status");
            sink.accept({{woocommerce::map_shop(answer.as_object())}, "", std::int64_t{1}});
            return;
        }
        case DataType::location:
            sink.accept({{woocommerce::default_location(
                             normalize_site_url(credential_text(request.integration, "site_url")))},
                         "",
                         std::int64_t{1}});
            return;
        case DataType::customer:
            // No modified filter at WooCommerce (PLATFORMS.md §0.3): always a full re-read;
            // the hub's store keeps what did not change.
            walk("customers", {}, [](const json::object& o, std::vector<domain::Record>& out) {
                out.push_back(woocommerce::map_customer(o));
            });
            return;
        case DataType::product:
            walk("products", modified(),
                 [&](const json::object& o, std::vector<domain::Record>& out) {
                     out.push_back(woocommerce::map_product(
                         o, read_variations(client, o, options_.page_size)));
                 });
            return;
        case DataType::stock:
            // Always a full read: an order takes stock without a webhook of the product.
            walk("products", {}, [&](const json::object& o, std::vector<domain::Record>& out) {
                for (auto& r :
                     woocommerce::map_stock(o, read_variations(client, o, options_.page_size)))
                    out.push_back(std::move(r));
            });
            return;
        case DataType::order:
            walk("orders", modified(), [](const json::object& o, std::vector<domain::Record>& out) {
                out.push_back(woocommerce::map_order(o));
            });
            return;
        default:
            throw ApiError(
                Errc::unsupported_data_type,
                "WooCommerce has no " + std::string(domain::data_type_name(request.type)));
    }
}

// ---- webhooks ----

const std::vector<std::string>& WooCommerceConnector::webhook_topics() {
    static const std::vector<std::string> k{
        "order.created",    "order.updated",    "order.deleted",
        "product.created",  "product.updated",  "product.deleted",
        "customer.created", "customer.updated", "customer.deleted"};
    return k;
}

// The creation ping (a form body `webhook_id=N`) carries none of these headers: is_ping
// answers it.
// WooCommerce checks a new webhook's address with an unsigned form post `webhook_id=N` and
// no X-WC-Webhook-* headers.
bool WooCommerceConnector::is_ping(const HeaderLookup& headers, std::string_view body) const {
    return headers("X-WC-Webhook-Topic").empty() && body.starts_with("webhook_id=") &&
           body.size() <= 32;
}

std::optional<WebhookEnvelope> WooCommerceConnector::webhook_envelope(const HeaderLookup& headers,
                                                                      std::string_view) const {
    WebhookEnvelope e;
    e.store = normalize_site_url(header(headers, "X-WC-Webhook-Source"));
    e.topic = header(headers, "X-WC-Webhook-Topic");
    e.delivery_id = header(headers, "X-WC-Webhook-Delivery-ID");
    if (e.store.empty() || e.topic.empty() || e.delivery_id.empty() || e.delivery_id.size() > 200 ||
        e.store.size() > 2048)
        return std::nullopt;
    return e;
}

bool WooCommerceConnector::verify_webhook(const domain::Integration& integration,
                                          const AppCredentials*, const HeaderLookup& headers,
                                          std::string_view body) const {
    return kit::verify_hmac_sha256(body, header(headers, "X-WC-Webhook-Signature"),
                                   credential_text(integration, "webhook_secret"),
                                   kit::Encoding::base64);
}

WebhookEvent WooCommerceConnector::decode_webhook(std::string_view topic,
                                                  std::string_view body) const {
    WebhookEvent ev;
    ev.topic = std::string(topic);
    const auto type = topic_type(topic);
    if (!type)
        return ev;
    const auto o = parse_body(body);
    kit::PayloadCheck(o).id("id", kit::IdKind::integer).done();
    ev.kind = WebhookKind::records;
    const std::string id = std::to_string(jsonu::loose_int(o, "id").value_or(0));
    if (topic.size() > 8 && topic.substr(topic.size() - 8) == ".deleted") {
        ev.records.push_back(woocommerce::tombstone(*type, id));
        return ev;
    }
    switch (*type) {
        case DataType::order:
            ev.records.push_back(woocommerce::map_order(o));
            break;
        case DataType::customer:
            ev.records.push_back(woocommerce::map_customer(o));
            break;
        default:
            // A variable product's body lists only its variations' ids: resolve_webhook reads
            // them from the site.
            ev.records.push_back(woocommerce::map_product(o, {}));
            for (auto& r : woocommerce::map_stock(o, {}))
                ev.records.push_back(std::move(r));
            break;
    }
    return ev;
}

WebhookEvent WooCommerceConnector::resolve_webhook(const domain::Integration& integration,
                                                   std::string_view topic,
                                                   std::string_view body) const {
    auto ev = decode_webhook(topic, body);
    if (ev.kind != WebhookKind::records || topic_type(topic) != DataType::product ||
        ev.records.empty() || ev.records.front().deleted ||
        integration.status == domain::IntegrationStatus::revoked)
        return ev;
    const auto o = parse_body(body);
    if (jsonu::str(o, "type").value_or("") != "variable")
        return ev;
    auto client = rest(integration);
    const auto variations = read_variations(client, o, options_.page_size);
    ev.records.clear();
    ev.records.push_back(woocommerce::map_product(o, variations));
    for (auto& r : woocommerce::map_stock(o, variations))
        ev.records.push_back(std::move(r));
    return ev;
}

bool WooCommerceConnector::resolves_by_decoding(std::string_view topic) const {
    return topic_type(topic) != DataType::product;
}

ActionOutcome WooCommerceConnector::register_webhooks(const domain::Integration& integration,
                                                      const ActionContext& context) {
    if (context.webhook_url.empty()) {
        throw ApiError(Errc::unprocessable_entity, "The hub has no public URL",
                       "Set --public-url so the site can reach POST /webhooks/woocommerce");
    }
    auto client = rest(integration);
    ActionOutcome out;
    std::string secret = credential_text(integration, "webhook_secret");
    const bool new_secret = secret.empty();
    if (new_secret) {
        secret = crypto::random_token(32);
        out.credentials = domain::FieldMap{{"webhook_secret", secret}};
    }
    std::set<std::string> have;
    std::int64_t created = 0, already = 0, updated = 0;
    for (std::int64_t page = 1;; ++page) {
        const auto answer =
            client.list("webhooks", {{"per_page", "100"}, {"page", std::to_string(page)}});
        const auto& items = items_of(answer.items);
        for (const auto& h : items) {
            if (!h.is_object())
                continue;
            const auto& o = h.as_object();
            const auto id = jsonu::loose_int(o, "id");
            const auto topic = jsonu::str(o, "topic").value_or("");
            if (!id || jsonu::str(o, "delivery_url").value_or("") != context.webhook_url ||
                have.count(topic))
                continue;
            // A new secret, or a webhook the site disabled after failed deliveries: set again.
            if (new_secret || jsonu::str(o, "status").value_or("") != "active") {
                client.put("webhooks/" + std::to_string(*id),
                           json::object{{"status", "active"}, {"secret", secret}});
                ++updated;
            } else {
                ++already;
            }
            have.insert(topic);
        }
        if (!kit::has_next_page({.page = page,
                                 .per_page = 100,
                                 .items = items.size(),
                                 .total_pages = answer.total_pages,
                                 .total_items = answer.total}))
            break;
    }
    for (const auto& topic : webhook_topics()) {
        if (have.count(topic))
            continue;
        client.post("webhooks", json::object{{"name", "Storebridge " + topic},
                                             {"topic", topic},
                                             {"delivery_url", context.webhook_url},
                                             {"secret", secret},
                                             {"status", "active"}});
        ++created;
    }
    out.result["created"] = created;
    out.result["already_registered"] = already;
    out.result["updated"] = updated;
    return out;
}

ActionOutcome WooCommerceConnector::unregister_webhooks(const domain::Integration& integration,
                                                        const ActionContext& context) {
    if (context.webhook_url.empty()) {
        throw ApiError(Errc::unprocessable_entity, "The hub has no public URL",
                       "Without it the hub cannot tell its webhooks from others");
    }
    auto client = rest(integration);
    std::vector<std::int64_t> ids;
    for (std::int64_t page = 1;; ++page) {
        const auto answer =
            client.list("webhooks", {{"per_page", "100"}, {"page", std::to_string(page)}});
        const auto& items = items_of(answer.items);
        for (const auto& h : items) {
            if (!h.is_object())
                continue;
            const auto& o = h.as_object();
            const auto id = jsonu::loose_int(o, "id");
            if (id && jsonu::str(o, "delivery_url").value_or("") == context.webhook_url)
                ids.push_back(*id);
        }
        if (!kit::has_next_page({.page = page,
                                 .per_page = 100,
                                 .items = items.size(),
                                 .total_pages = answer.total_pages,
                                 .total_items = answer.total}))
            break;
    }
    std::int64_t removed = 0, gone = 0;
    for (const auto id : ids) {
        try {
            client.del("webhooks/" + std::to_string(id), {{"force", "true"}});
            ++removed;
        } catch (const ApiError& e) {
            if (e.code() != Errc::not_found)
                throw;
            ++gone;
        }
    }
    ActionOutcome out;
    out.result["removed"] = removed;
    out.result["already_removed"] = gone;
    return out;
}

// ---- writes ----

ActionOutcome WooCommerceConnector::set_stock_level(const domain::Integration& integration,
                                                    const StockLevelWrite& level) {
    if (level.location_id != woocommerce::k_default_location) {
        throw ApiError(Errc::validation_failed, "The input is invalid", "",
                       {{"location_id", "must be 'default': a WooCommerce site has one"}});
    }
    if (level.available < 0) {
        throw ApiError(Errc::validation_failed, "The input is invalid", "",
                       {{"available", "must not be negative"}});
    }
    const std::string& item = level.inventory_item_id;
    const auto slash = item.find('/');
    const auto product = numeric_id(item.substr(0, slash), "inventory_item_id");
    std::string path = "products/" + std::to_string(product);
    if (slash != std::string::npos)
        path += "/variations/" +
                std::to_string(numeric_id(item.substr(slash + 1), "inventory_item_id"));
    auto client = rest(integration);
    // Absolute: setting the same quantity twice is harmless, so the call may be sent again.
    const auto answer =
        client.put(path, json::object{{"manage_stock", true}, {"stock_quantity", level.available}});
    ActionOutcome out;
    out.result["inventory_item_id"] = item;
    out.result["location_id"] = level.location_id;
    out.result["available"] = level.available;
    if (answer.is_object()) {
        if (auto q = jsonu::loose_int(answer.as_object(), "stock_quantity"))
            out.result["available"] = *q;
    }
    return out;
}

std::vector<ActionSpec> WooCommerceConnector::platform_actions() const {
    return {
        {"cancel_order",
         "Cancel order",
         "Cancel an order at the site (status cancelled; WooCommerce gives back its stock)",
         {{"order_id", FieldType::string, true, false, "Order id"}}},
        {"add_tracking",
         "Add tracking",
         "Add the tracking number to the order as a note to the customer (core WooCommerce "
         "has no shipment tracking)",
         {{"order_id", FieldType::string, true, false, "Order id"},
          {"tracking_number", FieldType::string, true, false, "Carrier tracking number"},
          {"tracking_carrier", FieldType::string, false, false, "Carrier name"},
          {"tracking_url", FieldType::string, false, false, "Tracking page URL"}}},
    };
}

ActionOutcome WooCommerceConnector::run_platform_action(const domain::Integration& integration,
                                                        const ActionSpec& action,
                                                        const domain::FieldMap& in,
                                                        const ActionContext&) {
    const auto order_id = std::to_string(numeric_id(text_input(in, "order_id"), "order_id"));
    auto client = rest(integration);
    ActionOutcome out;
    out.result["order_id"] = order_id;
    if (action.id == "cancel_order") {
        // Setting a status is idempotent: a repeat leaves the order cancelled.
        const auto order = client.put("orders/" + order_id, json::object{{"status", "cancelled"}});
        out.result["cancelled"] = true;
        if (order.is_object())
            out.records.push_back(woocommerce::map_order(order.as_object()));
        return out;
    }
    if (action.id == "add_tracking") {
        const auto number = text_input(in, "tracking_number");
        if (number.empty()) {
            throw ApiError(Errc::validation_failed, "The input is invalid", "",
                           {{"tracking_number", "is required"}});
        }
        std::string note = "Tracking number: " + number;
        if (auto c = text_input(in, "tracking_carrier"); !c.empty())
            note += " (" + c + ")";
        if (auto u = text_input(in, "tracking_url"); !u.empty())
            note += " " + u;
        const auto answer = client.post("orders/" + order_id + "/notes",
                                        json::object{{"note", note}, {"customer_note", true}});
        out.result["tracking_number"] = number;
        if (answer.is_object()) {
            if (auto id = jsonu::loose_int(answer.as_object(), "id"))
                out.result["note_id"] = std::to_string(*id);
        }
        return out;
    }
    throw ApiError(Errc::connector_not_implemented,
                   "The WooCommerce connector cannot run '" + action.id + "'",
                   "This action is not implemented in this version of Storebridge.");
}

std::unique_ptr<Connector> make_woocommerce_connector(WooCommerceOptions options) {
    return std::make_unique<WooCommerceConnector>(std::move(options));
}

}  // namespace sb::connectors
