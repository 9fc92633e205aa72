#include "emulators/shopify/data/money.hpp"

#include <cmath>
#include <cstdio>

namespace sb::emulators::shopify {

std::string format_money(std::int64_t v) {
    char buf[32];
    const bool neg = v < 0;
    const std::uint64_t a = neg ? static_cast<std::uint64_t>(-v) : static_cast<std::uint64_t>(v);
    std::snprintf(buf, sizeof buf, "%s%llu.%02llu", neg ? "-" : "",
                  static_cast<unsigned long long>(a / 100),
                  static_cast<unsigned long long>(a % 100));
    return buf;
}

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

bool parse_money(std::string_view t, std::int64_t& out) {
    if (t.empty())
        return false;
    bool neg = false;
    std::size_t i = 0;
    if (t[0] == '-') {
        neg = true;
        i = 1;
    }
    std::int64_t whole = 0;
    int frac = 0, digits = 0;
    bool dot = false, any = false;
    for (; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '.' && !dot) {
            dot = true;
        } else if (c >= '0' && c <= '9') {
            any = true;
            if (!dot) {
                whole = whole * 10 + (c - '0');
                if (whole > 1'000'000'000'000LL)
                    return false;
            } else if (digits < 2) {
                frac = frac * 10 + (c - '0');
                ++digits;
            }
        } else {
            return false;
        }
    }
    if (!any)
        return false;
    if (digits == 1)
        frac *= 10;
    out = (whole * 100 + frac) * (neg ? -1 : 1);
    return true;
}

}  // namespace sb::emulators::shopify
