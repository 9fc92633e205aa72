#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

// Flag parsing shared by the `storebridge emulate <platform>` commands. Every function throws
// std::invalid_argument with one readable line naming the flag.
namespace sb::emulators::common {

// "--flag=value" and "--flag value" into (flag, value) pairs, in order.
std::vector<std::pair<std::string, std::string>> split_flags(const std::vector<std::string>& args);

std::int64_t to_int(const std::string& flag, const std::string& v, std::int64_t lo,
                    std::int64_t hi);
double to_rate(const std::string& flag, const std::string& v);      // in [0, 1]
double to_positive(const std::string& flag, const std::string& v);  // > 0
std::string to_nonempty(const std::string& flag, const std::string& v);

// HOST:PORT (the port may be 0).
void parse_listen(const std::string& v, std::string& host, std::uint16_t& port);
// MIN:MAX or MIN..MAX milliseconds, or one number for both.
void parse_latency(const std::string& flag, const std::string& v, int& min_ms, int& max_ms);

}  // namespace sb::emulators::common
