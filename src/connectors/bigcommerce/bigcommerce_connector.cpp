#include "connectors/bigcommerce/bigcommerce_connector.hpp"

#include <cctype>
#include <optional>
#include <string>

// Not built in this version: what the platform is, so integrations of it can be created
// (seed 000 names it), and no capability: the catalog lists it as unavailable.
namespace sb::connectors {

namespace {

using domain::FieldType;

// The store hash of api.bigcommerce.com/stores/{hash}/: letters and digits only.
domain::FieldSpec store_hash_field() {
    domain::FieldSpec f{"store_hash", FieldType::string, true, false,
                        "The store hash from the API path"};
    f.max_length = 64;
    f.check = [](std::string_view v) -> std::optional<std::string> {
        for (char c : v) {
            if (!std::isalnum(static_cast<unsigned char>(c)))
                return "must be the store hash (letters and digits) of the API path";
        }
        return std::nullopt;
    };
    return f;
}

ConnectorInfo bigcommerce_info() {
    ConnectorInfo s;
    s.id = "bigcommerce";
    s.name = "BigCommerce";
    s.category = Category::shop;
    s.auth_kind = "api_key";
    s.credential_fields = {
        store_hash_field(),
        {"access_token", FieldType::string, true, true, "API account access token (X-Auth-Token)"},
    };
    s.settings_fields = sync_settings_fields();
    return s;
}

}  // namespace

std::unique_ptr<Connector> make_bigcommerce_connector() {
    return std::make_unique<Connector>(bigcommerce_info());
}

}  // namespace sb::connectors
