#include "connectors/bigcommerce/bigcommerce_connector.hpp"

#include "connectors/pending_connector.hpp"

namespace sb::connectors {

namespace {

using domain::DataType;
using domain::FieldType;

ConnectorSpec bigcommerce_spec() {
    ConnectorSpec s;
    s.id = "bigcommerce";
    s.name = "BigCommerce";
    s.category = Category::shop;
    s.auth_kind = "api_key";
    s.data_types = {DataType::shop,  DataType::customer, DataType::product,
                    DataType::stock, DataType::order,    DataType::cart};
    s.credential_fields = {
        {"store_hash", FieldType::string, true, false, "The store hash from the API path"},
        {"access_token", FieldType::string, true, true, "API account access token (X-Auth-Token)"},
    };
    s.settings_fields = {
        {"sync_interval_minutes",
         FieldType::integer,
         false,
         false,
         "Minutes between incremental syncs",
         {},
         std::int64_t{15}},
    };
    s.actions = {
        {"update_stock",
         "Update stock",
         "Set the inventory level of a product or variant",
         {{"product_id", FieldType::string, true, false, "Product id"},
          {"variant_id", FieldType::string, false, false, "Variant id"},
          {"available", FieldType::integer, true, false, "New inventory level"}}},
    };
    return s;
}

}  // namespace

std::unique_ptr<Connector> make_bigcommerce_connector() {
    return std::make_unique<PendingConnector>(bigcommerce_spec());
}

}  // namespace sb::connectors
