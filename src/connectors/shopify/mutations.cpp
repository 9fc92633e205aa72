#include "connectors/shopify/mutations.hpp"

#include <boost/json/array.hpp>
#include <cctype>

#include "connectors/shopify/queries.hpp"

namespace sb::connectors::shopify::mutations {

namespace json = boost::json;

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

constexpr const char* k_operation_fields = "id status errorCode query url rootObjectCount";
// From 2026-01 an app may run five bulk queries at once per shop (Shopify's bulk operations
// guide): one page of the running ones holds them all, so finding the connector's own run
// never depends on the order Shopify lists them in.
constexpr int k_concurrent_bulk_queries = 5;

}  // namespace

std::string set_quantities() {
    return "mutation SetStock($input: InventorySetQuantitiesInput!) { "
           "inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { id changes { name "
           "delta quantityAfterChange } } userErrors { field message code } } }";
}

json::object set_quantities_variables(std::string_view inventory_item_gid,
                                      std::string_view location_gid, std::int64_t available) {
    // An explicit null changeFromQuantity opts out of the compare-and-swap check in every
    // supported version (ignoreCompareQuantity is gone from 2026-04 on). Setting an absolute
    // quantity is what the hub means, whatever the store held before.
    return json::object{
        {"input", json::object{{"name", "available"},
                               {"reason", "correction"},
                               {"quantities",
                                json::array{json::object{{"inventoryItemId", inventory_item_gid},
                                                         {"locationId", location_gid},
                                                         {"quantity", available},
                                                         {"changeFromQuantity", nullptr}}}}}}};
}

std::string order_cancel() {
    // The hub cancels without refunding: refunds stay the merchant's decision.
    return "mutation CancelOrder($id: ID!, $reason: OrderCancelReason!, $restock: Boolean!) { "
           "orderCancel(orderId: $id, reason: $reason, refundMethod: "
           "{originalPaymentMethodsRefund: false}, restock: $restock) { job { id done } "
           "orderCancelUserErrors { field message code } } }";
}

json::object order_cancel_variables(std::string_view order_gid, std::string_view reason,
                                    bool restock) {
    return json::object{{"id", order_gid},
                        {"reason", upper(reason.empty() ? "other" : reason)},
                        {"restock", restock}};
}

std::string tracking_info_update() {
    return "mutation UpdateTracking($id: ID!, $info: FulfillmentTrackingInput!) { "
           "fulfillmentTrackingInfoUpdate(fulfillmentId: $id, trackingInfoInput: $info, "
           "notifyCustomer: false) { fulfillment { id legacyResourceId trackingInfo { number "
           "company url } } userErrors { field message } } }";
}

json::object tracking_info_update_variables(std::string_view fulfillment_gid,
                                            std::string_view number, std::string_view company,
                                            std::string_view url) {
    json::object info{{"number", number}};
    if (!company.empty())
        info["company"] = company;
    if (!url.empty())
        info["url"] = url;
    return json::object{{"id", fulfillment_gid}, {"info", std::move(info)}};
}

std::string webhook_subscription_create() {
    return "mutation SubscribeWebhook($topic: WebhookSubscriptionTopic!, $sub: "
           "WebhookSubscriptionInput!) { webhookSubscriptionCreate(topic: $topic, "
           "webhookSubscription: $sub) { webhookSubscription { id } userErrors { field message } "
           "} }";
}

std::string webhook_topic(std::string_view rest_topic) {
    std::string out;
    for (char c : rest_topic)
        out += c == '/' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

json::object webhook_subscription_create_variables(std::string_view rest_topic,
                                                   std::string_view callback_url) {
    // `uri`, not the deprecated callbackUrl: both versions have it.
    return json::object{{"topic", webhook_topic(rest_topic)},
                        {"sub", json::object{{"uri", callback_url}, {"format", "JSON"}}}};
}

std::string webhook_subscriptions() {
    return "query HubWebhookSubscriptions($uri: String, $after: String) { "
           "webhookSubscriptions(first: 100, uri: $uri, after: $after) { nodes { id uri } "
           "pageInfo { hasNextPage endCursor } } }";
}

json::object webhook_subscriptions_variables(std::string_view uri, std::string_view after) {
    json::object v{{"uri", uri}};
    if (!after.empty())
        v["after"] = after;
    return v;
}

std::string webhook_subscription_delete() {
    return "mutation UnsubscribeWebhook($id: ID!) { webhookSubscriptionDelete(id: $id) { "
           "deletedWebhookSubscriptionId userErrors { field message } } }";
}

json::object webhook_subscription_delete_variables(std::string_view subscription_gid) {
    return json::object{{"id", subscription_gid}};
}

std::string bulk_run() {
    return "mutation RunBulkQuery($q: String!) { bulkOperationRunQuery(query: $q) { "
           "bulkOperation { id status } userErrors { field message code } } }";
}

json::object bulk_run_variables(std::string_view bulk_query) {
    return json::object{{"q", bulk_query}};
}

std::string running_bulk_operations() {
    // currentBulkOperation, which said only the newest, is deprecated for this search.
    return "query RunningBulkOperations { bulkOperations(first: " +
           std::to_string(k_concurrent_bulk_queries) +
           ", sortKey: CREATED_AT, query: \"operation_type:query status:running\") { nodes { " +
           k_operation_fields + " } } }";
}

std::string bulk_operation() {
    return std::string("query BulkOperation($id: ID!) { node(id: $id) { ... on BulkOperation { ") +
           k_operation_fields + " } } }";
}

json::object bulk_operation_variables(std::string_view operation_gid) {
    return json::object{{"id", operation_gid}};
}

std::string shop() {
    return "query Shop { shop { " + queries::node_fields(domain::DataType::shop, {}) + " } }";
}

std::string shop_currency() {
    return "query ShopCurrency { shop { currencyCode } }";
}

}  // namespace sb::connectors::shopify::mutations
