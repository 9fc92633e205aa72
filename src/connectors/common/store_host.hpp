#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/fields.hpp"

namespace sb::connectors {

// NAME + `suffix` (e.g. ".myshopify.com") with NAME in [a-z0-9][a-z0-9-]*: the only store hosts
// a callback or webhook may name.
bool valid_store_host(std::string_view host, std::string_view suffix);

// The credential that names the store by its host (NAME + `suffix`): required, at most 255
// characters, and refused unless it is such a host, so the hub never calls anywhere else.
domain::FieldSpec store_host_field(std::string name, std::string_view suffix,
                                   std::string description);

// An https:// URL of a host name (no user info, no IP literal at all; where a name resolves is
// checked at connect time): where a merchant's own server may be (WooCommerce's site, a custom
// connector's API).
std::optional<std::string> check_public_https_url(std::string_view url);

}  // namespace sb::connectors
