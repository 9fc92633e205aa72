#include <boost/json/array.hpp>

#include "core/time.hpp"
#include "emulators/shopify/bulk/bulk_operations.hpp"
#include "emulators/shopify/data/store.hpp"
#include "emulators/shopify/resolvers/common.hpp"
#include "emulators/shopify/resolvers/services.hpp"
#include "emulators/shopify/webhooks/events.hpp"
#include "emulators/shopify/webhooks/webhooks.hpp"

// Mutations. Failures the caller can fix are userErrors in the payload, never top-level
// errors, as in the Admin API.
namespace sb::emulators::shopify {

namespace json = boost::json;
using graphql::Entity;
using graphql::FieldKind;
using graphql::make_entity;

namespace {

using Field = std::tuple<std::string, FieldKind, std::string>;

graphql::Result payload(std::map<std::string, graphql::Result, std::less<>> fields) {
    return make_entity("Payload", PayloadRef{std::move(fields)});
}

void mutation(graphql::Schema& s, const std::string& name, const std::string& payload_type_name,
              graphql::Resolver r, const std::string& scope = {}) {
    graphql::FieldDef d;
    d.name = name;
    d.kind = FieldKind::object;
    d.type = payload_type_name;
    d.scope = scope;
    d.resolve = [r, scope, name](const Entity& e, const graphql::Args& a,
                                 graphql::Context& ctx) -> graphql::Result {
        if (!scope.empty())
            require_scope(ctx, name, scope);
        graphql::Result out = r(e, a, ctx);
        // The payload entity is named after its type so fragments on it work.
        if (auto* ent = std::get_if<Entity>(&out); ent && ent->type == "Payload")
            ent->type = "";
        return out;
    };
    s.field("Mutation", std::move(d));
}

// Sets the concrete payload type name on an entity built by payload().
graphql::Result named(graphql::Result r, std::string_view type) {
    if (auto* e = std::get_if<Entity>(&r))
        e->type = type;
    return r;
}

std::vector<Entity> errors(std::vector<Entity> e) {
    return e;
}

std::optional<std::int64_t> gid_of(const graphql::Args& a, std::string_view name,
                                   std::string_view type) {
    auto g = parse_gid(arg_string(a, name));
    if (!g || g->first != type)
        return std::nullopt;
    return g->second;
}

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

void register_inventory_mutations(graphql::Schema& s) {
    payload_type(s, "InventorySetQuantitiesPayload",
                 {Field{"inventoryAdjustmentGroup", FieldKind::object, "InventoryAdjustmentGroup"},
                  Field{"userErrors", FieldKind::list, "UserError"}});
    payload_type(s, "InventoryAdjustQuantitiesPayload",
                 {Field{"inventoryAdjustmentGroup", FieldKind::object, "InventoryAdjustmentGroup"},
                  Field{"userErrors", FieldKind::list, "UserError"}});
    payload_type(
        s, "InventoryAdjustmentGroup",
        {Field{"id", FieldKind::scalar, "ID"}, Field{"reason", FieldKind::scalar, "String"},
         Field{"createdAt", FieldKind::scalar, "DateTime"},
         Field{"changes", FieldKind::list, "InventoryChange"}});
    payload_type(
        s, "InventoryChange",
        {Field{"name", FieldKind::scalar, "String"}, Field{"delta", FieldKind::scalar, "Int"},
         Field{"quantityAfterChange", FieldKind::scalar, "Int"},
         Field{"item", FieldKind::object, "InventoryItem"},
         Field{"location", FieldKind::object, "Location"}});

    auto run = [](const graphql::Args& a, graphql::Context& ctx, bool adjust) -> graphql::Result {
        const Services& sv = services(ctx);
        std::vector<Entity> errs;
        const auto* input = a.if_contains("input");
        if (!input || !input->is_object()) {
            errs.push_back(user_error({"input"}, "Input is required", "INVALID_NAME"));
            return payload(
                {{"inventoryAdjustmentGroup", json::value(nullptr)}, {"userErrors", errs}});
        }
        const auto& in = input->as_object();
        const std::string name = in.contains("name") && in.at("name").is_string()
                                     ? std::string(in.at("name").as_string())
                                     : "available";
        if (name != "available" && name != "on_hand" && name != "incoming" && name != "reserved" &&
            name != "damaged" && name != "safety_stock" && name != "quality_control") {
            errs.push_back(user_error({"input", "name"},
                                      "The quantity name must be one of: available, on_hand, ...",
                                      "INVALID_NAME"));
            return payload(
                {{"inventoryAdjustmentGroup", json::value(nullptr)}, {"userErrors", errs}});
        }
        const char* list_key = adjust ? "changes" : "quantities";
        const auto* items = in.if_contains(list_key);
        if (!items || !items->is_array()) {
            errs.push_back(user_error({"input", list_key}, "At least one change is required",
                                      "INVALID_QUANTITY_TOO_LOW"));
            return payload(
                {{"inventoryAdjustmentGroup", json::value(nullptr)}, {"userErrors", errs}});
        }
        std::vector<Entity> changes;
        std::size_t idx = 0;
        for (const auto& v : items->as_array()) {
            const std::string i = std::to_string(idx++);
            if (!v.is_object())
                continue;
            const auto& c = v.as_object();
            graphql::Args ca = c;
            auto item = gid_of(ca, "inventoryItemId", "InventoryItem");
            auto loc = gid_of(ca, "locationId", "Location");
            const auto qty = arg_int(ca, adjust ? "delta" : "quantity");
            if (!item || !sv.store->inventory_item_slot(*item)) {
                errs.push_back(user_error({"input", list_key, i, "inventoryItemId"},
                                          "The specified inventory item could not be found.",
                                          "INVALID_INVENTORY_ITEM"));
                continue;
            }
            if (!loc || !sv.store->location_index(*loc)) {
                errs.push_back(user_error({"input", list_key, i, "locationId"},
                                          "The specified location could not be found.",
                                          "INVALID_LOCATION"));
                continue;
            }
            if (!qty) {
                errs.push_back(user_error({"input", list_key, i, adjust ? "delta" : "quantity"},
                                          "A quantity is required", "INVALID_QUANTITY_TOO_LOW"));
                continue;
            }
            auto slot = sv.store->inventory_item_slot(*item);
            const auto before = sv.store->inventory_level(slot->first, slot->second,
                                                          *sv.store->location_index(*loc));
            // The quantity the caller expects to change from: changeFromQuantity (2026-04 on;
            // null skips the check), or compareQuantity unless ignoreCompareQuantity (2026-01).
            std::optional<std::int64_t> expected;
            std::string compare_key = "changeFromQuantity";
            if (c.contains("changeFromQuantity")) {
                expected = arg_int(ca, "changeFromQuantity");
            } else if (!adjust && !arg_bool(in, "ignoreCompareQuantity", true) &&
                       c.contains("compareQuantity")) {
                expected = arg_int(ca, "compareQuantity");
                compare_key = "compareQuantity";
            }
            if (expected && *expected != before.quantity(name)) {
                errs.push_back(user_error(
                    {"input", list_key, i, compare_key},
                    "The specified compare quantity does not match the current quantity.",
                    compare_key == "compareQuantity" ? "COMPARE_QUANTITY_STALE"
                                                     : "CHANGE_FROM_QUANTITY_STALE"));
                continue;
            }
            auto after = sv.store->change_inventory(*item, *loc, name, *qty, adjust);
            if (!after)
                continue;
            publish_inventory(sv, *after);
            changes.push_back(make_entity(
                "InventoryChange",
                PayloadRef{{{"name", json::value(name)},
                            {"delta", json::value(after->quantity(name) - before.quantity(name))},
                            {"quantityAfterChange", json::value(after->quantity(name))},
                            {"item", inventory_item_entity(*sv.store, *item)},
                            {"location", location_entity(*sv.store, *loc)}}}));
        }
        if (!errs.empty() && changes.empty()) {
            return payload(
                {{"inventoryAdjustmentGroup", json::value(nullptr)}, {"userErrors", errs}});
        }
        static std::atomic<std::int64_t> group{200'000'000};
        auto g =
            make_entity("InventoryAdjustmentGroup",
                        PayloadRef{{{"id", json::value(gid("InventoryAdjustmentGroup", ++group))},
                                    {"reason", json::value(arg_string(in, "reason", "correction"))},
                                    {"createdAt", json::value(iso_time(now_ms()))},
                                    {"changes", changes}}});
        return payload({{"inventoryAdjustmentGroup", g}, {"userErrors", errs}});
    };
    mutation(
        s, "inventorySetQuantities", "InventorySetQuantitiesPayload",
        [run](const Entity&, const graphql::Args& a, graphql::Context& ctx) {
            return named(run(a, ctx, false), "InventorySetQuantitiesPayload");
        },
        "write_inventory");
    mutation(
        s, "inventoryAdjustQuantities", "InventoryAdjustQuantitiesPayload",
        [run](const Entity&, const graphql::Args& a, graphql::Context& ctx) {
            return named(run(a, ctx, true), "InventoryAdjustQuantitiesPayload");
        },
        "write_inventory");
}

void register_order_mutations(graphql::Schema& s) {
    payload_type(s, "OrderCancelPayload",
                 {Field{"job", FieldKind::object, "Job"},
                  Field{"orderCancelUserErrors", FieldKind::list, "UserError"},
                  Field{"userErrors", FieldKind::list, "UserError"}});
    payload_type(
        s, "Job",
        {Field{"id", FieldKind::scalar, "ID"}, Field{"done", FieldKind::scalar, "Boolean"}});
    mutation(
        s, "orderCancel", "OrderCancelPayload",
        [](const Entity&, const graphql::Args& a, graphql::Context& ctx) -> graphql::Result {
            const Services& sv = services(ctx);
            std::vector<Entity> errs;
            auto id = gid_of(a, "orderId", "Order");
            static const char* const reasons[] = {"CUSTOMER",  "DECLINED", "FRAUD",
                                                  "INVENTORY", "OTHER",    "STAFF"};
            const std::string reason = arg_string(a, "reason");
            bool ok_reason = false;
            for (const char* r : reasons)
                ok_reason = ok_reason || reason == r;
            std::optional<std::pair<Order, bool>> res;
            if (!ok_reason) {
                errs.push_back(user_error({"reason"}, "Reason is invalid", "INVALID"));
            } else if (!id || !(res = sv.store->cancel_order(*id, lower(reason)))) {
                errs.push_back(user_error({"orderId"}, "Order does not exist", "NOT_FOUND"));
            } else if (!res->second) {
                errs.push_back(user_error({"orderId"},
                                          "Cannot cancel an order that has already been canceled",
                                          "INVALID"));
            } else {
                publish_order(sv, "orders/cancelled", res->first);
                publish_order(sv, "orders/updated", res->first);
            }
            static std::atomic<std::int64_t> job{500'000'000};
            graphql::Result j = errs.empty()
                                    ? graphql::Result(make_entity(
                                          "Job", PayloadRef{{{"id", json::value(gid("Job", ++job))},
                                                             {"done", json::value(true)}}}))
                                    : graphql::Result(json::value(nullptr));
            return named(
                payload({{"job", j}, {"orderCancelUserErrors", errs}, {"userErrors", errs}}),
                "OrderCancelPayload");
        },
        "write_orders");

    payload_type(s, "FulfillmentTrackingInfoUpdatePayload",
                 {Field{"fulfillment", FieldKind::object, "Fulfillment"},
                  Field{"userErrors", FieldKind::list, "UserError"}});
    mutation(
        s, "fulfillmentTrackingInfoUpdate", "FulfillmentTrackingInfoUpdatePayload",
        [](const Entity&, const graphql::Args& a, graphql::Context& ctx) -> graphql::Result {
            const Services& sv = services(ctx);
            std::vector<Entity> errs;
            auto id = gid_of(a, "fulfillmentId", "Fulfillment");
            const auto* in = a.if_contains("trackingInfoInput");
            TrackingChange change;
            if (in && in->is_object()) {
                const auto& o = in->as_object();
                if (auto v = arg_string(o, "company"); !v.empty())
                    change.company = v;
                if (auto v = arg_string(o, "number"); !v.empty())
                    change.number = v;
                if (auto v = arg_string(o, "url"); !v.empty())
                    change.url = v;
            }
            std::optional<Order> o;
            if (!id || !(o = sv.store->update_tracking(*id, change))) {
                errs.push_back(
                    user_error({"fulfillmentId"}, "Fulfillment does not exist.", "NOT_FOUND"));
                return named(payload({{"fulfillment", json::value(nullptr)}, {"userErrors", errs}}),
                             "FulfillmentTrackingInfoUpdatePayload");
            }
            auto shared = std::make_shared<const Order>(*o);
            std::size_t k = 0;
            while (k < shared->fulfillments.size() && shared->fulfillments[k].id != *id)
                ++k;
            publish_fulfillment(sv, *shared, shared->fulfillments[k]);
            publish_order(sv, "orders/updated", *shared);
            return named(
                payload({{"fulfillment", make_entity("Fulfillment", ChildRef<Order>{shared, k})},
                         {"userErrors", errs}}),
                "FulfillmentTrackingInfoUpdatePayload");
        },
        "write_orders");
}

void register_webhook_mutations(graphql::Schema& s) {
    const std::string t = "WebhookSubscription";
    scalar<Subscription>(s, t, "id", "ID", [](const Subscription& x) {
        return json::value(gid("WebhookSubscription", subscription_id(x)));
    });
    scalar<Subscription>(s, t, "legacyResourceId", "UnsignedInt64",
                         [](const Subscription& x) { return json::value(x.id); });
    scalar<Subscription>(s, t, "topic", "WebhookSubscriptionTopic",
                         [](const Subscription& x) { return json::value(topic_to_enum(x.topic)); });
    scalar<Subscription>(s, t, "format", "WebhookSubscriptionFormat",
                         [](const Subscription& x) { return json::value(x.format); });
    scalar<Subscription>(s, t, "callbackUrl", "URL",
                         [](const Subscription& x) { return json::value(x.url); });
    scalar<Subscription>(s, t, "uri", "String",
                         [](const Subscription& x) { return json::value(x.url); });
    scalar<Subscription>(s, t, "createdAt", "DateTime",
                         [](const Subscription& x) { return json::value(iso_time(x.created_at)); });
    scalar<Subscription>(s, t, "updatedAt", "DateTime",
                         [](const Subscription& x) { return json::value(iso_time(x.created_at)); });
    object<Subscription>(s, t, "endpoint", "WebhookHttpEndpoint",
                         [](const Subscription& x) -> graphql::Result {
                             return make_entity("WebhookHttpEndpoint", x);
                         });
    scalar<Subscription>(s, "WebhookHttpEndpoint", "callbackUrl", "URL",
                         [](const Subscription& x) { return json::value(x.url); });

    payload_type(s, "WebhookSubscriptionCreatePayload",
                 {Field{"webhookSubscription", FieldKind::object, "WebhookSubscription"},
                  Field{"userErrors", FieldKind::list, "UserError"}});
    payload_type(s, "WebhookSubscriptionDeletePayload",
                 {Field{"deletedWebhookSubscriptionId", FieldKind::scalar, "ID"},
                  Field{"userErrors", FieldKind::list, "UserError"}});
    mutation(
        s, "webhookSubscriptionCreate", "WebhookSubscriptionCreatePayload",
        [](const Entity&, const graphql::Args& a, graphql::Context& ctx) -> graphql::Result {
            const Services& sv = services(ctx);
            std::vector<Entity> errs;
            const std::string topic = topic_from_enum(arg_string(a, "topic"));
            std::string url, format = "JSON";
            if (const auto* in = a.if_contains("webhookSubscription"); in && in->is_object()) {
                url = arg_string(in->as_object(), "callbackUrl");
                if (url.empty())
                    url = arg_string(in->as_object(), "uri");
                format = arg_string(in->as_object(), "format", "JSON");
            }
            if (topic.empty())
                errs.push_back(user_error({"topic"}, "Topic is not supported", "INVALID"));
            if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
                errs.push_back(user_error({"webhookSubscription", "callbackUrl"},
                                          "Address is invalid", "INVALID"));
            }
            for (const auto& sub : sv.webhooks->subscriptions()) {
                if (errs.empty() && sub.topic == topic && sub.url == url) {
                    errs.push_back(user_error({"webhookSubscription", "callbackUrl"},
                                              "Address for this topic has already been taken",
                                              "TAKEN"));
                }
            }
            if (!errs.empty()) {
                return named(
                    payload({{"webhookSubscription", json::value(nullptr)}, {"userErrors", errs}}),
                    "WebhookSubscriptionCreatePayload");
            }
            auto sub = sv.webhooks->subscribe(topic, url, format);
            return named(payload({{"webhookSubscription", make_entity("WebhookSubscription", sub)},
                                  {"userErrors", errs}}),
                         "WebhookSubscriptionCreatePayload");
        });
    mutation(s, "webhookSubscriptionDelete", "WebhookSubscriptionDeletePayload",
             [](const Entity&, const graphql::Args& a, graphql::Context& ctx) -> graphql::Result {
                 const Services& sv = services(ctx);
                 std::vector<Entity> errs;
                 auto id = gid_of(a, "id", "WebhookSubscription");
                 if (!id || !sv.webhooks->unsubscribe(std::to_string(*id))) {
                     errs.push_back(
                         user_error({"id"}, "Webhook subscription does not exist", "NOT_FOUND"));
                     return named(payload({{"deletedWebhookSubscriptionId", json::value(nullptr)},
                                           {"userErrors", errs}}),
                                  "WebhookSubscriptionDeletePayload");
                 }
                 return named(payload({{"deletedWebhookSubscriptionId",
                                        json::value(gid("WebhookSubscription", *id))},
                                       {"userErrors", errs}}),
                              "WebhookSubscriptionDeletePayload");
             });

    graphql::FieldDef list;
    list.name = "webhookSubscriptions";
    list.kind = FieldKind::connection;
    list.type = "WebhookSubscription";
    list.resolve = [](const Entity&, const graphql::Args& a,
                      graphql::Context& ctx) -> graphql::Result {
        std::vector<Entity> all;
        for (const auto& sub : services(ctx).webhooks->subscriptions())
            all.push_back(make_entity("WebhookSubscription", sub));
        return slice_connection(std::move(all), a);
    };
    s.field("QueryRoot", list);
    graphql::FieldDef one;
    one.name = "webhookSubscription";
    one.kind = FieldKind::object;
    one.type = "WebhookSubscription";
    one.resolve = [](const Entity&, const graphql::Args& a,
                     graphql::Context& ctx) -> graphql::Result {
        auto id = gid_of(a, "id", "WebhookSubscription");
        auto sub = id ? services(ctx).webhooks->subscription(std::to_string(*id)) : std::nullopt;
        if (!sub)
            return json::value(nullptr);
        return make_entity("WebhookSubscription", *sub);
    };
    s.field("QueryRoot", one);
}

}  // namespace

void register_mutations(graphql::Schema& s) {
    // Every mutation's error type implements DisplayableError (field, message); the
    // mutation-specific ones add a code of their own enum.
    const auto user_error = [](auto fn) {
        return [fn](const Entity& e, const graphql::Args&, graphql::Context&) -> graphql::Result {
            return fn(e.as<UserErrorRef>());
        };
    };
    s.interface_field("DisplayableError", "field", user_error([](const UserErrorRef& e) {
                          return e.field.empty() ? json::value(nullptr) : string_list(e.field);
                      }));
    s.interface_field("DisplayableError", "message",
                      user_error([](const UserErrorRef& e) { return json::value(e.message); }));
    s.interface_field("DisplayableError", "code", user_error([](const UserErrorRef& e) {
                          return e.code.empty() ? json::value(nullptr) : json::value(e.code);
                      }));
    register_inventory_mutations(s);
    register_order_mutations(s);
    register_webhook_mutations(s);
    (void)errors;
}

}  // namespace sb::emulators::shopify
