#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

#include "emulators/woocommerce/data/model.hpp"

// The wc/v3 JSON of each record, as the REST API's `view` context answers it: money as strings
// with two decimals, dates without an offset in site-local time with a `_gmt` twin, blank
// fields as "" or null, `_links` on every object.
namespace sb::emulators::woocommerce {

// Where the site is and its clock.
struct Site {
    std::string url;  // home URL without a trailing slash: http://127.0.0.1:9004
    int utc_offset_minutes = 0;

    std::string api_base() const { return url + "/wp-json/wc/v3"; }
    // "2024-01-01T12:00:00": site-local, or UTC with `gmt`; null for 0.
    boost::json::value date(std::int64_t ms, bool gmt) const;
};

boost::json::object order_json(const Order& o, const Site& s);
boost::json::object note_json(const Order& o, const OrderNote& n, const Site& s);
boost::json::object product_json(const Product& p, const Site& s);
boost::json::object variation_json(const Product& p, const Variation& v, const Site& s);
boost::json::object customer_json(const Customer& c, const Site& s);

}  // namespace sb::emulators::woocommerce
