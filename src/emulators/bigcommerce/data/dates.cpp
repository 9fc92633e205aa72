#include "emulators/bigcommerce/data/dates.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <ctime>
#include <vector>

#include "core/time.hpp"
#include "emulators/common/time_text.hpp"

namespace sb::emulators::bigcommerce {

namespace {

constexpr std::array<const char*, 7> k_days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> k_months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool all_digits(std::string_view s) {
    if (s.empty())
        return false;
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    }
    return true;
}

std::optional<int> number(std::string_view s) {
    int v = 0;
    if (!all_digits(s))
        return std::nullopt;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

// Splits on spaces, dropping empty parts.
std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ')
            ++i;
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ')
            ++j;
        if (j > i)
            out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

// "[Wed,] 10 Jan 2018 21:05:30 +0000".
std::optional<std::int64_t> parse_rfc2822(std::string_view text) {
    auto w = words(text);
    if (!w.empty() && w[0].size() == 4 && w[0].back() == ',')
        w.erase(w.begin());
    if (w.size() != 5)
        return std::nullopt;
    const auto day = number(w[0]), year = number(w[2]);
    int month = -1;
    for (std::size_t i = 0; i < k_months.size(); ++i) {
        if (w[1] == k_months[i])
            month = static_cast<int>(i) + 1;
    }
    const std::string_view t = w[3];
    if (!day || !year || month < 0 || t.size() != 8 || t[2] != ':' || t[5] != ':')
        return std::nullopt;
    const auto h = number(t.substr(0, 2)), mi = number(t.substr(3, 2)), s = number(t.substr(6, 2));
    if (!h || !mi || !s || *day < 1 || *day > 31 || *h > 23 || *mi > 59 || *s > 60)
        return std::nullopt;
    std::int64_t offset_s = 0;
    const std::string_view z = w[4];
    if (z.size() == 5 && (z[0] == '+' || z[0] == '-') && all_digits(z.substr(1))) {
        offset_s = (*number(z.substr(1, 2)) * 60 + *number(z.substr(3, 2))) * 60;
        if (z[0] == '-')
            offset_s = -offset_s;
    } else if (z.size() == 4 && all_digits(z)) {
        // "+0000" sent unencoded in a query string arrives as " 0000".
        offset_s = (*number(z.substr(0, 2)) * 60 + *number(z.substr(2, 2))) * 60;
    } else if (z != "GMT" && z != "UTC" && z != "UT" && z != "Z") {
        return std::nullopt;
    }
    const std::int64_t days =
        days_from_civil(*year, static_cast<unsigned>(month), static_cast<unsigned>(*day));
    return ((days * 86'400 + *h * 3600 + *mi * 60 + *s) - offset_s) * 1000;
}

}  // namespace

std::string rfc2822(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", k_days[tm.tm_wday],
                  tm.tm_mday, k_months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return buf;
}

std::string iso8601(std::int64_t ms) {
    return common::format_time_seconds(ms, "+00:00");
}

std::optional<std::int64_t> parse_date(std::string_view text) {
    if (all_digits(text) && text.size() <= 12) {
        std::int64_t s = 0;
        std::from_chars(text.data(), text.data() + text.size(), s);
        return s * 1000;
    }
    if (text.size() == 10 && text[4] == '-' && text[7] == '-')
        return parse_time(std::string(text) + "T00:00:00Z");
    std::string iso(text);
    if (iso.size() > 19 && iso[10] == 'T' && iso[19] == ' ')
        iso[19] = '+';  // an unencoded "+00:00" offset
    if (auto t = parse_time(iso))
        return t;
    return parse_rfc2822(text);
}

}  // namespace sb::emulators::bigcommerce
