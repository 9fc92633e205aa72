#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

// The GraphQL documents the connector sends besides the data selections of queries.hpp: the
// write-back mutations, the bulk operation's run and poll, and the small shop queries — each
// beside the builder of the variables it is sent with, so that the call sites and the catalog
// of documents.hpp use one text and one shape of variables. Every field, argument and input
// field must exist in each Admin API version the hub supports (docs/shopify.md).
namespace sb::connectors::shopify::mutations {

// inventorySetQuantities of the `available` quantity. Selects InventorySetQuantitiesUserError
// (with `code`).
std::string set_quantities();
// An absolute set without the compare-and-swap check (changeFromQuantity: null); GIDs.
boost::json::object set_quantities_variables(std::string_view inventory_item_gid,
                                             std::string_view location_gid, std::int64_t available);

// orderCancel without a refund. Selects orderCancelUserErrors (OrderCancelUserError, with
// `code`).
std::string order_cancel();
// `reason` as the hub takes it ("customer", "fraud", …; empty: "other").
boost::json::object order_cancel_variables(std::string_view order_gid, std::string_view reason,
                                           bool restock);

// fulfillmentTrackingInfoUpdate without notifying the customer. Selects UserError (no `code`).
std::string tracking_info_update();
// `company` and `url` are left out when empty.
boost::json::object tracking_info_update_variables(std::string_view fulfillment_gid,
                                                   std::string_view number,
                                                   std::string_view company, std::string_view url);

// webhookSubscriptionCreate of a JSON HTTPS subscription. Selects UserError (no `code`).
std::string webhook_subscription_create();
// `rest_topic` as webhooks::topics() names it ("orders/updated" → ORDERS_UPDATED).
boost::json::object webhook_subscription_create_variables(std::string_view rest_topic,
                                                          std::string_view callback_url);
// "orders/updated" → "ORDERS_UPDATED": the WebhookSubscriptionTopic of a REST topic name.
std::string webhook_topic(std::string_view rest_topic);
// The app's webhook subscriptions to one address, a page of them (`after`: empty for the
// first).
std::string webhook_subscriptions();
boost::json::object webhook_subscriptions_variables(std::string_view uri, std::string_view after);
// webhookSubscriptionDelete of one subscription. Selects UserError (no `code`).
std::string webhook_subscription_delete();
boost::json::object webhook_subscription_delete_variables(std::string_view subscription_gid);

// bulkOperationRunQuery. Selects BulkOperationUserError (with `code`).
std::string bulk_run();
boost::json::object bulk_run_variables(std::string_view bulk_query);
// The app's running bulk query operations, all of them: a run already going of the query the
// connector is about to start is adopted instead of waited for.
std::string running_bulk_operations();
// One bulk operation by id, to poll it.
std::string bulk_operation();
boost::json::object bulk_operation_variables(std::string_view operation_gid);

// The shop as a record (queries::node_fields of DataType::shop).
std::string shop();
// The shop's currency, which the REST shipping lists do not repeat.
std::string shop_currency();

}  // namespace sb::connectors::shopify::mutations
