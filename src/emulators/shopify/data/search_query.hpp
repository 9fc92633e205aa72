#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Shopify's search syntax for `query:` arguments: `updated_at:>2024-01-01 status:open`,
// quoted values, `-field:value` negation, OR is not supported (terms are ANDed).
namespace sb::emulators::shopify {

struct SearchTerm {
    std::string field;  // lower case; empty for a bare word
    std::string op;     // ":", ">", ">=", "<", "<="
    std::string value;  // unquoted
    bool negate = false;
};

std::vector<SearchTerm> parse_search(std::string_view query);

// Compares a millisecond timestamp with a term value (RFC 3339 or a date); false when the
// value is not a time.
bool time_matches(std::int64_t actual_ms, const SearchTerm& term, bool& valid);
bool number_matches(std::int64_t actual, const SearchTerm& term);
bool text_matches(std::string_view actual, const SearchTerm& term);  // case-insensitive

}  // namespace sb::emulators::shopify
