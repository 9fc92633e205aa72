#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// BigCommerce's two date styles: v2 answers RFC 2822 ("Wed, 10 Jan 2018 21:05:30 +0000"), v3
// ISO 8601 with an offset ("2018-01-10T21:05:30+00:00"). Filters take either.
namespace sb::emulators::bigcommerce {

std::string rfc2822(std::int64_t ms);
std::string iso8601(std::int64_t ms);
// RFC 2822 (the day name optional, a numeric offset or GMT/UTC), ISO 8601 / RFC 3339, a bare
// date (midnight UTC) or Unix seconds; nullopt otherwise.
std::optional<std::int64_t> parse_date(std::string_view text);

}  // namespace sb::emulators::bigcommerce
