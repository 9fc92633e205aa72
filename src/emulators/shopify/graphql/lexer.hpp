#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emulators/shopify/graphql/ast.hpp"

namespace sb::emulators::shopify::graphql {

enum class TokenKind {
    end,
    punctuator,  // ! $ & ( ) ... : = @ [ ] { | }
    name,
    integer,
    floating,
    string,
};

struct Token {
    TokenKind kind = TokenKind::end;
    std::string text;  // punctuator text, name, number literal, or decoded string
    Location loc;
};

// Thrown for lexical and syntax errors; the message follows Shopify's wording
// ("Parse error on \"}\" (RCURLY) at [1, 5]").
struct SyntaxError {
    std::string message;
    Location loc;
};

// Splits a document into tokens (commas, whitespace and comments are ignored as the spec
// says). Throws SyntaxError.
std::vector<Token> tokenize(std::string_view source);

// The token names Shopify's parser reports (RCURLY, IDENTIFIER, ...).
std::string token_label(const Token& t);

}  // namespace sb::emulators::shopify::graphql
