// The Shopify emulator's GraphQL lexer and parser: any text is a document or a SyntaxError.
#include "emulators/shopify/graphql/parser.hpp"
#include "input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        (void)sb::emulators::shopify::graphql::parse_document(sb::fuzz::text(data, size));
    } catch (const sb::emulators::shopify::graphql::SyntaxError&) {
    }
    return 0;
}
