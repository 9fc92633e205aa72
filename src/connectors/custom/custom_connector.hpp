#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "connectors/connector.hpp"
#include "connectors/kit/platform_client.hpp"
#include "http/client.hpp"

namespace sb::connectors {

struct CustomOptions {
    http::ClientOptions http;  // its allow_private_targets is set from the field below
    // Pulls may go to loopback and private addresses, and base_url may then be http:// or an
    // IP address (tests, a merchant's server on the operator's own network).
    bool allow_private_targets = false;
    kit::RetryPolicy retry;
    int page_size = 1000;  // the `limit` asked for: at most a push batch's 1,000
    // An incremental pull asks from this much before the newest record stored: clocks differ,
    // and a change may commit at the server after a later one was read.
    std::chrono::seconds overlap{120};
};

std::unique_ptr<Connector> make_custom_connector(CustomOptions options = {});

namespace custom {

inline constexpr const char* k_connector_id = "custom";
inline constexpr const char* k_push_secret = "push_secret";
inline constexpr const char* k_pull_token = "pull_token";
inline constexpr const char* k_base_url = "base_url";
inline constexpr const char* k_rotate_push_secret = "rotate_push_secret";

// A new Standard Webhooks secret: "whsec_" + base64 of 24 random bytes.
std::string new_push_secret();

}  // namespace custom

}  // namespace sb::connectors
