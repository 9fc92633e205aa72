#include "connectors/bigcommerce/bigcommerce_connector.hpp"
#include "connectors/connector.hpp"
#include "connectors/custom/custom_connector.hpp"
#include "connectors/shopify/shopify_connector.hpp"
#include "connectors/shoplazza/shoplazza_connector.hpp"
#include "connectors/woocommerce/woocommerce_connector.hpp"

namespace sb::connectors {

std::unique_ptr<Registry> make_registry() {
    auto r = std::make_unique<Registry>();
    r->add(make_shopify_connector());
    r->add(make_shoplazza_connector());
    r->add(make_bigcommerce_connector());
    r->add(make_woocommerce_connector());
    r->add(make_custom_connector());
    return r;
}

}  // namespace sb::connectors
