#include <boost/json/serialize.hpp>

#include "connectors/common/json_util.hpp"
#include "connectors/shopify/mutations.hpp"
#include "connectors/shopify/shopify_connector.hpp"
#include "core/error.hpp"
#include "crypto/crypto.hpp"

// Write-back actions. Each is one mutation through the shop's budget; userErrors become
// ApiErrors with the platform's field paths, so callers see what to fix.
namespace sb::connectors {

namespace json = boost::json;
using shopify::CallOptions;
using shopify::to_gid;
namespace mutations = shopify::mutations;

namespace {

std::string joined(const json::object& e) {
    std::string out;
    if (const auto* f = jsonu::arr(e, "field")) {
        for (const auto& p : *f) {
            if (p.is_string())
                out += (out.empty() ? "" : ".") + std::string(p.as_string());
        }
    }
    return out.empty() ? "input" : out;
}

bool contains_lower(std::string text, std::string_view what) {
    for (auto& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text.find(what) != std::string::npos;
}

// Whether one user error says the object named by the input does not exist. Errors of a
// mutation-specific type carry a code (OrderCancelUserError NOT_FOUND,
// InventorySetQuantitiesUserError INVALID_INVENTORY_ITEM / INVALID_LOCATION); a plain
// UserError has none, and then only its message tells.
bool is_not_found(const json::object& error) {
    if (auto code = jsonu::str(error, "code"); code && !code->empty()) {
        return code->find("NOT_FOUND") != std::string::npos || *code == "INVALID_LOCATION" ||
               *code == "INVALID_INVENTORY_ITEM";
    }
    const std::string msg = jsonu::str(error, "message").value_or("");
    return contains_lower(msg, "not found") || contains_lower(msg, "does not exist") ||
           contains_lower(msg, "could not be found");
}

// Throws for the userErrors of a payload: not-found errors → not_found, others →
// unprocessable_entity, with each error as a field.
void check_user_errors(const json::object* payload, std::string_view key = "userErrors") {
    if (!payload)
        throw ApiError(Errc::platform_error, "The store answered something unusable",
                       "mutation payload missing");
    const auto* errs = jsonu::arr(*payload, key);
    if (!errs || errs->empty())
        return;
    std::vector<FieldError> fields;
    bool not_found = false;
    std::string first;
    for (const auto& e : *errs) {
        if (!e.is_object())
            continue;
        const auto& o = e.as_object();
        const std::string msg = jsonu::str(o, "message").value_or("");
        not_found = not_found || is_not_found(o);
        if (first.empty())
            first = msg;
        fields.push_back({joined(o), msg});
    }
    throw ApiError(
        not_found ? Errc::not_found : Errc::unprocessable_entity,
        not_found ? "The store does not know this object" : "The store rejected the change", first,
        std::move(fields));
}

}  // namespace

ActionOutcome ShopifyConnector::set_stock_level(const domain::Integration& integration,
                                                const std::string& inventory_item_id,
                                                const std::string& location_id,
                                                std::int64_t available) {
    auto gql = graphql(integration);
    const std::string item = to_gid("InventoryItem", inventory_item_id);
    const std::string location = to_gid("Location", location_id);
    // Setting an absolute quantity is idempotent, so it may be retried.
    auto r = gql.execute(mutations::set_quantities(),
                         mutations::set_quantities_variables(item, location, available),
                         CallOptions{true, 10});
    const auto* payload = jsonu::obj(r.data, "inventorySetQuantities");
    check_user_errors(payload);
    ActionOutcome out;
    out.result["inventory_item_id"] = shopify::legacy_id(item);
    out.result["location_id"] = shopify::legacy_id(location);
    out.result["available"] = available;
    if (const auto* g = jsonu::obj(*payload, "inventoryAdjustmentGroup")) {
        if (auto id = jsonu::str(*g, "id"))
            out.result["adjustment_group_id"] = shopify::legacy_id(*id);
    }
    return out;
}

ActionOutcome ShopifyConnector::cancel_order(const domain::Integration& integration,
                                             const std::string& order_id, const std::string& reason,
                                             bool restock) {
    auto gql = graphql(integration);
    const std::string order = to_gid("Order", order_id);
    // Not retried after a timeout: a second cancel of a cancelled order is an error, and the
    // hub's idempotency key covers repeats by the client.
    auto r = gql.execute(mutations::order_cancel(),
                         mutations::order_cancel_variables(order, reason, restock),
                         CallOptions{false, 10});
    const auto* payload = jsonu::obj(r.data, "orderCancel");
    check_user_errors(payload, "orderCancelUserErrors");
    ActionOutcome out;
    out.result["order_id"] = shopify::legacy_id(order);
    out.result["cancelled"] = true;
    return out;
}

ActionOutcome ShopifyConnector::add_tracking(const domain::Integration& integration,
                                             const std::string& fulfillment_id,
                                             const std::string& number, const std::string& company,
                                             const std::string& url) {
    auto gql = graphql(integration);
    const std::string fulfillment = to_gid("Fulfillment", fulfillment_id);
    auto r =
        gql.execute(mutations::tracking_info_update(),
                    mutations::tracking_info_update_variables(fulfillment, number, company, url),
                    CallOptions{true, 10});
    const auto* payload = jsonu::obj(r.data, "fulfillmentTrackingInfoUpdate");
    check_user_errors(payload);
    ActionOutcome out;
    out.result["fulfillment_id"] = shopify::legacy_id(fulfillment);
    out.result["tracking_number"] = number;
    return out;
}

ActionOutcome ShopifyConnector::register_webhooks(const domain::Integration& integration,
                                                  const std::string& callback_url,
                                                  const std::vector<std::string>& topics) {
    auto gql = graphql(integration);
    std::int64_t created = 0, existing = 0;
    for (const auto& topic : topics) {
        auto r = gql.execute(mutations::webhook_subscription_create(),
                             mutations::webhook_subscription_create_variables(topic, callback_url),
                             CallOptions{true, 10});
        const auto* payload = jsonu::obj(r.data, "webhookSubscriptionCreate");
        const auto* errs = payload ? jsonu::arr(*payload, "userErrors") : nullptr;
        if (errs && !errs->empty() && errs->front().is_object() &&
            jsonu::str(errs->front().as_object(), "message")
                    .value_or("")
                    .find("already been taken") != std::string::npos) {
            ++existing;  // re-registration is a no-op, so the action can be repeated
            continue;
        }
        check_user_errors(payload);
        ++created;
    }
    ActionOutcome out;
    out.result["created"] = created;
    out.result["already_registered"] = existing;
    out.result["callback_url"] = callback_url;
    return out;
}

ActionOutcome ShopifyConnector::unregister_webhooks(const domain::Integration& integration,
                                                    const std::string& callback_url) {
    auto gql = graphql(integration);
    std::vector<std::string> ids;
    std::string after;
    // Bounded: a store holds a few dozen subscriptions of an app, not thousands.
    for (int page = 0; page < 20; ++page) {
        auto r = gql.execute(mutations::webhook_subscriptions(),
                             mutations::webhook_subscriptions_variables(callback_url, after));
        const auto* list = jsonu::obj(r.data, "webhookSubscriptions");
        const auto* nodes = list ? jsonu::arr(*list, "nodes") : nullptr;
        if (!nodes)
            throw ApiError(Errc::platform_error, "The store answered something unusable",
                           "webhookSubscriptions missing");
        for (const auto& n : *nodes) {
            // The filter is the store's; the address is checked again, so a store that
            // ignored it still loses only the hub's subscriptions.
            if (n.is_object() && jsonu::str(n.as_object(), "uri").value_or("") == callback_url) {
                if (auto id = jsonu::str(n.as_object(), "id"))
                    ids.push_back(*id);
            }
        }
        const auto* info = jsonu::obj(*list, "pageInfo");
        const auto next = info ? jsonu::str(*info, "endCursor") : std::nullopt;
        if (!info || !jsonu::boolean(*info, "hasNextPage").value_or(false) || !next)
            break;
        after = *next;
    }
    std::int64_t removed = 0, gone = 0;
    for (const auto& id : ids) {
        auto r = gql.execute(mutations::webhook_subscription_delete(),
                             mutations::webhook_subscription_delete_variables(id),
                             CallOptions{true, 10});
        const auto* payload = jsonu::obj(r.data, "webhookSubscriptionDelete");
        const auto* errs = payload ? jsonu::arr(*payload, "userErrors") : nullptr;
        if (errs && !errs->empty() && errs->front().is_object() &&
            is_not_found(errs->front().as_object())) {
            ++gone;  // deleted in between: the outcome wanted
            continue;
        }
        check_user_errors(payload);
        ++removed;
    }
    ActionOutcome out;
    out.result["removed"] = removed;
    out.result["already_removed"] = gone;
    out.result["callback_url"] = callback_url;
    return out;
}

shopify::oauth::Tokens ShopifyConnector::refresh_token(const domain::Integration& integration,
                                                       const std::string& api_key,
                                                       const std::string& api_secret) {
    const std::string shop = credential_text(integration, "shop_domain");
    const std::string refresh = credential_text(integration, "refresh_token");
    if (shop.empty() || refresh.empty()) {
        throw ApiError(Errc::unprocessable_entity, "The integration has no refresh token",
                       "Only expiring offline tokens can be refreshed; reconnect the store");
    }
    return shopify::oauth::refresh(*http_, base_url(shop), api_key, api_secret, refresh);
}

}  // namespace sb::connectors
