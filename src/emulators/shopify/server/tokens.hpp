#pragma once

#include <string>
#include <vector>

#include "emulators/common/tokens.hpp"

// OAuth state as Shopify keeps it (common/tokens.hpp with its defaults) and its scopes.
namespace sb::emulators::shopify {

using common::Grant;
using common::IssuedToken;
using common::join_scopes;
using common::split_scopes;
using common::Tokens;

const std::vector<std::string>& all_scopes();

}  // namespace sb::emulators::shopify
