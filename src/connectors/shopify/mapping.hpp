#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/record.hpp"
#include "domain/records/common.hpp"

// Shopify GraphQL nodes (as selected in queries.cpp) → normalized records (docs/records.md).
namespace sb::connectors::shopify {

// One record per node; for stock, one per inventory level of the item (see map_stock_item).
domain::Record map_node(domain::DataType type, const boost::json::object& node);
// An inventory item with its levels → one record per (item, location).
std::vector<domain::Record> map_stock_item(const boost::json::object& item);

// The normalized pieces shared with the webhook decoder.
std::optional<domain::records::Money> money(const boost::json::object* bag);  // → shop money
// A MailingAddress (GraphQL, camelCase keys) or, with `rest`, a REST address (snake_case
// keys) in the normalized Address shape.
std::optional<domain::records::Address> address(const boost::json::object* a, bool rest = false);
// A timestamp re-written as RFC 3339 UTC with milliseconds; empty when absent or unreadable.
domain::records::Time time_of(const boost::json::object& o, std::string_view key);
// A platform enum in lower case ("PARTIALLY_FULFILLED" → "partially_fulfilled").
domain::records::Text lower_of(const boost::json::object& o, std::string_view key);
// FulfillmentDisplayStatus or REST shipment_status → seed 004's delivery status enum.
std::string delivery_status(std::string_view platform_status);

}  // namespace sb::connectors::shopify
