#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "connectors/connector.hpp"
#include "connectors/kit/platform_client.hpp"
#include "connectors/woocommerce/rest_client.hpp"
#include "http/client.hpp"

namespace sb::connectors {

struct WooCommerceOptions {
    // Empty: {site_url}/wp-json/wc/v3. Set (e.g. "http://127.0.0.1:9004"): {base}/wp-json/wc/v3
    // whatever the site URL — the emulator.
    std::string base_url_override;
    http::ClientOptions http;
    kit::RetryPolicy retry;
    int page_size = 100;  // the API's maximum
    // An incremental read starts this much before the newest change stored: clocks differ,
    // and a change may commit at the site after a later one was read.
    std::chrono::seconds overlap{120};
    // Calls in flight to one site at once, syncs, webhook fetches and actions together.
    int max_in_flight_per_site = 2;
};

// WooCommerce never sends a webhook again, so the reconciliation sync comes sooner than the
// hub's usual interval: the default of the integration's sync_interval_minutes.
inline constexpr std::int64_t k_woocommerce_sync_interval_minutes = 10;
// The default of the integration's request_timeout_seconds: each write and read of a call.
inline constexpr std::int64_t k_woocommerce_request_timeout_seconds = 30;

// WooCommerce's REST API (wc/v3) with a REST API key pair, given or got by the key grant
// (key_grant.cpp): reads into the normalized records, full-resource webhooks in (a
// per-integration secret the hub sets on the webhooks it creates), stock write-back, cancel
// and order notes.
class WooCommerceConnector : public Connector,
                             public OAuthInstaller,
                             public Reader,
                             public WebhookReceiver,
                             public WebhookSubscriber,
                             public StockWriter,
                             public PlatformActions {
  public:
    explicit WooCommerceConnector(WooCommerceOptions options);

    // The key grant: the merchant names the site (https), approves the hub at
    // {site}/wc-auth/v1/authorize, and the site POSTs the key pair to the callback.
    bool valid_store(std::string_view store) const override;
    std::string authorize_url(const InstallStart& start) override;
    InstallCallback verify_callback(const AppCredentials& app, const QueryParams& query,
                                    std::int64_t now_s) override;  // refused: no code grant
    domain::FieldMap exchange_code(const AppCredentials& app,
                                   const InstallCallback& callback) override;  // refused
    bool key_grant() const override { return true; }
    std::optional<std::string> delivery_state(std::string_view body) const override;
    domain::FieldMap accept_delivery(const std::string& store, std::string_view body) override;
    std::optional<KeyGrantReturn> key_grant_return(const QueryParams& query) const override;

    std::vector<domain::DataType> data_types() const override;
    void fetch(const FetchRequest& request, RecordSink& sink) override;

    bool is_ping(const HeaderLookup& headers, std::string_view body) const override;
    std::optional<WebhookEnvelope> webhook_envelope(const HeaderLookup& headers,
                                                    std::string_view body) const override;
    bool verify_webhook(const domain::Integration& integration, const AppCredentials* app,
                        const HeaderLookup& headers, std::string_view body) const override;
    WebhookEvent decode_webhook(std::string_view topic, std::string_view body) const override;
    WebhookEvent resolve_webhook(const domain::Integration& integration, std::string_view topic,
                                 std::string_view body) const override;
    // A variable product's variations are read from the site.
    bool resolves_by_decoding(std::string_view topic) const override;

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

    // The topics the hub subscribes to.
    static const std::vector<std::string>& webhook_topics();

    woocommerce::RestClient rest(const domain::Integration& integration) const;

  private:
    WooCommerceOptions options_;
    std::unique_ptr<http::Client> http_;
    std::unique_ptr<woocommerce::SiteGates> gates_;
};

// Why `url` cannot be a site's URL (a public https URL, no trailing '/', no query or
// fragment, so X-WC-Webhook-Source finds the integration); nullopt when it can.
std::optional<std::string> check_woocommerce_site_url(std::string_view url);

// The site URL as a webhook's X-WC-Webhook-Source names it and the integration stores it:
// lower case, without trailing slashes.
std::string normalize_site_url(std::string_view url);

std::unique_ptr<Connector> make_woocommerce_connector(WooCommerceOptions options = {});

}  // namespace sb::connectors
