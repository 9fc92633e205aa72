#pragma once

#include <string>
#include <string_view>

namespace sb {

// Opaque, unguessable identifiers with a readable type prefix, e.g. "acct_3f9c…".
std::string new_id(std::string_view prefix);

// The same shape, in order of creation: the first 12 hex digits are the creation time in
// milliseconds, the other 12 random. For rows written at a high rate, whose primary key index
// then grows at its end instead of dirtying a random page per row. Not unguessable.
std::string new_time_ordered_id(std::string_view prefix);

}  // namespace sb
