#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "emulators/shopify/data/store.hpp"
#include "emulators/shopify/graphql/schema.hpp"

namespace sb::emulators::common {
class Webhooks;
}

namespace sb::emulators::shopify {

class BulkOperations;

// What resolvers reach through graphql::Context::env.
struct Services {
    Store* store = nullptr;
    const graphql::Schema* schema = nullptr;  // to validate bulk queries
    BulkOperations* bulk = nullptr;
    common::Webhooks* webhooks = nullptr;
    std::string api_version;
    std::string app_id;  // the calling app (its API key)
};

inline const Services& services(const graphql::Context& ctx) {
    return *static_cast<const Services*>(ctx.env);
}

// The Admin API schema of a served version: Shopify's published types with the emulator's
// resolvers attached.
graphql::Schema build_admin_schema(std::string_view version);
// The same, built once per process and version (a version not served: the oldest served).
const graphql::Schema& admin_schema(std::string_view version);

// Registration functions, one per group of types (defined in their own files).
void register_order_types(graphql::Schema& s);
void register_catalog_types(graphql::Schema& s);
void register_customer_types(graphql::Schema& s);
void register_query_root(graphql::Schema& s);
void register_mutations(graphql::Schema& s);
void register_bulk_types(graphql::Schema& s);
void register_shipping_types(graphql::Schema& s);

}  // namespace sb::emulators::shopify
