#include "connectors/custom/custom_connector.hpp"

#include "connectors/common/store_host.hpp"

// Not built in this version: what the platform is, so integrations of it can be created
// (seed 000 names it), and no capability: the catalog lists it as unavailable.
namespace sb::connectors {

namespace {

// A store that pushes its data to the hub instead of being polled.
ConnectorInfo custom_info() {
    return {.id = "custom",
            .name = "Custom (push)",
            .auth_kind = "push",
            .credential_fields = {{.name = "push_secret",
                                   .secret = true,
                                   .description = "Shared secret that signs pushed batches"}},
            .settings_fields = {{.name = "base_url",
                                 .description = "Where the store's own API lives (https), if any",
                                 .max_length = 2048,
                                 .check = check_public_https_url}}};
}

}  // namespace

std::unique_ptr<Connector> make_custom_connector() {
    return std::make_unique<Connector>(custom_info());
}

}  // namespace sb::connectors
