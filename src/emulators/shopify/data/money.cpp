#include "emulators/shopify/data/money.hpp"

#include <cmath>
#include <cstdio>

namespace sb::emulators::shopify {

std::string format_presentment(std::int64_t shop_minor, double rate, std::string_view currency) {
    const double units = static_cast<double>(shop_minor) / 100.0 * rate;
    char buf[32];
    if (currency == "JPY") {
        std::snprintf(buf, sizeof buf, "%.0f", std::round(units));
        return buf;
    }
    return format_money(static_cast<std::int64_t>(std::llround(units * 100.0)));
}

double exchange_rate(std::string_view c) {
    if (c == "EUR")
        return 0.92;
    if (c == "GBP")
        return 0.79;
    if (c == "CAD")
        return 1.36;
    if (c == "JPY")
        return 151.0;
    if (c == "AUD")
        return 1.52;
    return 1.0;
}

}  // namespace sb::emulators::shopify
