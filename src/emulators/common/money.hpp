#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// Money as both platforms render it: decimal strings of minor units.
namespace sb::emulators::common {

// "12.34" from 1234 minor units.
std::string format_money(std::int64_t minor_units);
// Parses "12.34" / "12" / "-3.5" into minor units; false when malformed.
bool parse_money(std::string_view text, std::int64_t& out);

}  // namespace sb::emulators::common
