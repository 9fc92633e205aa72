#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

// A one-shot outbound HTTP/1.1 POST (plain http) with a deadline over the whole exchange;
// `headers` (User-Agent included) are sent as given.
namespace sb::emulators::common {

struct PostResult {
    int status = 0;     // 0 when no response arrived
    std::string error;  // transport error, empty on a response
    std::string body;
};

PostResult http_post(const std::string& url,
                     const std::vector<std::pair<std::string, std::string>>& headers,
                     const std::string& body, std::chrono::milliseconds timeout);

}  // namespace sb::emulators::common
