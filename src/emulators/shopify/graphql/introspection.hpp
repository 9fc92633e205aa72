#pragma once

#include "emulators/shopify/graphql/schema.hpp"

// Introspection (`__schema`, `__type(name:)` and the `__Type` family) answered from the
// published document itself, so a client sees exactly what the platform publishes.
namespace sb::emulators::shopify::graphql {

// Adds the meta fields to the query root and resolvers to the introspection types.
void add_introspection(Schema& s, TypeDef& query_root);

}  // namespace sb::emulators::shopify::graphql
