#include <boost/json/serialize.hpp>

#include "emulators/woocommerce/server/query.hpp"
#include "emulators/woocommerce/server/runtime.hpp"

// /wp-json/wc/v3: orders (and their notes), products (and their variations), customers and the
// system status, as the wc/v3 controllers answer them. Writes: an order's status and customer
// note, a product's or variation's manage_stock and stock_quantity; each fires its webhooks.
namespace sb::emulators::woocommerce {

namespace json = boost::json;

namespace {

ApiError no_order() {
    return {404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.", {}};
}
ApiError no_product() {
    return {404, "woocommerce_rest_product_invalid_id", "Invalid ID.", {}};
}
ApiError no_variation() {
    return {404, "woocommerce_rest_product_variation_invalid_id", "Invalid ID.", {}};
}

std::optional<std::string> text_field(const json::object& b, const std::string& key) {
    const auto* v = b.if_contains(key);
    if (!v)
        return std::nullopt;
    if (!v->is_string())
        throw invalid_param(key, key + " is not of type string.");
    return std::string(v->as_string());
}

std::optional<bool> bool_field(const json::object& b, const std::string& key) {
    const auto* v = b.if_contains(key);
    if (!v)
        return std::nullopt;
    if (!v->is_bool())
        throw invalid_param(key, key + " is not of type boolean.");
    return v->as_bool();
}

// WordPress coerces numeric strings for integer fields; null clears the quantity to 0.
std::optional<std::int64_t> int_field(const json::object& b, const std::string& key) {
    const auto* v = b.if_contains(key);
    if (!v)
        return std::nullopt;
    if (v->is_int64())
        return v->as_int64();
    if (v->is_uint64())
        return static_cast<std::int64_t>(v->as_uint64());
    if (v->is_string()) {
        try {
            std::size_t used = 0;
            const std::string s(v->as_string());
            const std::int64_t n = std::stoll(s, &used);
            if (used == s.size())
                return n;
        } catch (const std::exception&) {
        }
    }
    throw invalid_param(key, key + " is not of type integer.");
}

StockUpdate stock_update(const json::object& b) {
    StockUpdate u;
    u.manage_stock = bool_field(b, "manage_stock");
    u.stock_quantity = int_field(b, "stock_quantity");
    return u;
}

}  // namespace

void add_rest_routes(http::Router& r, Runtime& rt) {
    const std::string base = "/wp-json/wc/v3";
    auto add = [&](const char* method, const std::string& path, Handler f) {
        r.add({method, base + path, "", false, wc_route(std::move(f))});
    };

    add("GET", "/orders", [&rt](const http::Request& req, const http::Context&) {
        const Site site = rt.site();
        const ListQuery q = list_query(req, Collection::orders, site.utc_offset_minutes);
        const auto page = rt.store->orders(q);
        json::array items;
        for (const auto& o : page.items)
            items.push_back(order_json(o, site));
        return list_response(req, site, std::move(items), page.total, q);
    });
    add("GET", "/orders/{id}", [&rt](const http::Request& req, const http::Context&) {
        const auto o = rt.store->order(path_id(req, "id"));
        if (!o)
            throw no_order();
        return ok(200, order_json(*o, rt.site()));
    });
    add("PUT", "/orders/{id}", [&rt](const http::Request& req, const http::Context&) {
        const json::object b = json_body(req);
        const auto status = text_field(b, "status");
        if (status && !known_order_status(*status))
            throw invalid_param("status",
                                "status is not one of pending, processing, on-hold, completed, "
                                "cancelled, refunded, failed, trash and checkout-draft.");
        const std::int64_t id = path_id(req, "id");
        const auto before = rt.store->order(id);
        if (!before)
            throw no_order();
        const auto c = rt.store->set_order_status(id, status.value_or(before->status));
        if (!c)
            throw no_order();
        const json::object after = order_json(c->after, rt.site());
        rt.publish("order.updated", after);
        return ok(200, after);
    });
    add("GET", "/orders/{id}/notes", [&rt](const http::Request& req, const http::Context&) {
        const auto o = rt.store->order(path_id(req, "id"));
        if (!o)
            throw ApiError{404, "woocommerce_rest_order_invalid_id", "Invalid order ID.", {}};
        const Site site = rt.site();
        const std::string type = std::string(req.query_param("type").value_or("any"));
        json::array items;
        for (auto it = o->notes.rbegin(); it != o->notes.rend(); ++it) {  // newest first
            if ((type == "customer" && !it->customer_note) ||
                (type == "internal" && it->customer_note))
                continue;
            items.push_back(note_json(*o, *it, site));
        }
        return ok(200, items);
    });
    add("POST", "/orders/{id}/notes", [&rt](const http::Request& req, const http::Context&) {
        const json::object b = json_body(req);
        const auto note = text_field(b, "note");
        if (!note || note->empty())
            throw ApiError{400, "rest_missing_callback_param", "Missing parameter(s): note",
                           json::object{{"params", json::array{"note"}}}};
        const std::int64_t id = path_id(req, "id");
        const auto n =
            rt.store->add_note(id, *note, bool_field(b, "customer_note").value_or(false));
        if (!n)
            throw ApiError{404, "woocommerce_rest_order_invalid_id", "Invalid order ID.", {}};
        return ok(201, note_json(*rt.store->order(id), *n, rt.site()));
    });

    add("GET", "/products", [&rt](const http::Request& req, const http::Context&) {
        const Site site = rt.site();
        const ListQuery q = list_query(req, Collection::products, site.utc_offset_minutes);
        const auto page = rt.store->products(q);
        json::array items;
        for (const auto& p : page.items)
            items.push_back(product_json(p, site));
        return list_response(req, site, std::move(items), page.total, q);
    });
    add("GET", "/products/{id}", [&rt](const http::Request& req, const http::Context&) {
        const auto p = rt.store->product(path_id(req, "id"));
        if (!p)
            throw no_product();
        return ok(200, product_json(*p, rt.site()));
    });
    add("PUT", "/products/{id}", [&rt](const http::Request& req, const http::Context&) {
        const StockUpdate u = stock_update(json_body(req));
        const auto c = rt.store->update_stock(path_id(req, "id"), 0, u);
        if (!c)
            throw no_product();
        const json::object after = product_json(c->product, rt.site());
        rt.publish("product.updated", after);
        return ok(200, after);
    });
    add("GET", "/products/{id}/variations", [&rt](const http::Request& req, const http::Context&) {
        const auto p = rt.store->product(path_id(req, "id"));
        if (!p)
            throw no_product();
        const Site site = rt.site();
        const ListQuery q = list_query(req, Collection::plain, site.utc_offset_minutes);
        json::array items;
        const std::int64_t from = q.offset >= 0 ? q.offset : (q.page - 1) * q.per_page;
        const auto total = static_cast<std::int64_t>(p->variations.size());
        for (std::int64_t i = from; i < total && i < from + q.per_page; ++i)
            items.push_back(variation_json(*p, p->variations[static_cast<std::size_t>(i)], site));
        return list_response(req, site, std::move(items), total, q);
    });
    add("GET", "/products/{id}/variations/{variation_id}",
        [&rt](const http::Request& req, const http::Context&) {
            const auto p = rt.store->product(path_id(req, "id"));
            if (!p)
                throw no_product();
            for (const auto& v : p->variations) {
                if (v.id == path_id(req, "variation_id"))
                    return ok(200, variation_json(*p, v, rt.site()));
            }
            throw no_variation();
        });
    add("PUT", "/products/{id}/variations/{variation_id}",
        [&rt](const http::Request& req, const http::Context&) {
            const StockUpdate u = stock_update(json_body(req));
            const auto vid = path_id(req, "variation_id");
            if (vid <= 0)
                throw no_variation();
            const auto c = rt.store->update_stock(path_id(req, "id"), vid, u);
            if (!c)
                throw rt.store->product(path_id(req, "id")) ? no_variation() : no_product();
            const Site site = rt.site();
            rt.publish("product.updated", product_json(c->product, site));
            for (const auto& v : c->product.variations) {
                if (v.id == c->variation_id)
                    return ok(200, variation_json(c->product, v, site));
            }
            throw no_variation();
        });

    add("GET", "/customers", [&rt](const http::Request& req, const http::Context&) {
        const Site site = rt.site();
        const ListQuery q = list_query(req, Collection::customers, site.utc_offset_minutes);
        const auto page = rt.store->customers(q);
        json::array items;
        for (const auto& c : page.items)
            items.push_back(customer_json(c, site));
        return list_response(req, site, std::move(items), page.total, q);
    });
    add("GET", "/customers/{id}", [&rt](const http::Request& req, const http::Context&) {
        const auto c = rt.store->customer(path_id(req, "id"));
        if (!c)
            throw ApiError{404, "woocommerce_rest_invalid_id", "Invalid resource ID.", {}};
        return ok(200, customer_json(*c, rt.site()));
    });

    add("GET", "/system_status", [&rt](const http::Request&, const http::Context&) {
        const Site site = rt.site();
        const int off = site.utc_offset_minutes;
        char tz[16];
        std::snprintf(tz, sizeof tz, "%c%02d:%02d", off < 0 ? '-' : '+', std::abs(off) / 60,
                      std::abs(off) % 60);
        json::object env{{"home_url", site.url},      {"site_url", site.url},
                         {"version", "8.9.3"},        {"wp_version", "6.5.3"},
                         {"wp_multisite", false},     {"language", "en_US"},
                         {"default_timezone", "UTC"}, {"site_timezone", tz}};
        json::object settings{{"api_enabled", true},
                              {"force_ssl", false},
                              {"currency", "USD"},
                              {"currency_symbol", "&#36;"},
                              {"currency_position", "left"},
                              {"thousand_separator", ","},
                              {"decimal_separator", "."},
                              {"number_of_decimals", 2},
                              {"geolocation_enabled", false},
                              {"woocommerce_com_connected", "no"}};
        return ok(200, json::object{{"environment", std::move(env)},
                                    {"database", json::object{}},
                                    {"active_plugins", json::array{}},
                                    {"theme", json::object{}},
                                    {"settings", std::move(settings)},
                                    {"security", json::object{{"secure_connection", false},
                                                              {"hide_errors", true}}},
                                    {"pages", json::array{}}});
    });
}

}  // namespace sb::emulators::woocommerce
