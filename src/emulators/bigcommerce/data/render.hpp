#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>

#include "emulators/bigcommerce/data/model.hpp"

// BigCommerce's JSON for the store's records: v2 (money as 4-decimal strings, RFC 2822 dates,
// sub-resources as {url, resource} links) and v3 (money as numbers, ISO 8601 dates).
namespace sb::emulators::bigcommerce {

// What the renderers need to know about the store.
struct StoreInfo {
    std::string store_hash, store_id, name, domain, api_url;  // api_url: …/stores/{hash}
    std::string plan;
};

std::string money4(std::int64_t cents);        // "12.3400"
boost::json::value money(std::int64_t cents);  // 12.34, or 12 when whole

boost::json::object order_v2(const Order& o, const StoreInfo& s);
boost::json::object order_product_v2(const OrderProduct& p);
boost::json::object shipping_address_v2(const ShippingAddress& a, const StoreInfo& s);
boost::json::object shipment_v2(const Shipment& sh, const Order& o);

boost::json::object product_v3(const Product& p, bool with_variants);
boost::json::object variant_v3(const Variant& v);
boost::json::object customer_v3(const Customer& c, bool with_addresses);
boost::json::object location_v3(const Location& l);
boost::json::object inventory_item_v3(const InventoryItem& i, const std::vector<Location>& all);

}  // namespace sb::emulators::bigcommerce
