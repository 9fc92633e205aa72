#include "connectors/shoplazza/shoplazza_connector.hpp"

#include "connectors/pending_connector.hpp"

namespace sb::connectors {

namespace {

using domain::DataType;
using domain::FieldType;

ConnectorSpec shoplazza_spec() {
    ConnectorSpec s;
    s.id = "shoplazza";
    s.name = "Shoplazza";
    s.category = Category::shop;
    s.auth_kind = "oauth2";
    s.data_types = {DataType::shop, DataType::customer, DataType::product, DataType::stock,
                    DataType::order};
    s.credential_fields = {
        {"shop_domain", FieldType::string, true, false,
         "The store's NAME.myshoplaza.com host name"},
        {"access_token", FieldType::string, false, true, "Open API access token"},
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
    // Seed 001: Update Shop (write_shop scope).
    s.actions = {
        {"update_shop",
         "Update shop",
         "Update shop information such as the customer email (Shoplazza Update Shop, write_shop)",
         {{"customer_email", FieldType::string, false, false,
           "Email of the customer associated with the shop"}}},
        {"refresh_token", "Refresh token", "Exchange the refresh token for a new access token", {}},
    };
    return s;
}

}  // namespace

std::unique_ptr<Connector> make_shoplazza_connector() {
    return std::make_unique<PendingConnector>(shoplazza_spec());
}

}  // namespace sb::connectors
