#pragma once

#include <boost/json/object.hpp>

#include "emulators/shopify/data/model.hpp"

// REST Admin API bodies (also the webhook payloads): snake_case, money as strings with
// *_set bags, timestamps with the shop's offset, ids as numbers.
namespace sb::emulators::shopify {

std::string rest_time(std::int64_t ms);  // "2024-01-10T11:00:00-00:00"-style, UTC shop
boost::json::object rest_shop(const Shop& s);
boost::json::object rest_location(const Location& l);
boost::json::object rest_product(const Product& p);
boost::json::object rest_variant(const Product& p, const Variant& v);
boost::json::object rest_customer(const Customer& c, bool with_addresses = true);
boost::json::object rest_order(const Order& o, const Customer* customer,
                               const std::string& shop_domain);
boost::json::object rest_inventory_level(const InventoryLevel& l);
boost::json::object rest_checkout(const Checkout& c, const Customer& customer,
                                  const std::string& shop_domain);
boost::json::object rest_fulfillment(const Order& o, const Fulfillment& f);
boost::json::object rest_shipping_zone(const ShippingZone& z);
boost::json::object rest_carrier_service(const CarrierService& c);

}  // namespace sb::emulators::shopify
