#include <gtest/gtest.h>

#include "emulators/shopify/graphql/parser.hpp"

namespace sb::emulators::shopify::graphql {
namespace {

TEST(GraphqlParser, ParsesOperationsVariablesAliasesFragments) {
    const auto doc = parse_document(R"(
        # a comment
        query Orders($first: Int! = 10, $q: String) {
          recent: orders(first: $first, query: $q, sortKey: UPDATED_AT, reverse: true) {
            edges { cursor node { ...OrderFields ... on Order { name } } }
            pageInfo { hasNextPage }
          }
        }
        fragment OrderFields on Order { id totalPriceSet { shopMoney { amount } } }
        mutation M { orderCancel(orderId: "gid://shopify/Order/1", reason: CUSTOMER, refund: false, restock: true) { userErrors { message } } }
    )");
    ASSERT_EQ(doc.operations.size(), 2u);
    ASSERT_EQ(doc.fragments.size(), 1u);
    const auto& op = doc.operations[0];
    EXPECT_EQ(op.type, "query");
    EXPECT_EQ(op.name, "Orders");
    ASSERT_EQ(op.variables.size(), 2u);
    EXPECT_TRUE(op.variables[0].type.non_null);
    ASSERT_TRUE(op.variables[0].default_value);
    const auto& f = op.selections.at(0);
    EXPECT_EQ(f.alias, "recent");
    EXPECT_EQ(f.name, "orders");
    ASSERT_EQ(f.arguments.size(), 4u);
    EXPECT_EQ(f.arguments[0].value->kind, Value::Kind::variable);
    EXPECT_EQ(f.arguments[2].value->kind, Value::Kind::enumeration);
    const auto& node = f.selections[0].selections[1];
    EXPECT_EQ(node.name, "node");
    EXPECT_EQ(node.selections[0].kind, Selection::Kind::fragment_spread);
    EXPECT_EQ(node.selections[1].kind, Selection::Kind::inline_fragment);
    EXPECT_EQ(node.selections[1].type_condition, "Order");
    EXPECT_EQ(doc.operations[1].type, "mutation");
}

TEST(GraphqlParser, AnonymousShorthandAndStringEscapes) {
    const auto doc = parse_document(R"({ node(id: "gid:\/\/shopify\/Order\/1 \u00e9") { id } })");
    ASSERT_EQ(doc.operations.size(), 1u);
    EXPECT_EQ(doc.operations[0].selections[0].arguments[0].value->text,
              "gid://shopify/Order/1 \xc3\xa9");
}

TEST(GraphqlParser, BlockStringsListsAndObjects) {
    const auto doc = parse_document(R"(mutation { x(input: {a: [1, 2.5, true, null], b: """multi
line"""}) { y } })");
    const auto& arg = doc.operations[0].selections[0].arguments[0];
    ASSERT_EQ(arg.value->kind, Value::Kind::object);
    EXPECT_EQ(arg.value->fields[0].second->list.size(), 4u);
    EXPECT_EQ(arg.value->fields[1].second->text, "multi\nline");
}

TEST(GraphqlParser, ReportsErrorsWithLocation) {
    try {
        parse_document("{ shop { name }");
        FAIL() << "expected a syntax error";
    } catch (const SyntaxError& e) {
        EXPECT_EQ(e.loc.line, 1);
        EXPECT_NE(e.message.find("Parse error on"), std::string::npos);
    }
    EXPECT_THROW(parse_document(""), SyntaxError);
    EXPECT_THROW(parse_document("{ }"), SyntaxError);
    EXPECT_THROW(parse_document("{ a(x: ) }"), SyntaxError);
    EXPECT_THROW(parse_document("{ a(x: \"unterminated) }"), SyntaxError);
    EXPECT_THROW(parse_document("type Query { a: Int }"), SyntaxError);
    EXPECT_THROW(parse_document("{ a } ^"), SyntaxError);
    try {
        parse_document("{\n  shop {\n    name\n  }}}");
        FAIL();
    } catch (const SyntaxError& e) {
        EXPECT_EQ(e.loc.line, 4);
        EXPECT_NE(e.message.find("RCURLY"), std::string::npos);
    }
}

// Found by fuzz/graphql_parse_fuzz: 50,000 nested levels overflowed the parser's stack.
TEST(GraphqlParser, RefusesNestingDeeperThanItsLimitInsteadOfExhaustingTheStack) {
    auto nested = [](std::string_view open, std::string_view close, int depth) {
        std::string s;
        for (int i = 0; i < depth; ++i)
            s += open;
        s += "a";
        for (int i = 0; i < depth; ++i)
            s += close;
        return s;
    };
    EXPECT_NO_THROW(parse_document("{" + nested("a {", "}", 200) + "}"));
    EXPECT_THROW(parse_document("{" + nested("a {", "}", 50'000) + "}"), SyntaxError);
    EXPECT_THROW(parse_document("{ a(x: " + nested("[", "]", 50'000) + ") }"), SyntaxError);
    EXPECT_THROW(parse_document("{ a(x: " + nested("{b: ", "}", 50'000) + ") }"), SyntaxError);
    EXPECT_THROW(parse_document("query($v: " + nested("[", "]", 50'000) + ") { a }"), SyntaxError);
}

}  // namespace
}  // namespace sb::emulators::shopify::graphql
