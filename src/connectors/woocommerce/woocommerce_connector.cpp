#include "connectors/woocommerce/woocommerce_connector.hpp"

#include "connectors/pending_connector.hpp"

namespace sb::connectors {

namespace {

using domain::DataType;
using domain::FieldType;

ConnectorSpec woocommerce_spec() {
    ConnectorSpec s;
    s.id = "woocommerce";
    s.name = "WooCommerce";
    s.category = Category::shop;
    s.auth_kind = "basic";
    s.data_types = {DataType::customer, DataType::product, DataType::stock, DataType::order,
                    DataType::shipping_service};
    s.credential_fields = {
        {"site_url", FieldType::string, true, false, "The WordPress site's base URL"},
        {"consumer_key", FieldType::string, true, true, "REST API consumer key"},
        {"consumer_secret", FieldType::string, true, true, "REST API consumer secret"},
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
         "Set the stock quantity of a product",
         {{"product_id", FieldType::string, true, false, "Product id"},
          {"available", FieldType::integer, true, false, "New stock quantity"}}},
    };
    return s;
}

}  // namespace

std::unique_ptr<Connector> make_woocommerce_connector() {
    return std::make_unique<PendingConnector>(woocommerce_spec());
}

}  // namespace sb::connectors
