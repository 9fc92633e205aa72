#include "connectors/bigcommerce/bigcommerce_connector.hpp"
#include "connectors/connector.hpp"
#include "connectors/custom/custom_connector.hpp"
#include "connectors/shopify/shopify_connector.hpp"
#include "connectors/shoplazza/shoplazza_connector.hpp"
#include "connectors/woocommerce/woocommerce_connector.hpp"
#include "http/metrics.hpp"

namespace sb::connectors {

std::unique_ptr<Registry> make_registry(const RegistryOptions& options) {
    auto r = std::make_unique<Registry>();
    ShopifyOptions shopify;
    shopify.metrics = options.metrics;
    if (auto it = options.base_url_overrides.find("shopify");
        it != options.base_url_overrides.end()) {
        shopify.base_url_override = it->second;
    }
    shopify.http.counters = options.metrics;
    shopify.http.allow_private_targets =
        options.allow_private_targets || !shopify.base_url_override.empty();
    r->add(make_shopify_connector(std::move(shopify)));
    ShoplazzaOptions shoplazza;
    if (auto it = options.base_url_overrides.find("shoplazza");
        it != options.base_url_overrides.end()) {
        shoplazza.base_url_override = it->second;
    }
    shoplazza.http.counters = options.metrics;
    shoplazza.http.allow_private_targets =
        options.allow_private_targets || !shoplazza.base_url_override.empty();
    r->add(make_shoplazza_connector(std::move(shoplazza)));
    BigCommerceOptions bigcommerce;
    if (auto it = options.base_url_overrides.find("bigcommerce");
        it != options.base_url_overrides.end()) {
        bigcommerce.base_url_override = it->second;
    }
    bigcommerce.http.counters = options.metrics;
    bigcommerce.http.allow_private_targets =
        options.allow_private_targets || !bigcommerce.base_url_override.empty();
    r->add(make_bigcommerce_connector(std::move(bigcommerce)));
    WooCommerceOptions woocommerce;
    if (auto it = options.base_url_overrides.find("woocommerce");
        it != options.base_url_overrides.end()) {
        woocommerce.base_url_override = it->second;
    }
    woocommerce.http.counters = options.metrics;
    woocommerce.http.allow_private_targets =
        options.allow_private_targets || !woocommerce.base_url_override.empty();
    r->add(make_woocommerce_connector(std::move(woocommerce)));
    CustomOptions custom;
    custom.http.counters = options.metrics;
    custom.allow_private_targets = options.allow_private_targets;
    r->add(make_custom_connector(std::move(custom)));
    return r;
}

}  // namespace sb::connectors
