#pragma once

#include <memory>
#include <string>

#include "connectors/connector.hpp"

namespace sb::connectors {

std::unique_ptr<Connector> make_custom_connector();

namespace custom {

inline constexpr const char* k_connector_id = "custom";
inline constexpr const char* k_push_secret = "push_secret";
inline constexpr const char* k_rotate_push_secret = "rotate_push_secret";

// A new Standard Webhooks secret: "whsec_" + base64 of 24 random bytes.
std::string new_push_secret();

}  // namespace custom

}  // namespace sb::connectors
