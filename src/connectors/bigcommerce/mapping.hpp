#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/record.hpp"

// BigCommerce's v2 and v3 objects → the hub's records (docs/records.md, "BigCommerce"), the
// same shapes the Shopify and Shoplazza connectors produce.
namespace sb::connectors::bigcommerce {

// An RFC 2822 date as v2 writes it ("Wed, 10 Jan 2018 21:05:30 +0000"; the day name optional,
// a numeric offset, GMT or UT) as epoch ms; nullopt for "" and anything else.
std::optional<std::int64_t> parse_rfc2822(std::string_view text);

// What an order's status id (v2 `status_id`, 0–14) says in the hub's order enums. A null
// fulfillment is left to the order's shipped units (items_shipped of items_total).
struct StatusMeaning {
    std::string status;  // open, closed, cancelled
    std::string financial_status;
    std::optional<std::string> fulfillment_status;
    std::optional<std::string> cancel_reason;
};
// nullopt for an id BigCommerce does not define.
std::optional<StatusMeaning> status_meaning(std::int64_t status_id);

// A v2 order with its sub-resources read in: `products`, `shipping_addresses` and `shipments`
// replaced by the arrays their links lead to (an empty array for a 204). The result is the
// order record's raw.
boost::json::object assemble_order(boost::json::object order, boost::json::array products,
                                   boost::json::array shipping_addresses,
                                   boost::json::array shipments);
// An assembled order (assemble_order).
domain::Record map_order(const boost::json::object& order);
// A v3 catalog product, its `variants` included.
domain::Record map_product(const boost::json::object& product);
// A v3 customer, its `addresses` included when asked for.
domain::Record map_customer(const boost::json::object& customer);
// A v3 inventory location.
domain::Record map_location(const boost::json::object& location);
// v2 /store.
domain::Record map_shop(const boost::json::object& store);
// A v3 inventory item: one stock record per location it lists.
std::vector<domain::Record> map_inventory_item(const boost::json::object& item);
// A record that says the platform deleted `id`.
domain::Record tombstone(domain::DataType type, const std::string& id);

}  // namespace sb::connectors::bigcommerce
