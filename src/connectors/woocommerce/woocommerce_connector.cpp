#include "connectors/woocommerce/woocommerce_connector.hpp"

#include "connectors/common/store_host.hpp"

// Not built in this version: what the platform is, so integrations of it can be created
// (seed 000 names it), and no capability: the catalog lists it as unavailable.
namespace sb::connectors {

namespace {

ConnectorInfo woocommerce_info() {
    return {.id = "woocommerce",
            .name = "WooCommerce",
            .auth_kind = "basic",
            .credential_fields = {{.name = "site_url",
                                   .required = true,
                                   .description = "The WordPress site's base URL (https)",
                                   .max_length = 2048,
                                   .check = check_public_https_url},
                                  {.name = "consumer_key",
                                   .required = true,
                                   .secret = true,
                                   .description = "REST API consumer key"},
                                  {.name = "consumer_secret",
                                   .required = true,
                                   .secret = true,
                                   .description = "REST API consumer secret"}},
            .settings_fields = sync_settings_fields()};
}

}  // namespace

std::unique_ptr<Connector> make_woocommerce_connector() {
    return std::make_unique<Connector>(woocommerce_info());
}

}  // namespace sb::connectors
