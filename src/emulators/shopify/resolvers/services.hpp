#pragma once

#include <functional>
#include <string>

#include "emulators/shopify/data/store.hpp"
#include "emulators/shopify/graphql/schema.hpp"

namespace sb::emulators::shopify {

class BulkOperations;
class Webhooks;

// What resolvers reach through graphql::Context::env.
struct Services {
    Store* store = nullptr;
    const graphql::Schema* schema = nullptr;  // to validate bulk queries
    BulkOperations* bulk = nullptr;
    Webhooks* webhooks = nullptr;
    std::string api_version;
    std::string app_id;  // the calling app (its API key)
};

inline const Services& services(const graphql::Context& ctx) {
    return *static_cast<const Services*>(ctx.env);
}

// Builds the Admin API schema: types, fields and resolvers.
graphql::Schema build_admin_schema();

// Registration functions, one per group of types (defined in their own files).
void register_order_types(graphql::Schema& s);
void register_catalog_types(graphql::Schema& s);
void register_customer_types(graphql::Schema& s);
void register_query_root(graphql::Schema& s);
void register_mutations(graphql::Schema& s);
void register_bulk_types(graphql::Schema& s);
void register_shipping_types(graphql::Schema& s);

}  // namespace sb::emulators::shopify
