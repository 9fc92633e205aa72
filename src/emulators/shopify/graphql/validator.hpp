#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "emulators/shopify/graphql/ast.hpp"
#include "emulators/shopify/graphql/schema.hpp"

// Validation of an executable document against a published schema: the rules of the GraphQL
// specification's section 5 that a platform enforces before it runs anything (fields,
// arguments, leaf selections, literals, variables and their positions, fragments,
// directives). Errors come in graphql-ruby's shape (message, locations, path,
// extensions.code), as Shopify answers them.
namespace sb::emulators::shopify::graphql {

boost::json::array validate(const Document& doc, const Schema& schema);

// The deprecated fields a document selects ("Type.field"), for a client that wants to keep
// off them.
std::vector<std::string> deprecated_fields(const Document& doc, const Schema& schema);

// The fields a document selects that have no resolver in `schema` (they answer made-up
// values): the emulator's tests use it to check a client reads only what has data behind it.
std::vector<std::string> unresolved_fields(const Document& doc, const Schema& schema);

// Coerces the variables given for `op` against their declared types (input objects field by
// field, enums by value, scalars by kind) and fills in defaults. Errors are INVALID_VARIABLE.
boost::json::array coerce_variables(const Operation& op, const boost::json::object& given,
                                    const Schema& schema, boost::json::object& out);

}  // namespace sb::emulators::shopify::graphql
