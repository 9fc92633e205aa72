#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The two HMAC-SHA256 signatures Shopify and Shoplazza both use, checked in constant time.
namespace sb::connectors {

// A webhook: the header is base64(HMAC-SHA256(secret, raw body)).
bool verify_body_hmac(std::string_view raw_body, std::string_view base64_hmac,
                      std::string_view secret);

// An OAuth callback: `hmac` is the lowercase hex HMAC-SHA256 of every other decoded
// parameter (but the legacy `signature`), sorted and joined as k=v&k=v. False without `hmac`.
bool verify_query_hmac(const std::vector<std::pair<std::string, std::string>>& query,
                       std::string_view secret);

}  // namespace sb::connectors
