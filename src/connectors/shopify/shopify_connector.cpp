#include "connectors/shopify/shopify_connector.hpp"

#include "connectors/actions.hpp"
#include "connectors/common/json_util.hpp"
#include "connectors/common/store_host.hpp"
#include "connectors/shopify/shipping.hpp"
#include "connectors/shopify/webhooks.hpp"
#include "core/error.hpp"

namespace sb::connectors {

namespace {

using domain::DataType;
using domain::FieldSpec;
using domain::FieldType;

ConnectorInfo shopify_info() {
    return {
        .id = "shopify",
        .name = "Shopify",
        .auth_kind = "oauth2",
        .credential_fields = oauth_token_fields(
            {store_host_field("shop_domain", ".myshopify.com",
                              "The store's NAME.myshopify.com host name"),
             {.name = "access_token",
              .secret = true,
              .description =
                  "Admin API access token (set by the OAuth install, or a custom app's token)"},
             {.name = "api_secret_key",
              .secret = true,
              .description = "The app's API secret key, for webhook signatures of a custom app"}}),
        .settings_fields =
            sync_settings_fields({{.name = "api_version",
                                   .description = "Admin API version",
                                   .default_value = std::string(shopify::k_default_api_version)}}),
        .store_field = "shop_domain"};
}

// Shopify's own actions; set_stock_level, register_webhooks and refresh_token come with the
// capabilities (connectors/actions.cpp).
std::vector<ActionSpec> own_actions() {
    return {
        {"update_stock",
         "Update stock",
         "Set the available quantity of an inventory item at a location (set_stock_level's "
         "older name)",
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
    };
}

bool is_initial(const FetchRequest& r) {
    return r.checkpoint.empty() && !r.since;
}

}  // namespace

ShopifyConnector::ShopifyConnector(ShopifyOptions options)
    : Connector(shopify_info()),
      options_(std::move(options)),
      http_(std::make_unique<http::Client>(options_.http)),
      budgets_(std::make_unique<shopify::BudgetRegistry>()),
      notices_(std::make_unique<DeprecationNotices>("shopify", options_.metrics)) {
    provide({.reader = this,
             .installer = this,
             .webhooks = this,
             .token_refresher = this,
             .webhook_subscriber = this,
             .stock_writer = this,
             .platform_actions = this});
    while (!options_.base_url_override.empty() && options_.base_url_override.back() == '/')
        options_.base_url_override.pop_back();
}

std::string ShopifyConnector::base_url(const std::string& shop_domain) const {
    if (!options_.base_url_override.empty())
        return options_.base_url_override;
    return "https://" + shop_domain;
}

shopify::GraphqlClient ShopifyConnector::graphql(const domain::Integration& integration) {
    const std::string shop = credential_text(integration, "shop_domain");
    const std::string token = credential_text(integration, "access_token");
    if (shop.empty() || token.empty()) {
        throw ApiError(Errc::platform_auth_failed, "The store is not connected yet",
                       "The integration has no shop_domain or access_token");
    }
    std::string version = options_.api_version;
    if (auto it = integration.settings.find("api_version"); it != integration.settings.end()) {
        if (const auto* s = std::get_if<std::string>(&it->second); s && !s->empty())
            version = *s;
    }
    return shopify::GraphqlClient(*http_, budgets_->for_shop(shop),
                                  shopify::ShopEndpoint{shop, base_url(shop), version, token},
                                  options_.retry, notices_.get());
}

std::optional<domain::FieldMap> ShopifyConnector::api_budget(
    const domain::Integration& integration) const {
    auto it = integration.credentials.find("shop_domain");
    if (it == integration.credentials.end() || !std::holds_alternative<std::string>(it->second))
        return std::nullopt;
    auto snap = budget_snapshot(std::get<std::string>(it->second));
    if (!snap || !snap->known)
        return std::nullopt;
    domain::FieldMap out{{"maximum", snap->maximum},
                         {"available", snap->available},
                         {"restore_rate", snap->restore_rate},
                         {"throttled_count", snap->throttled_count}};
    if (snap->last_throttled_at)
        out.emplace("last_throttled_at", *snap->last_throttled_at);
    return out;
}

const std::vector<std::string>& ShopifyConnector::install_scopes() {
    static const std::vector<std::string> scopes{
        "read_orders",        "write_orders",    "read_products",  "read_customers",
        "read_inventory",     "write_inventory", "read_locations", "read_fulfillments",
        "write_fulfillments", "read_checkouts",  "read_shipping"};
    return scopes;
}

bool ShopifyConnector::valid_store(std::string_view store) const {
    return shopify::oauth::valid_shop_domain(store);
}

std::string ShopifyConnector::authorize_url(const InstallStart& start) {
    return shopify::oauth::authorize_url(base_url(start.store), start.app.client_id,
                                         install_scopes(), start.redirect_uri, start.state);
}

InstallCallback ShopifyConnector::verify_callback(const AppCredentials& app,
                                                  const QueryParams& query, std::int64_t now_s) {
    auto result = shopify::oauth::verify_callback(query, app.client_secret, now_s);
    if (!result.callback) {
        const auto why = result.error
                             ? std::string(shopify::oauth::callback_error_name(*result.error))
                             : std::string("invalid");
        throw ApiError(Errc::invalid_request, "The install callback was refused",
                       "Shopify callback check failed: " + why);
    }
    return {result.callback->shop, result.callback->state, result.callback->code};
}

namespace {

// The credentials a token grant leaves on the integration.
domain::FieldMap token_credentials(const shopify::oauth::Tokens& tokens) {
    domain::FieldMap out;
    out.emplace("access_token", tokens.access_token);
    out.emplace("scope", tokens.scope);
    if (tokens.refresh_token)
        out.emplace("refresh_token", *tokens.refresh_token);
    if (tokens.expires_at)
        out.emplace("access_token_expires_at", *tokens.expires_at);
    return out;
}

std::string header(const HeaderLookup& headers, std::string_view name) {
    return headers ? headers(name) : std::string();
}

}  // namespace

domain::FieldMap ShopifyConnector::exchange_code(const AppCredentials& app,
                                                 const InstallCallback& callback) {
    auto tokens = shopify::oauth::exchange_code(*http_, base_url(callback.store), app.client_id,
                                                app.client_secret, callback.code, false);
    auto out = token_credentials(tokens);
    out.emplace("shop_domain", callback.store);
    return out;
}

std::optional<WebhookEnvelope> ShopifyConnector::webhook_envelope(const HeaderLookup& headers,
                                                                  std::string_view) const {
    WebhookEnvelope e{header(headers, "X-Shopify-Shop-Domain"), header(headers, "X-Shopify-Topic"),
                      header(headers, "X-Shopify-Webhook-Id")};
    for (auto& c : e.store)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!shopify::oauth::valid_shop_domain(e.store) || e.topic.empty() || e.delivery_id.empty())
        return std::nullopt;
    return e;
}

bool ShopifyConnector::verify_webhook(const domain::Integration& integration,
                                      const AppCredentials* app, const HeaderLookup& headers,
                                      std::string_view body) const {
    const std::string given = header(headers, "X-Shopify-Hmac-Sha256");
    // A custom app signs with its own secret; an installed app with the provider app's.
    const std::string own = credential_text(integration, "api_secret_key");
    if (!own.empty() && shopify::webhooks::verify(body, given, own))
        return true;
    return app && shopify::webhooks::verify(body, given, app->client_secret);
}

WebhookEvent ShopifyConnector::decode_webhook(std::string_view topic, std::string_view body) const {
    return shopify::webhooks::decode(topic, body);
}

std::optional<shopify::BudgetSnapshot> ShopifyConnector::budget_snapshot(
    const std::string& shop_domain) const {
    return budgets_->snapshot(shop_domain);
}

namespace {

std::string text_input(const domain::FieldMap& in, const std::string& key) {
    auto it = in.find(key);
    if (it == in.end())
        return {};
    const auto* s = std::get_if<std::string>(&it->second);
    return s ? *s : domain::to_display_string(it->second);
}

}  // namespace

std::vector<domain::DataType> ShopifyConnector::data_types() const {
    return shopify::data_types();
}

std::vector<ActionSpec> ShopifyConnector::platform_actions() const {
    return own_actions();
}

// The input was validated against the action's schema before it got here.
ActionOutcome ShopifyConnector::run_platform_action(const domain::Integration& integration,
                                                    const ActionSpec& action,
                                                    const domain::FieldMap& in,
                                                    const ActionContext&) {
    if (action.id == "update_stock")
        return set_stock_level(integration, actions::stock_level_of(in));
    if (action.id == "cancel_order") {
        auto restock = in.find("restock");
        return cancel_order(integration, text_input(in, "order_id"), text_input(in, "reason"),
                            restock != in.end() && std::get<bool>(restock->second));
    }
    if (action.id == "add_tracking") {
        return add_tracking(integration, text_input(in, "fulfillment_id"),
                            text_input(in, "tracking_number"), text_input(in, "tracking_company"),
                            text_input(in, "tracking_url"));
    }
    throw ApiError(Errc::connector_not_implemented,
                   "The Shopify connector cannot run '" + action.id + "'",
                   "This action is not implemented in this version of Storebridge.");
}

ActionOutcome ShopifyConnector::set_stock_level(const domain::Integration& integration,
                                                const StockLevelWrite& level) {
    return set_stock_level(integration, level.inventory_item_id, level.location_id,
                           level.available);
}

ActionOutcome ShopifyConnector::register_webhooks(const domain::Integration& integration,
                                                  const ActionContext& context) {
    if (context.webhook_url.empty()) {
        throw ApiError(Errc::unprocessable_entity, "The hub has no public URL for webhooks",
                       "Start the server with --public-url so the store can reach it");
    }
    return register_webhooks(integration, context.webhook_url, shopify::webhooks::topics());
}

ActionOutcome ShopifyConnector::unregister_webhooks(const domain::Integration& integration,
                                                    const ActionContext& context) {
    if (context.webhook_url.empty()) {
        throw ApiError(Errc::unprocessable_entity, "The hub has no public URL for webhooks",
                       "Without it the hub cannot tell its subscriptions from others");
    }
    return unregister_webhooks(integration, context.webhook_url);
}

ActionOutcome ShopifyConnector::refresh_token(const domain::Integration& integration,
                                              const ActionContext& context) {
    if (!context.app) {
        throw ApiError(Errc::unprocessable_entity, "No Shopify app is registered",
                       "Refreshing a token needs the account's Shopify provider app");
    }
    auto tokens = refresh_token(integration, context.app->client_id, context.app->client_secret);
    ActionOutcome out;
    out.credentials = token_credentials(tokens);
    out.result["refreshed"] = true;
    if (tokens.expires_at)
        out.result["access_token_expires_at"] = *tokens.expires_at;
    return out;
}

void ShopifyConnector::fetch(const FetchRequest& request, RecordSink& sink) {
    auto gql = graphql(request.integration);
    switch (shopify::read_path(request.type)) {
        case shopify::ReadPath::shipping_lists:
            shopify::fetch_shipping_services(gql, sink);
            return;
        case shopify::ReadPath::bulk:
            shopify::run_bulk(gql, request.type, request.checkpoint, sink, options_.bulk);
            return;
        case shopify::ReadPath::bulk_then_pages:
            // A bulk run to resume keeps its updated_at filter (if any) in the checkpoint.
            if (is_initial(request) || shopify::parse_bulk_checkpoint(request.checkpoint)) {
                shopify::run_bulk(gql, request.type, request.checkpoint, sink, options_.bulk);
                return;
            }
            if (request.checkpoint.empty()) {
                shopify::run_incremental(gql, request.type, *request.since, sink, options_.pages,
                                         options_.bulk);
                return;
            }
            break;
        case shopify::ReadPath::pages:
            break;
    }
    shopify::run_pages(gql, request.type, request.checkpoint, request.since, sink, options_.pages);
}

std::unique_ptr<Connector> make_shopify_connector(ShopifyOptions options) {
    return std::make_unique<ShopifyConnector>(std::move(options));
}

}  // namespace sb::connectors
