#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "emulators/common/money.hpp"

namespace sb::emulators::shopify {

using common::format_money;
using common::parse_money;

// Converts shop-currency minor units to the presentment currency at `rate`, rounded to the
// currency's precision (JPY has none) and rendered as a decimal string.
std::string format_presentment(std::int64_t shop_minor_units, double rate,
                               std::string_view currency);
// Units per USD for the currencies the generator uses.
double exchange_rate(std::string_view currency);

}  // namespace sb::emulators::shopify
