#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "connectors/connector.hpp"
#include "connectors/shoplazza/rest_client.hpp"
#include "http/client.hpp"

namespace sb::connectors {

struct ShoplazzaOptions {
    // Empty: https://{shop_domain}. Set (e.g. "http://127.0.0.1:9002"): every call for every
    // store goes there — the emulator.
    std::string base_url_override;
    http::ClientOptions http;
    shoplazza::RetryPolicy retry;
    int page_size = 250;  // the OpenAPI's maximum
    // An incremental read starts this much before the newest change stored: clocks differ,
    // and a change may commit at the store after a later one was read.
    std::chrono::seconds overlap{60};
};

// Shoplazza's OpenAPI 2022-01: OAuth install, REST reads of the store into the normalized
// records, webhooks in (X-Shoplazza-* headers), and the update_shop action (seed 001).
class ShoplazzaConnector : public Connector,
                           public Reader,
                           public OAuthInstaller,
                           public WebhookReceiver,
                           public TokenRefresher,
                           public WebhookSubscriber,
                           public ShopUpdater {
  public:
    explicit ShoplazzaConnector(ShoplazzaOptions options);

    std::vector<domain::DataType> data_types() const override;
    void fetch(const FetchRequest& request, RecordSink& sink) override;

    bool valid_store(std::string_view store) const override;
    std::string authorize_url(const InstallStart& start) override;
    InstallCallback verify_callback(const AppCredentials& app, const QueryParams& query,
                                    std::int64_t now_s) override;
    domain::FieldMap exchange_code(const AppCredentials& app,
                                   const InstallCallback& callback) override;

    std::optional<WebhookEnvelope> webhook_envelope(const HeaderLookup& headers,
                                                    std::string_view body) const override;
    bool verify_webhook(const domain::Integration& integration, const AppCredentials* app,
                        const HeaderLookup& headers, std::string_view body) const override;
    WebhookEvent decode_webhook(std::string_view topic, std::string_view body) const override;
    ActionOutcome refresh_token(const domain::Integration& integration,
                                const ActionContext& context) override;
    ActionOutcome register_webhooks(const domain::Integration& integration,
                                    const ActionContext& context) override;
    ActionOutcome unregister_webhooks(const domain::Integration& integration,
                                      const ActionContext& context) override;
    // Seed 001's Update Shop (write_shop scope): the customer email.
    std::vector<domain::FieldSpec> shop_update_fields() const override;
    ActionOutcome update_shop(const domain::Integration& integration,
                              const domain::FieldMap& input) override;

    // The access scopes the hub asks a store for, and the topics it subscribes to.
    static const std::vector<std::string>& install_scopes();
    static const std::vector<std::string>& webhook_topics();

    shoplazza::RestClient rest(const domain::Integration& integration);
    std::string base_url(const std::string& shop_domain) const;

  private:
    domain::FieldMap token_request(const AppCredentials& app, const std::string& shop_domain,
                                   const std::vector<std::pair<std::string, std::string>>& form);

    ShoplazzaOptions options_;
    std::unique_ptr<http::Client> http_;
};

std::unique_ptr<Connector> make_shoplazza_connector(ShoplazzaOptions options = {});

}  // namespace sb::connectors
