#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

// The catalog of every GraphQL document the connector can send, built from the same functions
// the call sites use (queries.hpp, mutations.hpp, fetch.hpp), so that a test can validate each
// against Shopify's published schemas (docs/shopify.md, "API versions and upgrading").
namespace sb::connectors::shopify {

struct Document {
    std::string name;  // unique: "page:COMMERCE_ORDER", "mutation:order_cancel", …
    std::string text;
    boost::json::object variables;  // an example of the variables it is sent with
};

// Every GraphQL document the connector can send, with example variables of the right types.
std::vector<Document> all_documents();

}  // namespace sb::connectors::shopify
