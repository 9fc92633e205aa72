#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/record.hpp"

// WooCommerce wc/v3 objects → the hub's records (docs/records.md, "WooCommerce"), the same
// shapes the other connectors produce. Times are read from the `*_gmt` twins only: the plain
// fields are the site's local time with no offset.
namespace sb::connectors::woocommerce {

// The one location a WooCommerce site has: stock lives on the product or variation itself.
constexpr const char* k_default_location = "default";

// A `*_gmt` value ("2017-03-22T16:28:02", UTC without an offset) as epoch ms; nullopt for null,
// "" and anything else.
std::optional<std::int64_t> parse_gmt(std::string_view text);

// What an order's status says in the hub's order enums; nullopt for a status WooCommerce does
// not define (a plugin's own: the record keeps status "open" and null enums).
struct StatusMeaning {
    std::string status;  // open, closed, cancelled
    std::string financial_status;
    std::string fulfillment_status;
};
std::optional<StatusMeaning> status_meaning(std::string_view status);

domain::Record map_order(const boost::json::object& order);
// A product with its variations (GET /products/{id}/variations; empty for a simple product).
// The raw is the product with `variations` replaced by those objects.
domain::Record map_product(const boost::json::object& product,
                           const boost::json::array& variations);
domain::Record map_customer(const boost::json::object& customer);
// GET /system_status: environment (home_url, site_url) and settings (currency).
domain::Record map_shop(const boost::json::object& status);
// The default location (k_default_location), named after the site.
domain::Record default_location(const std::string& site_url);
// An inventory item is a simple product ("10") or a variation under its product ("10/11"): a
// variation's stock is written at /products/{pid}/variations/{vid}, so its id carries both.
// The stock of a product (a simple product: its own; a variable one: each variation's) at the
// default location; one record per item whose stock WooCommerce manages.
std::vector<domain::Record> map_stock(const boost::json::object& product,
                                      const boost::json::array& variations);
// A record that says the platform deleted `id`.
domain::Record tombstone(domain::DataType type, const std::string& id);

}  // namespace sb::connectors::woocommerce
