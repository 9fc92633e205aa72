#pragma once

#include <string_view>

namespace sb::connectors {

// NAME + `suffix` (e.g. ".myshopify.com") with NAME in [a-z0-9][a-z0-9-]*: the only store hosts
// a callback or webhook may name.
bool valid_store_host(std::string_view host, std::string_view suffix);

}  // namespace sb::connectors
