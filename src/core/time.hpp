#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb {

// Milliseconds since the Unix epoch, UTC: the one time representation in storage.
std::int64_t now_ms();
// RFC 3339, UTC, milliseconds: "2021-10-23T12:16:50.078Z".
std::string format_time(std::int64_t ms);
// Accepts RFC 3339 with or without fraction and with Z or an offset.
std::optional<std::int64_t> parse_time(std::string_view text);

}  // namespace sb
