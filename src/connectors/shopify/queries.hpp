#pragma once

#include <string>
#include <string_view>

#include "domain/data_types.hpp"

// The GraphQL selections per data type, in two forms that map to the same node shape:
// paginated (`lineItems(first: N) { nodes { … } }`) and bulk (`lineItems { edges { node { … } } }`,
// whose children the bulk reader re-attaches under `lineItems.nodes`).
namespace sb::connectors::shopify::queries {

struct Form {
    bool bulk = false;
    // Incremental pages: small nested page sizes (k_lean), so a page holds many records at a
    // low requested cost. A record that fills one of them is re-read whole by id (fetch.hpp).
    bool lean = false;
};

// The nested sizes of the lean form. Orders: line items (the rest are read by
// order_line_items_query as for every page), shipping lines, fulfillments with their tracking
// and items, refunds with their items; products: variants.
// Connections cost per node requested, lists do not: the sizes are what most orders need (up
// to 5 items, 2 shipments, a refund of a few items) and what keeps an order near 117 points.
struct LeanSizes {
    int line_items = 5;
    int shipping_lines = 2;
    int fulfillments = 5;
    int tracking = 3;
    int fulfillment_line_items = 5;
    int refunds = 3;
    int refund_line_items = 3;
    int variants = 10;
};
inline constexpr LeanSizes k_lean{};

// The fields of one node of `type` (shop, location, customer, product, order, cart, stock).
std::string node_fields(domain::DataType type, Form form);
// The root connection name: "orders", "products", "customers", "locations",
// "abandonedCheckouts", "inventoryItems".
std::string_view root_connection(domain::DataType type);
// Whether the root connection accepts `sortKey: UPDATED_AT` and `updated_at` search terms.
bool sorts_by_updated_at(domain::DataType type);
// Page size of paginated reads, chosen to keep one page under Shopify's 1000-point limit.
// Orders, products and customers are read in pages only by incremental runs, in the lean form.
int page_size(domain::DataType type);

// A page: `{ <root>(first:, after:, query:, sortKey:) { nodes { … } pageInfo { … } } }`.
std::string page_query(domain::DataType type);
// The bulk query text given to bulkOperationRunQuery; `search` (e.g. an updated_at term)
// filters the root connection.
std::string bulk_query(domain::DataType type, const std::string& search = {});
// What an incremental run would read, in one request of 4 points (orders, products,
// customers): how many records the search matches (`ordersCount(query: $query) { count
// precision }`) and the updatedAt of the most recently updated record
// (`orders(first: 1, sortKey: UPDATED_AT, reverse: true)`).
std::string count_query(domain::DataType type);
// The root field count_query reads: "ordersCount", "productsCount", "customersCount".
std::string_view count_field(domain::DataType type);
// Remaining line items of one order after `after`.
std::string order_line_items_query();
// Orders by GID (late bulk children, webhook reconciliation).
std::string nodes_query(domain::DataType type);

}  // namespace sb::connectors::shopify::queries
