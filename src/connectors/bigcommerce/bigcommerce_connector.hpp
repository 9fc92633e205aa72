#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "connectors/bigcommerce/budget.hpp"
#include "connectors/bigcommerce/rest_client.hpp"
#include "connectors/connector.hpp"
#include "http/client.hpp"

namespace sb::connectors {

struct BigCommerceOptions {
    // Empty: https://api.bigcommerce.com/stores/{hash} and login.bigcommerce.com. Set (e.g.
    // "http://127.0.0.1:9003"): {base}/stores/{hash}, the token and consent routes under it —
    // the emulator.
    std::string base_url_override;
    http::ClientOptions http;
    bigcommerce::RetryPolicy retry;
    int page_size = 250;  // the API's maximum
    // An incremental read starts this much before the newest change stored: clocks differ,
    // and a change may commit at the store after a later one was read.
    std::chrono::seconds overlap{60};
};

// BigCommerce's REST Management API (v2 orders and store, v3 catalog, customers, inventory and
// hooks): single-click app install, reads into the normalized records, light webhooks in (each
// object read back from the store), stock write-back and the order actions, all within the
// store's 30 s request window.
class BigCommerceConnector : public Connector,
                             public Reader,
                             public OAuthInstaller,
                             public WebhookReceiver,
                             public WebhookSubscriber,
                             public StockWriter,
                             public PlatformActions {
  public:
    explicit BigCommerceConnector(BigCommerceOptions options);

    std::vector<domain::DataType> data_types() const override;
    void fetch(const FetchRequest& request, RecordSink& sink) override;
    std::optional<domain::FieldMap> api_budget(const domain::Integration&) const override;

    bool valid_store(std::string_view store) const override;
    std::string authorize_url(const InstallStart& start) override;
    InstallCallback verify_callback(const AppCredentials& app, const QueryParams& query,
                                    std::int64_t now_s) override;
    bool callback_returns_state() const override { return false; }
    std::optional<std::string> page_after_install(const AppCredentials& app,
                                                  const QueryParams& query) const override;
    domain::FieldMap exchange_code(const AppCredentials& app,
                                   const InstallCallback& callback) override;

    std::optional<WebhookEnvelope> webhook_envelope(const HeaderLookup& headers,
                                                    std::string_view body) const override;
    bool verify_webhook(const domain::Integration& integration, const AppCredentials* app,
                        const HeaderLookup& headers, std::string_view body) const override;
    WebhookEvent decode_webhook(std::string_view topic, std::string_view body) const override;
    WebhookEvent resolve_webhook(const domain::Integration& integration, std::string_view topic,
                                 std::string_view body) const override;
    // Its deliveries only name what changed: always read from the store.
    bool resolves_by_decoding(std::string_view) const override { return false; }

    ActionOutcome register_webhooks(const domain::Integration& integration,
                                    const ActionContext& context) override;
    ActionOutcome unregister_webhooks(const domain::Integration& integration,
                                      const ActionContext& context) override;
    ActionOutcome set_stock_level(const domain::Integration& integration,
                                  const StockLevelWrite& level) override;
    std::vector<ActionSpec> platform_actions() const override;
    ActionOutcome run_platform_action(const domain::Integration& integration,
                                      const ActionSpec& action, const domain::FieldMap& input,
                                      const ActionContext& context) override;

    // https://login.bigcommerce.com, or the emulator's base.
    std::string login_base() const;

    // {base}/stores/{hash}.
    std::string api_base(const std::string& store_hash) const;
    bigcommerce::RestClient rest(const domain::Integration& integration) const;

  private:
    ActionOutcome cancel_order(const domain::Integration& integration, const std::string& id);
    ActionOutcome add_tracking(const domain::Integration& integration, const domain::FieldMap& in);

    BigCommerceOptions options_;
    std::unique_ptr<http::Client> http_;
    std::unique_ptr<bigcommerce::WindowRegistry> windows_;
};

std::unique_ptr<Connector> make_bigcommerce_connector(BigCommerceOptions options = {});

}  // namespace sb::connectors
