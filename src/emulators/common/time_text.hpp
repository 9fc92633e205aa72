#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sb::emulators::common {

// RFC 3339 in UTC to the whole second, as platform APIs render their times:
// "2024-04-29T09:58:04Z", or with `utc` = "+00:00" "2024-04-29T09:58:04+00:00".
std::string format_time_seconds(std::int64_t ms, std::string_view utc = "Z");

}  // namespace sb::emulators::common
