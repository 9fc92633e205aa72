#pragma once

#include <string_view>

#include "emulators/shopify/graphql/ast.hpp"
#include "emulators/shopify/graphql/lexer.hpp"

namespace sb::emulators::shopify::graphql {

// Parses an executable document. Throws SyntaxError (type-system definitions are rejected,
// as an executable document may not contain them).
Document parse_document(std::string_view source);

}  // namespace sb::emulators::shopify::graphql
