#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The signed OAuth callback (Shopify, Shoplazza): the install redirect carries its own HMAC.
namespace sb::connectors::kit {

// `hmac` is the hex HMAC-SHA256 of every other decoded parameter (but the legacy
// `signature`), sorted and joined as k=v&k=v; compared in constant time. False without `hmac`
// or without a secret.
bool verify_query_hmac(const std::vector<std::pair<std::string, std::string>>& query,
                       std::string_view secret);

}  // namespace sb::connectors::kit
