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
};

// The fields of one node of `type` (shop, location, customer, product, order, cart, stock).
std::string node_fields(domain::DataType type, Form form);
// The root connection name: "orders", "products", "customers", "locations",
// "abandonedCheckouts", "inventoryItems".
std::string_view root_connection(domain::DataType type);
// Whether the root connection accepts `sortKey: UPDATED_AT` and `updated_at` search terms.
bool sorts_by_updated_at(domain::DataType type);
// Page size of paginated reads, chosen to keep one page under Shopify's 1000-point limit.
int page_size(domain::DataType type);

// A page: `{ <root>(first:, after:, query:, sortKey:) { nodes { … } pageInfo { … } } }`.
std::string page_query(domain::DataType type);
// The bulk query text given to bulkOperationRunQuery.
std::string bulk_query(domain::DataType type);
// Remaining line items of one order after `after`.
std::string order_line_items_query();
// Orders by GID (late bulk children, webhook reconciliation).
std::string nodes_query(domain::DataType type);

}  // namespace sb::connectors::shopify::queries
