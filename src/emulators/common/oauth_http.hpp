#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "http/message.hpp"

// Small HTTP pieces of the emulated OAuth flows.
namespace sb::emulators::common {

// The parameters of an OAuth token request: the query, then the body as a JSON object
// (strings and integers) or as application/x-www-form-urlencoded.
std::map<std::string, std::string> body_params(const http::Request& req);

// `url` with `params` appended to its query, each value percent-encoded (OAuth redirects).
std::string with_query(const std::string& url,
                       const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace sb::emulators::common
