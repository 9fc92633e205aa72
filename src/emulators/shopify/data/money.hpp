#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sb::emulators::shopify {

// "12.34" from 1234 minor units; Shopify renders money as decimal strings.
std::string format_money(std::int64_t minor_units);
// Converts shop-currency minor units to the presentment currency at `rate`, rounded to the
// currency's precision (JPY has none) and rendered as a decimal string.
std::string format_presentment(std::int64_t shop_minor_units, double rate,
                               std::string_view currency);
// Units per USD for the currencies the generator uses.
double exchange_rate(std::string_view currency);
// Parses "12.34" / "12" / "-3.5" into minor units; false when malformed.
bool parse_money(std::string_view text, std::int64_t& out);

}  // namespace sb::emulators::shopify
