#include <boost/json/serialize.hpp>

#include "emulators/common/admin_endpoints.hpp"
#include "emulators/woocommerce/server/query.hpp"
#include "emulators/woocommerce/server/runtime.hpp"

// /_emulator/…: the control plane tests and developers use to change the store as a shopper or
// the merchant would, each change firing the webhooks WooCommerce would; faults, stats and
// uninstall are the kit's (common/admin_endpoints.hpp). Unauthenticated: it exists only on the
// emulator.
namespace sb::emulators::woocommerce {

namespace json = boost::json;

namespace {

using common::InvalidBody;
using common::object_body;

const auto integer = common::body_integer;  // the kit's body member reader

const auto text = common::body_text;  // the kit's body member reader

std::optional<std::string> status_of(const json::object& b) {
    auto s = text(b, "status");
    if (s && !known_order_status(*s))
        throw InvalidBody{"status must be an order status"};
    return s;
}

NewOrder new_order(const json::object& b) {
    NewOrder n;
    n.customer_id = integer(b, "customer_id");
    if (auto s = status_of(b))
        n.status = *s;
    if (const auto* items = b.if_contains("line_items")) {
        if (!items->is_array())
            throw InvalidBody{"line_items must be an array"};
        for (const auto& i : items->as_array()) {
            if (!i.is_object())
                throw InvalidBody{"line_items[] must be objects"};
            NewOrderItem item;
            item.product_id = integer(i.as_object(), "product_id").value_or(0);
            item.variation_id = integer(i.as_object(), "variation_id").value_or(0);
            item.quantity = static_cast<int>(integer(i.as_object(), "quantity").value_or(1));
            n.items.push_back(item);
        }
    }
    return n;
}

std::int64_t id_of(const http::Request& req) {
    try {
        return std::stoll(std::string(req.path_param("id")));
    } catch (const std::exception&) {
        return -1;
    }
}

http::Response not_found() {
    return error_response({404, "woocommerce_rest_invalid_id", "Invalid ID.", {}});
}

http::Response changed_order(Runtime& rt, const std::optional<OrderChange>& c) {
    if (!c)
        return not_found();
    const json::object after = order_json(c->after, rt.site());
    rt.publish("order.updated", after);
    return ok(200, after);
}

common::StatsParts stats(const Runtime& rt) {
    const StoreCounts c = rt.store->counts();
    common::StatsParts p;
    p.shop = rt.site_url();
    p.state = {{"utc_offset_minutes", rt.options.utc_offset_minutes}};
    p.records = {{"orders", c.orders},
                 {"products", c.products},
                 {"variations", c.variations},
                 {"customers", c.customers},
                 {"order_notes", c.notes},
                 {"webhooks", static_cast<std::int64_t>(rt.hooks->all().size())},
                 {"api_keys", rt.keys.size()}};
    p.requests = {{"api", rt.counters.api.load()},
                  {"unauthorized", rt.counters.unauthorized.load()},
                  {"pings_delivered", rt.counters.pings_delivered.load()},
                  {"pings_failed", rt.counters.pings_failed.load()},
                  {"oauth1", rt.counters.oauth1.load()},
                  {"basic", rt.counters.basic.load()},
                  {"keys_granted", rt.counters.keys_granted.load()},
                  {"keys_refused", rt.counters.keys_refused.load()},
                  {"max_in_flight", rt.counters.max_in_flight.load()},
                  {"html_answers", rt.counters.html_answers.load()}};
    p.limits = {{"rate_limit", nullptr}, {"max_per_page", 100}};
    return p;
}

}  // namespace

void add_admin_routes(http::Router& r, Runtime& rt) {
    auto add = [&](const char* method, const char* path, auto f) {
        r.add({method, path, "", true, common::refusing_invalid(f, kit_error)});
    };
    add("POST", "/_emulator/orders", [&rt](const http::Request& req) {
        auto [o, refusal] = rt.store->create_order(new_order(object_body(req)));
        if (!o)
            return error_response({400, "rest_invalid_param", refusal, {}});
        const json::object j = order_json(*o, rt.site());
        rt.publish("order.created", j);
        return ok(201, j);
    });
    add("PUT", "/_emulator/orders/{id}", [&rt](const http::Request& req) {
        const auto status = status_of(object_body(req));
        const auto before = rt.store->order(id_of(req));
        if (!before)
            return not_found();
        return changed_order(
            rt, rt.store->set_order_status(before->id, status.value_or(before->status)));
    });
    add("POST", "/_emulator/orders/{id}/cancel", [&rt](const http::Request& req) {
        return changed_order(rt, rt.store->set_order_status(id_of(req), "cancelled"));
    });
    add("DELETE", "/_emulator/orders/{id}", [&rt](const http::Request& req) {
        const auto o = rt.store->delete_order(id_of(req));
        if (!o)
            return not_found();
        rt.publish("order.deleted", {{"id", o->id}});
        return ok(200, json::object{{"id", o->id}, {"deleted", true}});
    });
    add("POST", "/_emulator/orders/{id}/notes", [&rt](const http::Request& req) {
        const json::object b = object_body(req);
        const auto note = text(b, "note");
        if (!note)
            throw InvalidBody{"note is required"};
        const auto n = rt.store->add_note(id_of(req), *note, false);
        if (!n)
            return not_found();
        return ok(201, note_json(*rt.store->order(id_of(req)), *n, rt.site()));
    });
    add("PUT", "/_emulator/stock", [&rt](const http::Request& req) {
        const json::object b = object_body(req);
        const auto product_id = integer(b, "product_id");
        const auto quantity = integer(b, "stock_quantity");
        if (!product_id || !quantity)
            throw InvalidBody{"product_id and stock_quantity are required"};
        StockUpdate u;
        u.stock_quantity = quantity;
        u.manage_stock = true;
        const auto c =
            rt.store->update_stock(*product_id, integer(b, "variation_id").value_or(0), u);
        if (!c)
            return not_found();
        const json::object j = product_json(c->product, rt.site());
        rt.publish("product.updated", j);
        return ok(200, j);
    });
    add("PUT", "/_emulator/products/{id}", [&rt](const http::Request& req) {
        const auto p = rt.store->touch_product(id_of(req));
        if (!p)
            return not_found();
        const json::object j = product_json(*p, rt.site());
        rt.publish("product.updated", j);
        return ok(200, j);
    });
    add("PUT", "/_emulator/customers/{id}", [&rt](const http::Request& req) {
        const auto c = rt.store->touch_customer(id_of(req));
        if (!c)
            return not_found();
        const json::object j = customer_json(*c, rt.site());
        rt.publish("customer.updated", j);
        return ok(200, j);
    });
    common::AdminOptions admin;
    admin.error = kit_error;
    admin.strict = true;
    admin.counted_faults = true;
    admin.stats = [&rt] { return stats(rt); };
    common::add_common_admin_routes(r, rt, std::move(admin));
}

}  // namespace sb::emulators::woocommerce
