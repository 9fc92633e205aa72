#include "emulators/common/time_text.hpp"

#include <ctime>

namespace sb::emulators::common {

std::string format_time_seconds(std::int64_t ms, std::string_view utc) {
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    return std::string(buf).append(utc);
}

}  // namespace sb::emulators::common
