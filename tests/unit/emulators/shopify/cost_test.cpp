#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "emulators/shopify/graphql/executor.hpp"
#include "emulators/shopify/graphql/parser.hpp"
#include "emulators/shopify/resolvers/services.hpp"

namespace sb::emulators::shopify {
namespace {

int cost_of(const std::string& q, const boost::json::object& vars = {}) {
    static const graphql::Schema schema = build_admin_schema("2026-10");
    const auto doc = graphql::parse_document(q);
    const auto a = graphql::analyze(doc, "", vars, schema);
    EXPECT_TRUE(a.errors.empty()) << boost::json::serialize(a.errors);
    return a.requested_cost;
}

boost::json::array errors_of(const std::string& q) {
    static const graphql::Schema schema = build_admin_schema("2026-10");
    return graphql::analyze(graphql::parse_document(q), "", {}, schema).errors;
}

TEST(CostModel, ScalarsAreFreeObjectsCostOne) {
    EXPECT_EQ(cost_of("{ shop { name currencyCode } }"), 1);
    EXPECT_EQ(cost_of("{ shop { name plan { displayName } } }"), 2);
}

TEST(CostModel, ConnectionIsTwoPlusFirstTimesNode) {
    EXPECT_EQ(cost_of("{ products(first: 10) { edges { node { title } } } }"), 12);
    EXPECT_EQ(cost_of("{ orders(first: 10) { nodes { id } pageInfo { hasNextPage } } }"), 12);
    // Nested: 2 + 5 × (1 node + (2 + 3 × 1 line item))
    EXPECT_EQ(cost_of("{ orders(first: 5) { edges { node { lineItems(first: 3) { edges { node { "
                      "sku } } } } } } }"),
              2 + 5 * (1 + 5));
    EXPECT_EQ(cost_of("query($n: Int!) { customers(first: $n) { nodes { id } } }", {{"n", 50}}),
              52);
}

TEST(CostModel, MutationsCostTen) {
    EXPECT_EQ(
        cost_of(
            R"(mutation { webhookSubscriptionDelete(id: "gid://shopify/WebhookSubscription/1") { userErrors { message } } })"),
        10);
}

TEST(CostModel, AboveThousandIsReported) {
    EXPECT_GT(
        cost_of("{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }"),
        1000);
}

TEST(Validation, UnknownFieldsAndArguments) {
    auto e = errors_of("{ shop { nope } }");
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0].at("extensions").at("code"), "undefinedField");
    e = errors_of("{ orders(first: 1, bogus: 2) { nodes { id } } }");
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0].at("extensions").at("code"), "argumentNotAccepted");
    e = errors_of("{ orders { nodes { id } } }");
    EXPECT_EQ(e.size(), 1u);  // first or last is required
    e = errors_of("{ shop }");
    EXPECT_EQ(e[0].at("extensions").at("code"), "selectionMismatch");
}

}  // namespace
}  // namespace sb::emulators::shopify
