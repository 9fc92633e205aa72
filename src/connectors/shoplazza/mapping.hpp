#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "domain/record.hpp"

// Shoplazza OpenAPI 2022-01 objects (REST answers and webhook bodies) → the hub's normalized
// records (docs/records.md), the same shapes the Shopify connector produces.
namespace sb::connectors::shoplazza {

// `type` is order, product, customer, shop or location.
domain::Record map_object(domain::DataType type, const boost::json::object& o);
// An inventory level of a location: one stock record per (variant, location).
domain::Record map_inventory_level(const boost::json::object& level);
// A record that says the platform deleted `id`.
domain::Record tombstone(domain::DataType type, const std::string& id);

}  // namespace sb::connectors::shoplazza
