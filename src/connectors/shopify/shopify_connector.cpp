#include "connectors/shopify/shopify_connector.hpp"

#include "connectors/pending_connector.hpp"

namespace sb::connectors {

namespace {

using domain::DataType;
using domain::FieldSpec;
using domain::FieldType;

ConnectorSpec shopify_spec() {
    ConnectorSpec s;
    s.id = "shopify";
    s.name = "Shopify";
    s.category = Category::shop;
    s.auth_kind = "oauth2";
    s.data_types = {DataType::shop,    DataType::location,        DataType::customer,
                    DataType::product, DataType::stock,           DataType::order,
                    DataType::cart,    DataType::shipping_service};
    s.credential_fields = {
        {"shop_domain", FieldType::string, true, false, "The store's NAME.myshopify.com host name"},
        {"access_token", FieldType::string, false, true,
         "Admin API access token (set by the OAuth install, or a custom app's token)"},
        {"api_secret_key", FieldType::string, false, true,
         "The app's API secret key, for webhook signatures of a custom app"},
    };
    s.settings_fields = {
        {"api_version",
         FieldType::string,
         false,
         false,
         "Admin API version",
         {},
         std::string("2025-01")},
        {"sync_interval_minutes",
         FieldType::integer,
         false,
         false,
         "Minutes between incremental syncs",
         {},
         std::int64_t{15}},
        {"webhooks_enabled",
         FieldType::boolean,
         false,
         false,
         "Register webhooks for freshness",
         {},
         true},
    };
    s.actions = {
        {"update_stock",
         "Update stock",
         "Set the available quantity of an inventory item at a location",
         {{"inventory_item_id", FieldType::string, true, false,
           "Inventory item (legacy id or GID)"},
          {"location_id", FieldType::string, true, false, "Location (legacy id or GID)"},
          {"available", FieldType::integer, true, false, "New available quantity"}}},
        {"cancel_order",
         "Cancel order",
         "Cancel an order at the store",
         {{"order_id", FieldType::string, true, false, "Order (legacy id or GID)"},
          {"reason",
           FieldType::string,
           false,
           false,
           "Why",
           {"customer", "fraud", "inventory", "declined", "other"}},
          {"restock", FieldType::boolean, false, false, "Return the items to stock"}}},
        {"add_tracking",
         "Add tracking",
         "Set the tracking information of a fulfillment",
         {{"fulfillment_id", FieldType::string, true, false, "Fulfillment (legacy id or GID)"},
          {"tracking_number", FieldType::string, true, false, "Carrier tracking number"},
          {"tracking_company", FieldType::string, false, false, "Carrier name"},
          {"tracking_url", FieldType::string, false, false, "Carrier tracking page"}}},
        {"register_webhooks",
         "Register webhooks",
         "Create the webhook subscriptions the hub relies on",
         {}},
        {"refresh_token", "Refresh token", "Exchange the refresh token for a new access token", {}},
    };
    return s;
}

}  // namespace

std::unique_ptr<Connector> make_shopify_connector() {
    return std::make_unique<PendingConnector>(shopify_spec());
}

}  // namespace sb::connectors
