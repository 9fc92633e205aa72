#include "connectors/woocommerce/woocommerce_connector.hpp"

#include "connectors/common/store_host.hpp"

// Not built in this version: what the platform is, so integrations of it can be created
// (seed 000 names it), and no capability: the catalog lists it as unavailable.
namespace sb::connectors {

namespace {

using domain::FieldType;

domain::FieldSpec site_url_field() {
    domain::FieldSpec f{"site_url", FieldType::string, true, false,
                        "The WordPress site's base URL (https)"};
    f.max_length = 2048;
    f.check = check_public_https_url;
    return f;
}

ConnectorInfo woocommerce_info() {
    ConnectorInfo s;
    s.id = "woocommerce";
    s.name = "WooCommerce";
    s.category = Category::shop;
    s.auth_kind = "basic";
    s.credential_fields = {
        site_url_field(),
        {"consumer_key", FieldType::string, true, true, "REST API consumer key"},
        {"consumer_secret", FieldType::string, true, true, "REST API consumer secret"},
    };
    s.settings_fields = sync_settings_fields();
    return s;
}

}  // namespace

std::unique_ptr<Connector> make_woocommerce_connector() {
    return std::make_unique<Connector>(woocommerce_info());
}

}  // namespace sb::connectors
