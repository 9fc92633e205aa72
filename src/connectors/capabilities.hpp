#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/connector_types.hpp"

// What a connector can do, one interface per capability. A connector implements the ones its
// platform supports and hands them to Connector::provide(); the hub reaches a capability by
// asking for its interface, never by an action's name, and the catalog is derived from them.
namespace sb::connectors {

// Reads data types from the platform (initial and incremental syncs).
class Reader {
  public:
    virtual ~Reader() = default;
    virtual std::vector<domain::DataType> data_types() const = 0;
    // Reads the data type as batches, in order, until done or the sink says stop. Runs on a
    // sync worker thread, never on a network I/O thread. Throws ApiError.
    virtual void fetch(const FetchRequest& request, RecordSink& sink) = 0;
    // Why this integration cannot be read at all (a custom integration without the server to
    // pull from), answered to a sync request as unsupported_data_type; nullopt: it can.
    virtual std::optional<std::string> unreadable(const domain::Integration&) const {
        return std::nullopt;
    }
    // The store's API budget (maximum, available, restore_rate, throttled_count,
    // last_throttled_at) when the connector tracks one.
    virtual std::optional<domain::FieldMap> api_budget(const domain::Integration&) const {
        return std::nullopt;
    }
};

// Installs the hub's app in a store by the platform's authorization code grant.
class OAuthInstaller {
  public:
    virtual ~OAuthInstaller() = default;
    virtual bool valid_store(std::string_view store) const = 0;
    virtual std::string authorize_url(const InstallStart& start) = 0;
    // Throws ApiError(invalid_request) naming what failed; changes nothing.
    virtual InstallCallback verify_callback(const AppCredentials& app, const QueryParams& query,
                                            std::int64_t now_s) = 0;
    // The credentials to store on the integration (tokens are secrets).
    virtual domain::FieldMap exchange_code(const AppCredentials& app,
                                           const InstallCallback& callback) = 0;
    // Whether the auth callback brings back the `state` the authorize URL carried (OAuth's
    // rule). A platform that calls its registered callback with no state of the app's
    // (BigCommerce) names the store instead, and the hub finds the install it started for it.
    virtual bool callback_returns_state() const { return true; }
    // The platform's own page to send the merchant to once the install succeeded (BigCommerce's
    // external install); nullopt: the hub's page.
    virtual std::optional<std::string> page_after_install(const AppCredentials& app,
                                                          const QueryParams& query) const {
        (void)app;
        (void)query;
        return std::nullopt;
    }

    // A key grant instead of the code grant (WooCommerce's /wc-auth/v1): the hub has no app at
    // the platform, so an enabled provider is enough and `app` is empty; the store POSTs the
    // credentials to the hub's /callback/{provider}, server to server, then sends the browser
    // back to GET /callback/{provider} with the outcome. The three hooks below serve it.
    virtual bool key_grant() const { return false; }
    // The install state a credentials delivery carries; nullopt when `body` is not one.
    virtual std::optional<std::string> delivery_state(std::string_view body) const {
        (void)body;
        return std::nullopt;
    }
    // The delivered credentials to store for `store`, checked against the store. Throws
    // ApiError: invalid_request for a malformed delivery, the platform's codes when the store
    // refuses them; connector_not_implemented without a key grant.
    virtual domain::FieldMap accept_delivery(const std::string& store, std::string_view body);
    // The browser back from a key grant; nullopt when `query` is not that.
    virtual std::optional<KeyGrantReturn> key_grant_return(const QueryParams& query) const {
        (void)query;
        return std::nullopt;
    }
};

// Takes the platform's webhooks.
class WebhookReceiver {
  public:
    virtual ~WebhookReceiver() = default;
    // Which store sent which topic, from the headers and, for platforms that put it there,
    // the body. nullopt: not this platform's webhook.
    virtual std::optional<WebhookEnvelope> webhook_envelope(const HeaderLookup& headers,
                                                            std::string_view body) const = 0;
    // A request the platform sends to check the address, carrying no delivery (WooCommerce's
    // unsigned `webhook_id=N` when a webhook is created): answered 200, nothing stored.
    virtual bool is_ping(const HeaderLookup& headers, std::string_view body) const {
        (void)headers;
        (void)body;
        return false;
    }
    // The signature over the raw body, with the secret of `app` or the integration's own
    // credentials; constant time.
    virtual bool verify_webhook(const domain::Integration& integration, const AppCredentials* app,
                                const HeaderLookup& headers, std::string_view body) const = 0;
    // Throws ApiError(invalid_json) for a body that is not the platform's JSON.
    virtual WebhookEvent decode_webhook(std::string_view topic, std::string_view body) const = 0;
    // The event to apply, for the integration it was stored for. Platforms whose webhooks only
    // name what changed (BigCommerce) read the object from the store here, with the
    // integration's credentials and within its budget; it runs on the webhook applier's
    // thread, never the request's, and an ApiError is retried like any failed apply. By
    // default decode_webhook's event.
    virtual WebhookEvent resolve_webhook(const domain::Integration& integration,
                                         std::string_view topic, std::string_view body) const {
        (void)integration;
        return decode_webhook(topic, body);
    }
    // Whether resolve_webhook's event for `topic` is decode_webhook's whatever the store, so
    // the intake may apply the decoded records as it stores the delivery. True unless
    // resolve_webhook is overridden to read the store.
    virtual bool resolves_by_decoding(std::string_view topic) const {
        (void)topic;
        return true;
    }
};

// Renews expiring access tokens (catalog action refresh_token).
class TokenRefresher {
  public:
    virtual ~TokenRefresher() = default;
    // True when the access token ends before `deadline_ms` (epoch ms) and can be renewed. By
    // default the authorization code grant's: access_token_expires_at before the deadline and
    // a refresh_token stored (oauth_token_fields(), which every OAuth platform keeps alike).
    virtual bool credentials_expiring(const domain::Integration& integration,
                                      std::int64_t deadline_ms) const;
    // The outcome carries the new credentials.
    virtual ActionOutcome refresh_token(const domain::Integration& integration,
                                        const ActionContext& context) = 0;
};

// Subscribes the store's webhooks to the hub (catalog action register_webhooks), and removes
// them when the integration is deleted.
class WebhookSubscriber {
  public:
    virtual ~WebhookSubscriber() = default;
    virtual ActionOutcome register_webhooks(const domain::Integration& integration,
                                            const ActionContext& context) = 0;
    // Deletes the store's subscriptions to `context.webhook_url` (those register_webhooks
    // made; others are left alone). The result's "removed" counts them. Throws ApiError.
    virtual ActionOutcome unregister_webhooks(const domain::Integration& integration,
                                              const ActionContext& context) = 0;
};

// One stock level to write: the available quantity of an item at a location.
struct StockLevelWrite {
    std::string inventory_item_id;
    std::string location_id;
    std::int64_t available = 0;
};

// Writes stock levels back to the store (catalog action set_stock_level).
class StockWriter {
  public:
    virtual ~StockWriter() = default;
    virtual ActionOutcome set_stock_level(const domain::Integration& integration,
                                          const StockLevelWrite& level) = 0;
};

// Changes the shop's own settings (catalog action update_shop).
class ShopUpdater {
  public:
    virtual ~ShopUpdater() = default;
    // The shop fields the platform lets an app change: the action's input.
    virtual std::vector<domain::FieldSpec> shop_update_fields() const = 0;
    // The outcome's records hold the shop as the platform now has it.
    virtual ActionOutcome update_shop(const domain::Integration& integration,
                                      const domain::FieldMap& input) = 0;
};

// Actions of one platform only (cancel an order, add tracking, …).
class PlatformActions {
  public:
    virtual ~PlatformActions() = default;
    virtual std::vector<ActionSpec> platform_actions() const = 0;
    virtual ActionOutcome run_platform_action(const domain::Integration& integration,
                                              const ActionSpec& action,
                                              const domain::FieldMap& input,
                                              const ActionContext& context) = 0;
};

// The capabilities a connector provides; null where it has none.
struct Capabilities {
    Reader* reader = nullptr;
    OAuthInstaller* installer = nullptr;
    WebhookReceiver* webhooks = nullptr;
    TokenRefresher* token_refresher = nullptr;
    WebhookSubscriber* webhook_subscriber = nullptr;
    StockWriter* stock_writer = nullptr;
    ShopUpdater* shop_updater = nullptr;
    PlatformActions* platform_actions = nullptr;
};

}  // namespace sb::connectors
