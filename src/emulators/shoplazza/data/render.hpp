#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "emulators/shoplazza/data/model.hpp"

// The JSON shapes of Shoplazza's OpenAPI 2022-01 (docs/emulator-shoplazza.md), shared by the
// REST answers and the webhook payloads.
namespace sb::emulators::shoplazza {

// "2024-04-29T09:58:04Z": Shoplazza renders whole seconds.
std::string format_seconds(std::int64_t ms);

boost::json::object shop_json(const Shop& s);
boost::json::object product_json(const Product& p);
boost::json::object customer_json(const Customer& c, const std::string& store_id);
boost::json::object order_json(const Order& o, const std::optional<Customer>& customer);
boost::json::object fulfillment_json(const Order& o, const Fulfillment& f);
boost::json::object location_json(const std::string& id, const Shop& s);
boost::json::object inventory_level_json(const Variant& v, const std::string& location_id);

}  // namespace sb::emulators::shoplazza
