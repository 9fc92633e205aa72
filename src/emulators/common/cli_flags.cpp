#include "emulators/common/cli_flags.hpp"

#include <charconv>
#include <cstdlib>
#include <stdexcept>

namespace sb::emulators::common {

std::vector<std::pair<std::string, std::string>> split_flags(const std::vector<std::string>& args) {
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& flag = args[i];
        if (flag.rfind("--", 0) != 0)
            throw std::invalid_argument("unexpected argument '" + flag + "'");
        if (const auto eq = flag.find('='); eq != std::string::npos) {
            out.emplace_back(flag.substr(0, eq), flag.substr(eq + 1));
        } else {
            if (i + 1 >= args.size())
                throw std::invalid_argument(flag + ": missing value");
            out.emplace_back(flag, args[++i]);
        }
    }
    return out;
}

std::int64_t to_int(const std::string& flag, const std::string& v, std::int64_t lo,
                    std::int64_t hi) {
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size() || n < lo || n > hi) {
        throw std::invalid_argument(flag + ": expected an integer in [" + std::to_string(lo) +
                                    ", " + std::to_string(hi) + "], got '" + v + "'");
    }
    return n;
}

double to_rate(const std::string& flag, const std::string& v) {
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (v.empty() || *end != '\0' || d < 0 || d > 1)
        throw std::invalid_argument(flag + ": expected a rate in [0, 1], got '" + v + "'");
    return d;
}

double to_positive(const std::string& flag, const std::string& v) {
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (v.empty() || *end != '\0' || !(d > 0))
        throw std::invalid_argument(flag + ": expected a positive number, got '" + v + "'");
    return d;
}

std::string to_nonempty(const std::string& flag, const std::string& v) {
    if (v.empty())
        throw std::invalid_argument(flag + ": must not be empty");
    return v;
}

void parse_listen(const std::string& v, std::string& host, std::uint16_t& port) {
    const auto colon = v.rfind(':');
    if (colon == std::string::npos || colon == 0)
        throw std::invalid_argument("--listen: expected HOST:PORT, got '" + v + "'");
    host = v.substr(0, colon);
    port = static_cast<std::uint16_t>(to_int("--listen", v.substr(colon + 1), 0, 65535));
}

void parse_latency(const std::string& flag, const std::string& v, int& min_ms, int& max_ms) {
    std::string lo = v, hi = v;
    if (const auto dots = v.find(".."); dots != std::string::npos) {
        lo = v.substr(0, dots);
        hi = v.substr(dots + 2);
    } else if (const auto colon = v.find(':'); colon != std::string::npos) {
        lo = v.substr(0, colon);
        hi = v.substr(colon + 1);
    }
    min_ms = static_cast<int>(to_int(flag, lo, 0, 60'000));
    max_ms = static_cast<int>(to_int(flag, hi, 0, 60'000));
    if (max_ms < min_ms)
        throw std::invalid_argument(flag + ": MIN must not exceed MAX");
}

}  // namespace sb::emulators::common
