#include "emulators/shopify/resolvers/common.hpp"
#include "emulators/shopify/resolvers/services.hpp"

namespace sb::emulators::shopify {

graphql::Schema build_admin_schema() {
    graphql::Schema s;
    s.type("QueryRoot");
    s.type("Mutation");
    s.type("PageInfo");
    register_order_types(s);
    register_catalog_types(s);
    register_customer_types(s);
    register_shipping_types(s);
    register_query_root(s);
    register_mutations(s);
    register_bulk_types(s);
    return s;
}

}  // namespace sb::emulators::shopify
