#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <string>

#include "emulators/shopify/graphql/ast.hpp"
#include "emulators/shopify/graphql/schema.hpp"

namespace sb::emulators::shopify::graphql {

// The static pass: picks the operation, validates the document against the published schema
// (validator.hpp), coerces variables and computes the requested cost (Shopify's rules: scalars and
// enums 0, objects 1, connections 2 + first|last × the cost of one node, mutations 10).
struct Analysis {
    const Operation* operation = nullptr;
    boost::json::object variables;
    int requested_cost = 0;
    boost::json::array errors;  // non-empty: do not execute
    std::vector<std::string> root_fields;
    bool used_deprecated = false;  // selects a field the schema marks deprecated
};

Analysis analyze(const Document& doc, const std::string& operation_name,
                 const boost::json::object& variables, const Schema& schema, bool bulk = false);

struct Execution {
    boost::json::value data;  // object, or null when a root field failed hard
    boost::json::array errors;
};

Execution execute(const Document& doc, const Analysis& analysis, const Schema& schema,
                  Context& ctx);

// Bulk run of a query whose root is a connection: every node becomes one JSON line; nodes of
// nested connections become their own lines with "__parentId" and are written after the
// next root line, as Shopify does not promise children right after their parent.
struct BulkSink {
    std::function<void(const std::string& line)> write;
    std::function<bool()> cancelled;
    std::int64_t objects = 0;
    std::int64_t roots = 0;
};
// Returns an error message, empty on success.
std::string execute_bulk(const Document& doc, const Analysis& analysis, const Schema& schema,
                         Context& ctx, BulkSink& sink);

// Turns a literal (with variables) into JSON.
boost::json::value to_json(const Value& v, const boost::json::object& variables);

}  // namespace sb::emulators::shopify::graphql
