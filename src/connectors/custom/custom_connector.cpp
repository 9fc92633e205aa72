#include "connectors/custom/custom_connector.hpp"

#include "connectors/pending_connector.hpp"

namespace sb::connectors {

namespace {

using domain::DataType;
using domain::FieldType;

// A store that pushes its data to the hub instead of being polled.
ConnectorSpec custom_spec() {
    ConnectorSpec s;
    s.id = "custom";
    s.name = "Custom (push)";
    s.category = Category::shop;
    s.auth_kind = "push";
    s.data_types = {DataType::shop,    DataType::location,        DataType::customer,
                    DataType::product, DataType::stock,           DataType::order,
                    DataType::cart,    DataType::shipping_service};
    s.credential_fields = {
        {"push_secret", FieldType::string, false, true, "Shared secret that signs pushed batches"},
    };
    s.settings_fields = {
        {"base_url", FieldType::string, false, false, "Where the store's own API lives, if any"},
    };
    return s;
}

}  // namespace

std::unique_ptr<Connector> make_custom_connector() {
    return std::make_unique<PendingConnector>(custom_spec());
}

}  // namespace sb::connectors
