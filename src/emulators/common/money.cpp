#include "emulators/common/money.hpp"

#include <cstdio>

namespace sb::emulators::common {

std::string format_money(std::int64_t v) {
    char buf[32];
    const bool neg = v < 0;
    const std::uint64_t a = neg ? static_cast<std::uint64_t>(-v) : static_cast<std::uint64_t>(v);
    std::snprintf(buf, sizeof buf, "%s%llu.%02llu", neg ? "-" : "",
                  static_cast<unsigned long long>(a / 100),
                  static_cast<unsigned long long>(a % 100));
    return buf;
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

}  // namespace sb::emulators::common
