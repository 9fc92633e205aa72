#include "connectors/kit/backoff.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

namespace sb::connectors::kit {

namespace {

using std::chrono::milliseconds;

int month_number(const char* name) {
    static constexpr std::array<const char*, 12> k_months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < k_months.size(); ++i) {
        if (std::string_view(name) == k_months[i])
            return static_cast<int>(i) + 1;
    }
    return 0;
}

// The three forms RFC 9110 5.6.7 obliges a recipient to read, all in GMT.
std::optional<std::chrono::system_clock::time_point> http_date(const std::string& s) {
    char wday[16] = {}, mon[4] = {}, zone[4] = {};
    int day = 0, year = 0, hh = 0, mm = 0, ss = 0;
    int n = 0;
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    bool ok = std::sscanf(s.c_str(), "%3s, %2d %3s %4d %2d:%2d:%2d %3s%n", wday, &day, mon, &year,
                          &hh, &mm, &ss, zone, &n) == 8 &&
              std::string_view(zone) == "GMT";
    if (!ok) {
        // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"; a two-digit year is read as the nearest
        // one (1970 to 2069).
        ok = std::sscanf(s.c_str(), "%15[A-Za-z], %2d-%3s-%2d %2d:%2d:%2d %3s%n", wday, &day, mon,
                         &year, &hh, &mm, &ss, zone, &n) == 8 &&
             std::string_view(zone) == "GMT";
        if (ok)
            year += year < 70 ? 2000 : 1900;
    }
    if (!ok) {
        // asctime: "Sun Nov  6 08:49:37 1994"
        ok = std::sscanf(s.c_str(), "%3s %3s %2d %2d:%2d:%2d %4d%n", wday, mon, &day, &hh, &mm, &ss,
                         &year, &n) == 7;
    }
    if (!ok || static_cast<std::size_t>(n) != s.size())
        return std::nullopt;
    const int month = month_number(mon);
    if (month == 0 || hh > 23 || mm > 59 || ss > 60)
        return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year{year},
                                           std::chrono::month{static_cast<unsigned>(month)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok())
        return std::nullopt;
    return std::chrono::sys_days{date} + std::chrono::hours(hh) + std::chrono::minutes(mm) +
           std::chrono::seconds(ss);
}

}  // namespace

milliseconds backoff_delay(int attempt, milliseconds base, milliseconds cap, double unit_random) {
    const double ceiling =
        std::min(static_cast<double>(cap.count()),
                 static_cast<double>(base.count()) * std::pow(2.0, std::clamp(attempt, 0, 30)));
    return milliseconds(static_cast<std::int64_t>(ceiling * std::clamp(unit_random, 0.0, 1.0)));
}

double unit_random() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return std::uniform_real_distribution<double>(0, 1)(rng);
}

milliseconds backoff_delay(int attempt, milliseconds base, milliseconds cap) {
    return backoff_delay(attempt, base, cap, unit_random());
}

std::optional<milliseconds> retry_after(std::string_view value,
                                        std::chrono::system_clock::time_point now) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
        value.remove_suffix(1);
    if (value.empty())
        return std::nullopt;
    const std::string text(value);
    if (std::isdigit(static_cast<unsigned char>(text.front()))) {
        std::size_t used = 0;
        double seconds = 0;
        try {
            seconds = std::stod(text, &used);
        } catch (const std::exception&) {
            return std::nullopt;
        }
        if (used != text.size() || !std::isfinite(seconds) || seconds < 0)
            return std::nullopt;
        // A day at most: past that the number means nothing a caller would wait for.
        return milliseconds(static_cast<std::int64_t>(std::min(seconds, 86'400.0) * 1000));
    }
    auto at = http_date(text);
    if (!at)
        return std::nullopt;
    return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(*at - now));
}

}  // namespace sb::connectors::kit
