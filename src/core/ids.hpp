#pragma once

#include <string>
#include <string_view>

namespace sb {

// Opaque, unguessable identifiers with a readable type prefix, e.g. "acct_3f9c…".
std::string new_id(std::string_view prefix);

}  // namespace sb
