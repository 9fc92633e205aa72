#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "core/time.hpp"
#include "emulators/shopify/rest/rest_json.hpp"
#include "emulators/shopify/server/runtime.hpp"
#include "emulators/shopify/webhooks/events.hpp"

// /_emulator/…: the control plane tests and developers use to change the store, inject
// faults and read counters. Unauthenticated: it exists only on the emulator.
namespace sb::emulators::shopify {

namespace json = boost::json;

namespace {

json::object body_of(const http::Request& req) {
    boost::system::error_code ec;
    auto v = json::parse(req.body.empty() ? "{}" : req.body, ec);
    if (ec || !v.is_object())
        return {};
    return v.as_object();
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
    r.add({"POST", "/_emulator/uninstall", "", true,
           [&rt](const http::Request&, const http::Context&) {
               rt.installed = false;
               rt.tokens.revoke_all();
               rt.tokens.add_offline(rt.admin_token,
                                     all_scopes());  // the emulator's own token survives
               json::object shop = rest_shop(rt.store->shop());
               rt.webhooks->publish("app/uninstalled", json::serialize(shop));
               return http::Response::json(200, R"({"uninstalled":true})");
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
               rt.webhooks->publish(topic, json::serialize(body));
               return http::Response::json(200, json::serialize(json::object{{"topic", topic}}));
           }});
    r.add({"POST", "/_emulator/faults", "", true,
           [&rt](const http::Request& req, const http::Context&) {
               const auto b = body_of(req);
               std::lock_guard lock(rt.faults.mutex);
               auto number = [&](const char* k) -> std::optional<double> {
                   const auto* v = b.if_contains(k);
                   if (v && v->is_number())
                       return v->to_number<double>();
                   return std::nullopt;
               };
               if (auto v = number("latency_min_ms"))
                   rt.faults.latency_min_ms = static_cast<int>(*v);
               if (auto v = number("latency_max_ms"))
                   rt.faults.latency_max_ms = static_cast<int>(*v);
               if (auto v = number("fail_rate"))
                   rt.faults.fail_rate = *v;
               if (auto v = number("reset_rate"))
                   rt.faults.reset_rate = *v;
               if (auto v = number("throttle_storm_seconds")) {
                   rt.faults.throttle_until_ms = now_ms() + static_cast<std::int64_t>(*v * 1000);
                   if (*v > 0)
                       rt.cost_bucket->drain();
               }
               const double drop = number("webhook_drop_rate").value_or(-1);
               const double dup = number("webhook_duplicate_rate").value_or(-1);
               if (drop >= 0 || dup >= 0)
                   rt.webhooks->set_faults(std::max(0.0, drop), std::max(0.0, dup));
               return http::Response::json(
                   200, json::serialize(json::object{
                            {"latency_min_ms", rt.faults.latency_min_ms},
                            {"latency_max_ms", rt.faults.latency_max_ms},
                            {"fail_rate", rt.faults.fail_rate},
                            {"reset_rate", rt.faults.reset_rate},
                            {"throttle_until",
                             rt.faults.throttle_until_ms > now_ms()
                                 ? json::value(format_time(rt.faults.throttle_until_ms))
                                 : json::value(nullptr)}}));
           }});
    r.add(
        {"GET", "/_emulator/stats", "", true, [&rt](const http::Request&, const http::Context&) {
             const Store& st = *rt.store;
             const auto w = rt.webhooks->stats();
             const std::int64_t variants = st.variant_count();
             json::object body{
                 {"shop", st.shop().myshopify_domain},
                 {"plan", rt.options.plan},
                 {"installed", rt.installed.load()},
                 {"records",
                  json::object{
                      {"orders", st.order_count()},
                      {"products", st.product_count()},
                      {"variants", variants},
                      {"inventory_items", variants},
                      {"inventory_levels", variants * st.location_count()},
                      {"customers", st.customer_count()},
                      {"locations", st.location_count()},
                      {"abandoned_checkouts", st.checkout_count()},
                      {"shipping_zones", static_cast<std::int64_t>(st.shipping_zones().size())},
                      {"carrier_services", static_cast<std::int64_t>(st.carrier_services().size())},
                      {"webhook_subscriptions",
                       static_cast<std::int64_t>(rt.webhooks->subscriptions().size())},
                      {"bulk_operations", rt.bulk->count()}}},
                 {"requests",
                  json::object{{"total", rt.counters.requests.load()},
                               {"graphql", rt.counters.graphql.load()},
                               {"rest", rt.counters.rest.load()},
                               {"throttled", rt.counters.graphql_throttled.load() +
                                                 rt.counters.rest_throttled.load()},
                               {"graphql_throttled", rt.counters.graphql_throttled.load()},
                               {"rest_throttled", rt.counters.rest_throttled.load()},
                               {"injected_failures", rt.counters.injected_failures.load()},
                               {"injected_resets", rt.counters.injected_resets.load()}}},
                 {"limits",
                  json::object{
                      {"graphql_bucket_size", static_cast<std::int64_t>(rt.limits.graphql_bucket)},
                      {"graphql_restore_rate",
                       static_cast<std::int64_t>(rt.limits.graphql_restore)},
                      {"rest_bucket_size", static_cast<std::int64_t>(rt.limits.rest_bucket)},
                      {"rest_leak_rate", static_cast<std::int64_t>(rt.limits.rest_leak)}}},
                 {"webhooks", json::object{{"published", w.published},
                                           {"delivered", w.delivered},
                                           {"failed_attempts", w.failed_attempts},
                                           {"abandoned", w.abandoned},
                                           {"dropped", w.dropped},
                                           {"duplicated", w.duplicated},
                                           {"pending", w.pending}}}};
             return http::Response::json(200, json::serialize(body));
         }});
}

}  // namespace sb::emulators::shopify
