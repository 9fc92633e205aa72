#include <boost/json/serialize.hpp>

#include "core/time.hpp"
#include "emulators/bigcommerce/data/dates.hpp"
#include "emulators/bigcommerce/server/query.hpp"
#include "emulators/bigcommerce/server/runtime.hpp"

// The v2 resources: store, time, orders and their products, shipping addresses and shipments.
// Bare JSON, money as 4-decimal strings, RFC 2822 dates; an empty collection answers 204.
// Authentication, the rate window and scopes are checked before these run (emulator.cpp).
namespace sb::emulators::bigcommerce {

namespace json = boost::json;

namespace {

const char* const k_read_orders = "store_v2_orders_read_only";
const char* const k_write_orders = "store_v2_orders";
const char* const k_read_information = "store_v2_information_read_only";

http::Response ok(const json::value& body, int status = 200) {
    return http::Response::json(status, json::serialize(body));
}

http::Response list(const json::array& items) {
    if (items.empty())
        return http::Response::text(204, "");
    return ok(items);
}

http::Response not_found() {
    return error_v2(404, "The requested resource was not found.");
}

Sort v2_sort(const http::Request& req) {
    Sort s;
    const std::string v = param(req, "sort");
    if (v.empty())
        return s;
    const auto colon = v.find(':');
    s.field = v.substr(0, colon);
    const std::string dir = colon == std::string::npos ? "asc" : v.substr(colon + 1);
    static const std::vector<std::string> fields{"id", "customer_id", "date_created",
                                                 "date_modified", "status_id"};
    if (std::find(fields.begin(), fields.end(), s.field) == fields.end() ||
        (dir != "asc" && dir != "desc"))
        throw BadInput{400,
                       "The parameter 'sort' must be one of id, customer_id, date_created, "
                       "date_modified or status_id, with :asc or :desc.",
                       "sort"};
    s.descending = dir == "desc";
    return s;
}

std::optional<int> status_param(const http::Request& req) {
    auto s = int_param(req, "status_id");
    if (s && (*s < 0 || *s > 14))
        throw BadInput{400, "The parameter 'status_id' must be between 0 and 14.", "status_id"};
    return s ? std::optional<int>(static_cast<int>(*s)) : std::nullopt;
}

OrderQuery order_query(const http::Request& req) {
    OrderQuery q;
    q.created = date_window(req, "min_date_created", "max_date_created");
    q.modified = date_window(req, "min_date_modified", "max_date_modified");
    q.status_id = status_param(req);
    q.min_id = int_param(req, "min_id");
    q.max_id = int_param(req, "max_id");
    q.customer_id = int_param(req, "customer_id");
    q.email = param(req, "email");
    q.sort = v2_sort(req);
    return q;
}

json::object store_json(const Runtime& rt) {
    const StoreInfo s = rt.info();
    return {{"id", s.store_hash},
            {"account_uuid", rt.account_uuid},
            {"domain", s.domain},
            {"secure_url", "https://" + s.domain},
            {"control_panel_base_url", "https://store-" + s.store_hash + ".mybigcommerce.com"},
            {"status", "live"},
            {"name", s.name},
            {"first_name", "Store"},
            {"last_name", "Owner"},
            {"address", "1 Depot Road, Austin, Texas 78701"},
            {"country", "United States"},
            {"country_code", "US"},
            {"phone", "555-0100"},
            {"admin_email", "owner@example.com"},
            {"order_email", "orders@example.com"},
            {"timezone",
             json::object{{"name", "Etc/UTC"},
                          {"raw_offset", 0},
                          {"dst_offset", 0},
                          {"dst_correction", false},
                          {"date_format", json::object{{"display", "jS M Y"},
                                                       {"export", "M jS Y"},
                                                       {"extended_display", "M jS Y @ g:i A"}}}}},
            {"language", "en"},
            {"currency", "USD"},
            {"currency_symbol", "$"},
            {"decimal_separator", "."},
            {"thousands_separator", ","},
            {"decimal_places", 2},
            {"currency_symbol_location", "left"},
            {"weight_units", "kg"},
            {"dimension_units", "Centimeters"},
            {"plan_name", s.plan == "pro"          ? "Pro"
                          : s.plan == "plus"       ? "Plus"
                          : s.plan == "enterprise" ? "Enterprise"
                                                   : "Standard"},
            {"plan_level", s.plan == "pro"          ? "Pro"
                           : s.plan == "plus"       ? "Plus"
                           : s.plan == "enterprise" ? "Enterprise"
                                                    : "Standard"},
            {"plan_is_trial", false},
            {"industry", "Home & Garden"},
            {"is_price_entered_with_tax", false},
            {"store_id", std::stoll(s.store_id)},
            {"default_channel_id", 1},
            {"default_site_id", 1000},
            {"features", json::object{{"stencil_enabled", true},
                                      {"sitewidehttps_enabled", true},
                                      {"facebook_catalog_id", ""},
                                      {"checkout_type", "optimized"},
                                      {"wishlists_enabled", false},
                                      {"graphql_storefront_api_enabled", true},
                                      {"shopper_consent_tracking_enabled", false},
                                      {"multi_storefront_enabled", true}}}};
}

std::optional<NewShipment> shipment_body(const json::object& b) {
    NewShipment n;
    auto text = [&](const char* key, std::string& out) {
        if (const auto* v = b.if_contains(key)) {
            if (!v->is_string())
                throw BadInput{400, std::string("The field '") + key + "' must be a string.", key};
            out = std::string(v->as_string());
        }
    };
    const auto* address = b.if_contains("order_address_id");
    if (!address || !address->is_int64())
        throw BadInput{400, "The required field 'order_address_id' was not supplied.",
                       "order_address_id"};
    n.order_address_id = address->as_int64();
    text("tracking_number", n.tracking_number);
    text("tracking_carrier", n.tracking_carrier);
    text("shipping_provider", n.shipping_provider);
    text("shipping_method", n.shipping_method);
    text("comments", n.comments);
    const auto* items = b.if_contains("items");
    if (!items || !items->is_array())
        throw BadInput{400, "The required field 'items' was not supplied.", "items"};
    for (const auto& i : items->as_array()) {
        const auto* o = i.if_object();
        const auto* id = o ? o->if_contains("order_product_id") : nullptr;
        const auto* q = o ? o->if_contains("quantity") : nullptr;
        if (!id || !id->is_int64() || !q || !q->is_int64())
            throw BadInput{400, "Each item must have an integer 'order_product_id' and 'quantity'.",
                           "items"};
        n.items.push_back({id->as_int64(), 0, static_cast<int>(q->as_int64())});
    }
    return n;
}

}  // namespace

void add_v2_routes(http::Router& r, Runtime& rt) {
    const std::string base = "/stores/{store_hash}/v2";
    auto add = [&](const char* method, const std::string& path, const char* scope, Handler f) {
        r.add({method, base + path, scope, false, v2_route(std::move(f))});
    };
    add("GET", "/store", k_read_information,
        [&rt](const http::Request&, const http::Context&) { return ok(store_json(rt)); });
    add("GET", "/time", k_read_information, [](const http::Request&, const http::Context&) {
        return ok(json::object{{"time", now_ms() / 1000}});
    });
    add("GET", "/order_statuses", k_read_orders, [](const http::Request&, const http::Context&) {
        json::array out;
        for (int i = 0; i < static_cast<int>(status_names().size()); ++i) {
            out.push_back(json::object{{"id", i},
                                       {"name", status_name(i)},
                                       {"system_label", status_name(i)},
                                       {"custom_label", status_name(i)},
                                       {"system_description", ""},
                                       {"order", i}});
        }
        return ok(out);
    });
    add("GET", "/orders", k_read_orders, [&rt](const http::Request& req, const http::Context&) {
        const OrderQuery q = order_query(req);
        const auto page = rt.store->orders(q, page_request(req));
        const StoreInfo s = rt.info();
        json::array out;
        for (const auto& o : page.items)
            out.push_back(order_v2(o, s));
        return list(out);
    });
    add("GET", "/orders/count", k_read_orders, [&rt](const http::Request&, const http::Context&) {
        json::array statuses;
        for (int i = 0; i < static_cast<int>(status_names().size()); ++i) {
            statuses.push_back(json::object{{"id", i},
                                            {"name", status_name(i)},
                                            {"system_label", status_name(i)},
                                            {"custom_label", status_name(i)},
                                            {"system_description", ""},
                                            {"count", rt.store->count_orders(i)},
                                            {"sort_order", i}});
        }
        return ok(json::object{{"statuses", std::move(statuses)},
                               {"count", rt.store->count_orders(std::nullopt)}});
    });
    add("GET", "/orders/{id}", k_read_orders,
        [&rt](const http::Request& req, const http::Context&) {
            const auto o = rt.store->order(path_id(req, "id"));
            return o ? ok(order_v2(*o, rt.info())) : not_found();
        });
    add("PUT", "/orders/{id}", k_write_orders,
        [&rt](const http::Request& req, const http::Context&) {
            const std::int64_t id = path_id(req, "id");
            const json::object b = json_body(req);
            std::optional<int> status;
            if (const auto* v = b.if_contains("status_id")) {
                if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > 14)
                    return error_v2(400,
                                    "The field 'status_id' must be an order status id "
                                    "between 0 and 14.");
                status = static_cast<int>(v->as_int64());
            }
            const auto c = rt.store->set_order_status(id, status);
            if (!c)
                return not_found();
            rt.publish_order_change(*c);
            return ok(order_v2(c->after, rt.info()));
        });
    add("GET", "/orders/{id}/products", k_read_orders,
        [&rt](const http::Request& req, const http::Context&) {
            const auto o = rt.store->order(path_id(req, "id"));
            if (!o)
                return not_found();
            const PageRequest p = page_request(req);
            json::array out;
            for (std::size_t i = static_cast<std::size_t>((p.page - 1) * p.limit);
                 i < o->products.size() && out.size() < static_cast<std::size_t>(p.limit); ++i)
                out.push_back(order_product_v2(o->products[i]));
            return list(out);
        });
    add("GET", "/orders/{id}/shipping_addresses", k_read_orders,
        [&rt](const http::Request& req, const http::Context&) {
            const auto o = rt.store->order(path_id(req, "id"));
            if (!o)
                return not_found();
            const StoreInfo s = rt.info();
            json::array out;
            for (const auto& a : o->shipping_addresses)
                out.push_back(shipping_address_v2(a, s));
            return list(out);
        });
    add("GET", "/orders/{id}/shipments", k_read_orders,
        [&rt](const http::Request& req, const http::Context&) {
            const auto o = rt.store->order(path_id(req, "id"));
            if (!o)
                return not_found();
            json::array out;
            for (const auto& sh : o->shipments)
                out.push_back(shipment_v2(sh, *o));
            return list(out);
        });
    add("POST", "/orders/{id}/shipments", k_write_orders,
        [&rt](const http::Request& req, const http::Context&) {
            const std::int64_t id = path_id(req, "id");
            const auto n = shipment_body(json_body(req));
            auto [created, refusal] = rt.store->create_shipment(id, *n);
            if (refusal)
                return error_v2(400, refusal->message);
            if (!created)
                return not_found();
            rt.publish("store/shipment/created",
                       {{"type", "shipment"}, {"id", created->shipment.id}, {"orderId", id}});
            rt.publish_order_change(created->order);
            return ok(shipment_v2(created->shipment, created->order.after), 201);
        });
}

}  // namespace sb::emulators::bigcommerce
