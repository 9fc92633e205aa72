#include "connectors/bigcommerce/bigcommerce_connector.hpp"

#include <cctype>
#include <optional>
#include <string>

// Not built in this version: what the platform is, so integrations of it can be created
// (seed 000 names it), and no capability: the catalog lists it as unavailable.
namespace sb::connectors {

namespace {

// The store hash of api.bigcommerce.com/stores/{hash}/: letters and digits only.
std::optional<std::string> check_store_hash(std::string_view v) {
    for (char c : v) {
        if (!std::isalnum(static_cast<unsigned char>(c)))
            return "must be the store hash (letters and digits) of the API path";
    }
    return std::nullopt;
}

ConnectorInfo bigcommerce_info() {
    return {.id = "bigcommerce",
            .name = "BigCommerce",
            .auth_kind = "api_key",
            .credential_fields = {{.name = "store_hash",
                                   .required = true,
                                   .description = "The store hash from the API path",
                                   .max_length = 64,
                                   .check = check_store_hash},
                                  {.name = "access_token",
                                   .required = true,
                                   .secret = true,
                                   .description = "API account access token (X-Auth-Token)"}},
            .settings_fields = sync_settings_fields()};
}

}  // namespace

std::unique_ptr<Connector> make_bigcommerce_connector() {
    return std::make_unique<Connector>(bigcommerce_info());
}

}  // namespace sb::connectors
