#include "connectors/custom/custom_connector.hpp"

#include "connectors/common/store_host.hpp"

// Not built in this version: what the platform is, so integrations of it can be created
// (seed 000 names it), and no capability: the catalog lists it as unavailable.
namespace sb::connectors {

namespace {

using domain::FieldType;

// A store that pushes its data to the hub instead of being polled.
ConnectorInfo custom_info() {
    ConnectorInfo s;
    s.id = "custom";
    s.name = "Custom (push)";
    s.category = Category::shop;
    s.auth_kind = "push";
    s.credential_fields = {
        {"push_secret", FieldType::string, false, true, "Shared secret that signs pushed batches"},
    };
    s.settings_fields = {
        {"base_url", FieldType::string, false, false,
         "Where the store's own API lives (https), if any"},
    };
    s.settings_fields.back().max_length = 2048;
    s.settings_fields.back().check = check_public_https_url;
    return s;
}

}  // namespace

std::unique_ptr<Connector> make_custom_connector() {
    return std::make_unique<Connector>(custom_info());
}

}  // namespace sb::connectors
