#include <boost/json/serialize.hpp>
#include <charconv>

#include "emulators/common/admin_endpoints.hpp"
#include "emulators/shopify/rest/rest_json.hpp"
#include "emulators/shopify/server/runtime.hpp"
#include "emulators/shopify/webhooks/events.hpp"

// /_emulator/…: the control plane tests and developers use to change the store; faults, stats
// and uninstall are the kit's (common/admin_endpoints.hpp). Unauthenticated: it exists only on
// the emulator.
namespace sb::emulators::shopify {

namespace json = boost::json;

namespace {

// Lenient, as Shopify's control API has always been: a body that is not an object is {}.
json::object body_of(const http::Request& req) {
    try {
        return common::object_body(req);
    } catch (const common::InvalidBody&) {
        return {};
    }
}

OrderChanges changes_of(const json::object& b) {
    const json::object& o =
        b.contains("order") && b.at("order").is_object() ? b.at("order").as_object() : b;
    OrderChanges c;
    if (auto* v = o.if_contains("email"); v && v->is_string())
        c.email = std::string(v->as_string());
    if (auto* v = o.if_contains("note"); v && v->is_string())
        c.note = std::string(v->as_string());
    if (auto* v = o.if_contains("financial_status"); v && v->is_string())
        c.financial_status = std::string(v->as_string());
    if (auto* v = o.if_contains("tags"); v && v->is_string())
        c.tags = split_scopes(std::string(v->as_string()));
    return c;
}

std::optional<std::int64_t> id_param(const http::Request& req) {
    const auto s = req.path_param("id");
    std::int64_t v = 0;
    if (std::from_chars(s.data(), s.data() + s.size(), v).ec != std::errc())
        return std::nullopt;
    return v;
}

http::Response order_reply(Runtime& rt, int status, const Order& o) {
    std::optional<Customer> c;
    if (o.customer_index)
        c = rt.store->customer_at(*o.customer_index);
    return http::Response::json(
        status, json::serialize(json::object{
                    {"order", rest_order(o, c ? &*c : nullptr, rt.options.shop_domain)}}));
}

http::Response not_found() {
    return http::Response::json(404, R"({"errors":"Not Found"})");
}

common::StatsParts stats(const Runtime& rt) {
    const Store& st = *rt.store;
    const std::int64_t variants = st.variant_count();
    const auto count = [](std::size_t n) { return static_cast<std::int64_t>(n); };
    common::StatsParts p;
    p.shop = st.shop().myshopify_domain;
    p.state = {{"plan", rt.options.plan}};
    p.records = {{"orders", st.order_count()},
                 {"products", st.product_count()},
                 {"variants", variants},
                 {"inventory_items", variants},
                 {"inventory_levels", variants * st.location_count()},
                 {"customers", st.customer_count()},
                 {"locations", st.location_count()},
                 {"abandoned_checkouts", st.checkout_count()},
                 {"shipping_zones", count(st.shipping_zones().size())},
                 {"carrier_services", count(st.carrier_services().size())},
                 {"webhook_subscriptions", count(rt.webhooks.subscriptions().size())},
                 {"bulk_operations", rt.bulk->count()}};
    const std::int64_t graphql_throttled = rt.counters.graphql_throttled.load();
    const std::int64_t rest_throttled = rt.counters.rest_throttled.load();
    p.requests = {{"graphql", rt.counters.graphql.load()},
                  {"rest", rt.counters.rest.load()},
                  {"throttled", graphql_throttled + rest_throttled},
                  {"graphql_throttled", graphql_throttled},
                  // Points: what queries asked the bucket for, and what it kept (the actual
                  // cost), summed over every GraphQL request served.
                  {"graphql_points_requested", rt.counters.graphql_points_requested.load()},
                  {"graphql_points_spent", rt.counters.graphql_points_spent.load()},
                  {"rest_throttled", rest_throttled}};
    const auto whole = [](double d) { return static_cast<std::int64_t>(d); };
    p.limits = {{"graphql_bucket_size", whole(rt.limits.graphql_bucket)},
                {"graphql_restore_rate", whole(rt.limits.graphql_restore)},
                {"rest_bucket_size", whole(rt.limits.rest_bucket)},
                {"rest_leak_rate", whole(rt.limits.rest_leak)}};
    return p;
}

}  // namespace

void add_admin_routes(http::Router& r, Runtime& rt) {
    r.add({"POST", "/_emulator/orders", "", true,
           [&rt](const http::Request& req, const http::Context&) {
               Order o = rt.store->create_order(changes_of(body_of(req)));
               const Services sv = rt.services();
               publish_order(sv, "orders/create", o);
               return order_reply(rt, 201, o);
           }});
    r.add({"PUT", "/_emulator/orders/{id}", "", true,
           [&rt](const http::Request& req, const http::Context&) {
               auto id = id_param(req);
               auto o = id ? rt.store->update_order(*id, changes_of(body_of(req))) : std::nullopt;
               if (!o)
                   return not_found();
               publish_order(rt.services(), "orders/updated", *o);
               return order_reply(rt, 200, *o);
           }});
    // Shopify's orders/delete body is the id alone.
    r.add({"DELETE", "/_emulator/orders/{id}", "", true,
           [&rt](const http::Request& req, const http::Context&) {
               auto id = id_param(req);
               auto o = id ? rt.store->delete_order(*id) : std::nullopt;
               if (!o)
                   return not_found();
               rt.webhooks.publish("orders/delete", json::serialize(json::object{{"id", o->id}}));
               return http::Response::json(200, "{}");
           }});
    r.add({"POST", "/_emulator/orders/{id}/cancel", "", true,
           [&rt](const http::Request& req, const http::Context&) {
               auto id = id_param(req);
               const auto b = body_of(req);
               std::string reason = "customer";
               if (auto* v = b.if_contains("reason"); v && v->is_string())
                   reason = std::string(v->as_string());
               auto res = id ? rt.store->cancel_order(*id, reason) : std::nullopt;
               if (!res)
                   return not_found();
               if (!res->second)
                   return http::Response::json(
                       422, R"({"errors":{"base":["Order has already been cancelled"]}})");
               publish_order(rt.services(), "orders/cancelled", res->first);
               publish_order(rt.services(), "orders/updated", res->first);
               return order_reply(rt, 200, res->first);
           }});
    r.add(
        {"POST", "/_emulator/inventory", "", true,
         [&rt](const http::Request& req, const http::Context&) {
             const auto b = body_of(req);
             auto num = [&](const char* k) -> std::optional<std::int64_t> {
                 const auto* v = b.if_contains(k);
                 if (v && v->is_int64())
                     return v->as_int64();
                 return std::nullopt;
             };
             auto item = num("inventory_item_id");
             auto loc = num("location_id");
             const bool delta = b.contains("adjustment");
             auto qty = delta ? num("adjustment") : num("available");
             if (!item || !loc || !qty) {
                 return http::Response::json(
                     422,
                     R"({"errors":"inventory_item_id, location_id and available (or adjustment) are required"})");
             }
             auto l = rt.store->change_inventory(*item, *loc, "available", *qty, delta);
             if (!l)
                 return not_found();
             publish_inventory(rt.services(), *l);
             return http::Response::json(
                 200, json::serialize(json::object{{"inventory_level", rest_inventory_level(*l)}}));
         }});
    r.add({"POST", "/_emulator/gdpr/{topic}", "", true,
           [&rt](const http::Request& req, const http::Context&) {
               const std::string t(req.path_param("topic"));
               const Shop shop = rt.store->shop();
               const Customer c = rt.store->customer_at(0);
               json::object body{{"shop_id", shop.id}, {"shop_domain", shop.myshopify_domain}};
               std::string topic;
               if (t == "customers-redact") {
                   topic = "customers/redact";
                   body["customer"] = json::object{
                       {"id", c.id},
                       {"email", c.email ? json::value(*c.email) : json::value(nullptr)},
                       {"phone", nullptr}};
                   body["orders_to_redact"] = json::array{ids::order};
               } else if (t == "shop-redact") {
                   topic = "shop/redact";
               } else if (t == "customers-data-request") {
                   topic = "customers/data_request";
                   body["customer"] = json::object{
                       {"id", c.id},
                       {"email", c.email ? json::value(*c.email) : json::value(nullptr)},
                       {"phone", nullptr}};
                   body["orders_requested"] = json::array{ids::order};
                   body["data_request"] = json::object{{"id", 9999}};
               } else {
                   return not_found();
               }
               rt.webhooks.publish(topic, json::serialize(body));
               return http::Response::json(200, json::serialize(json::object{{"topic", topic}}));
           }});
    common::AdminOptions admin;
    admin.error = error_response;
    admin.throttle_storms = true;
    admin.on_storm = [&rt] { rt.cost_bucket->drain(); };
    admin.stats = [&rt] { return stats(rt); };
    admin.announce_uninstall = [&rt] {
        rt.webhooks.publish("app/uninstalled", json::serialize(rest_shop(rt.store->shop())));
    };
    common::add_common_admin_routes(r, rt, std::move(admin));
}

}  // namespace sb::emulators::shopify
