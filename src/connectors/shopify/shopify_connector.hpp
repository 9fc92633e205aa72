#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/common/deprecation_notices.hpp"
#include "connectors/connector.hpp"
#include "connectors/shopify/budget.hpp"
#include "connectors/shopify/bulk.hpp"
#include "connectors/shopify/fetch.hpp"
#include "connectors/shopify/graphql_client.hpp"
#include "connectors/shopify/oauth.hpp"
#include "http/client.hpp"

namespace sb::connectors {

struct ShopifyOptions {
    // Empty: https://{shop_domain}. Set (e.g. "http://127.0.0.1:9001"): every call for every
    // shop goes there — the emulator.
    std::string base_url_override;
    std::string api_version = shopify::k_default_api_version;
    http::ClientOptions http;
    shopify::RetryPolicy retry;
    shopify::BulkOptions bulk;
    shopify::PageOptions pages;
    // Where deprecation notices are counted (/metrics); null: logged only. Outlives the
    // connector.
    http::Metrics* metrics = nullptr;
};

class ShopifyConnector : public Connector,
                         public Reader,
                         public OAuthInstaller,
                         public WebhookReceiver,
                         public TokenRefresher,
                         public WebhookSubscriber,
                         public StockWriter,
                         public PlatformActions {
  public:
    explicit ShopifyConnector(ShopifyOptions options);

    std::vector<domain::DataType> data_types() const override;
    void fetch(const FetchRequest& request, RecordSink& sink) override;

    std::optional<domain::FieldMap> api_budget(
        const domain::Integration& integration) const override;

    // Install: Shopify's authorization code grant (shopify::oauth).
    bool valid_store(std::string_view store) const override;
    std::string authorize_url(const InstallStart& start) override;
    InstallCallback verify_callback(const AppCredentials& app, const QueryParams& query,
                                    std::int64_t now_s) override;
    domain::FieldMap exchange_code(const AppCredentials& app,
                                   const InstallCallback& callback) override;
    // Webhooks: X-Shopify-* headers, HMAC with the app's secret (or the custom app's
    // api_secret_key credential), REST-shaped bodies (shopify::webhooks).
    std::optional<WebhookEnvelope> webhook_envelope(const HeaderLookup& headers,
                                                    std::string_view body) const override;
    bool verify_webhook(const domain::Integration& integration, const AppCredentials* app,
                        const HeaderLookup& headers, std::string_view body) const override;
    WebhookEvent decode_webhook(std::string_view topic, std::string_view body) const override;

    // The access scopes the hub asks a store for.
    static const std::vector<std::string>& install_scopes();

    ActionOutcome refresh_token(const domain::Integration& integration,
                                const ActionContext& context) override;
    ActionOutcome register_webhooks(const domain::Integration& integration,
                                    const ActionContext& context) override;
    ActionOutcome unregister_webhooks(const domain::Integration& integration,
                                      const ActionContext& context) override;
    ActionOutcome set_stock_level(const domain::Integration& integration,
                                  const StockLevelWrite& level) override;
    // cancel_order, add_tracking, and update_stock (set_stock_level's older name).
    std::vector<ActionSpec> platform_actions() const override;
    ActionOutcome run_platform_action(const domain::Integration& integration,
                                      const ActionSpec& action, const domain::FieldMap& input,
                                      const ActionContext& context) override;

    // set_stock_level: inventorySetQuantities of the `available` quantity.
    ActionOutcome set_stock_level(const domain::Integration& integration,
                                  const std::string& inventory_item_id,
                                  const std::string& location_id, std::int64_t available);
    ActionOutcome cancel_order(const domain::Integration& integration, const std::string& order_id,
                               const std::string& reason, bool restock);
    ActionOutcome add_tracking(const domain::Integration& integration,
                               const std::string& fulfillment_id, const std::string& number,
                               const std::string& company, const std::string& url);
    // Subscribes `topics` (REST names, e.g. "orders/updated") to `callback_url`; topics
    // already subscribed to that URL count as done.
    ActionOutcome register_webhooks(const domain::Integration& integration,
                                    const std::string& callback_url,
                                    const std::vector<std::string>& topics);
    // Deletes every subscription of the app to `callback_url`; one already gone counts as
    // done.
    ActionOutcome unregister_webhooks(const domain::Integration& integration,
                                      const std::string& callback_url);
    // Exchanges the integration's refresh_token for new tokens (the old one is spent).
    shopify::oauth::Tokens refresh_token(const domain::Integration& integration,
                                         const std::string& api_key, const std::string& api_secret);

    // The shop's API budget, for the integration status; nullopt before any call.
    std::optional<shopify::BudgetSnapshot> budget_snapshot(const std::string& shop_domain) const;
    // A client for the integration's shop, through the shop's shared budget.
    shopify::GraphqlClient graphql(const domain::Integration& integration);
    std::string base_url(const std::string& shop_domain) const;
    http::Client& http() { return *http_; }
    const ShopifyOptions& options() const { return options_; }

  private:
    ShopifyOptions options_;
    std::unique_ptr<http::Client> http_;
    std::unique_ptr<shopify::BudgetRegistry> budgets_;
    std::unique_ptr<DeprecationNotices> notices_;  // one per process: the registry's connector
};

std::unique_ptr<Connector> make_shopify_connector(ShopifyOptions options = {});

}  // namespace sb::connectors
