#include <map>
#include <mutex>

#include "emulators/shopify/resolvers/common.hpp"
#include "emulators/shopify/resolvers/services.hpp"
#include "emulators/shopify/schema/published.hpp"

namespace sb::emulators::shopify {

graphql::Schema build_admin_schema(std::string_view version) {
    graphql::Schema s = graphql::Schema::from_introspection(published_schema(version));
    register_order_types(s);
    register_catalog_types(s);
    register_customer_types(s);
    register_shipping_types(s);
    register_query_root(s);
    register_mutations(s);
    register_bulk_types(s);
    return s;
}

const graphql::Schema& admin_schema(std::string_view version) {
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<const graphql::Schema>, std::less<>> built;
    const std::string& served = resolve_version(version);
    std::lock_guard lock(mutex);
    auto it = built.find(served);
    if (it == built.end()) {
        it = built
                 .emplace(served,
                          std::make_unique<const graphql::Schema>(build_admin_schema(served)))
                 .first;
    }
    return *it->second;
}

}  // namespace sb::emulators::shopify
