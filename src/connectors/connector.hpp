#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/data_types.hpp"
#include "domain/fields.hpp"
#include "domain/integration.hpp"
#include "domain/record.hpp"

namespace sb::http {
class Metrics;
}

namespace sb::connectors {

struct ActionSpec {
    std::string id;
    std::string name;
    std::string description;
    std::vector<domain::FieldSpec> input;
};

enum class Category { shop, payment, shipping };
std::string_view category_name(Category c);

// What a connector is, published by the connector itself so catalog and behaviour agree.
struct ConnectorSpec {
    std::string id;    // "shopify"
    std::string name;  // "Shopify"
    Category category = Category::shop;
    std::string auth_kind;  // "oauth2", "api_key", "basic", "push"
    std::vector<domain::DataType> data_types;
    std::vector<ActionSpec> actions;
    std::vector<domain::FieldSpec> credential_fields;
    std::vector<domain::FieldSpec> settings_fields;
    // The credential or setting that names the merchant's store on the platform (e.g.
    // "shop_domain"): not a secret, kept in clear so webhooks find their integration.
    std::string store_field;
    bool supports(domain::DataType t) const;
    const ActionSpec* action(std::string_view id) const;
};

struct ActionOutcome {
    domain::FieldMap result;
    // New credentials the hub stores on the integration (refresh_token), merged over the old.
    std::optional<domain::FieldMap> credentials;
    // Records the action changed at the platform, as the platform now has them; the hub
    // stores them with the action's audit row (e.g. the shop after update_shop).
    std::vector<domain::Record> records;
};

// The account's app registration with the platform (seed 003 provider credentials).
struct AppCredentials {
    std::string client_id;
    std::string client_secret;
};

// What an action may need of the hub besides the integration.
struct ActionContext {
    const AppCredentials* app = nullptr;  // the account's provider app, when registered
    std::string webhook_url;              // the hub's POST /webhooks/{connector} address
};

// A webhook's envelope: which store sent which topic, under which delivery id (stable across
// the platform's retries of one delivery).
struct WebhookEnvelope {
    std::string store;
    std::string topic;
    std::string delivery_id;
};

// A request header by (case-insensitive) name; empty when absent.
using HeaderLookup = std::function<std::string(std::string_view)>;

enum class WebhookKind {
    records,                 // upsert (or tombstone) `records`
    app_uninstalled,         // the store removed the app: the integration is revoked
    customers_redact,        // erase `customer_id`'s personal data (and `order_ids`)
    shop_redact,             // erase everything of the store
    customers_data_request,  // record the request for `customer_id` / `order_ids`
    ignored,                 // a topic the hub does not use
};

struct WebhookEvent {
    WebhookKind kind = WebhookKind::ignored;
    std::string topic;
    // Records whose null fields mean "not in this payload": stored values are kept for them
    // (e.g. an inventory level webhook carries `available` only).
    std::vector<domain::Record> records;
    bool partial = false;
    std::optional<std::string> customer_id;
    std::vector<std::string> order_ids;
};

// One run of a sync: which integration (credentials opened), which data type, and where to
// resume. An empty checkpoint and no `since` is an initial sync.
struct FetchRequest {
    const domain::Integration& integration;
    domain::DataType type;
    std::string checkpoint;             // from the last accepted batch of an interrupted run
    std::optional<std::int64_t> since;  // incremental: records updated at or after (epoch ms)
};

// Where a connector delivers batches. The sync engine stores each batch and its checkpoint in
// one transaction before returning.
class RecordSink {
  public:
    virtual ~RecordSink() = default;
    // False when the run must stop now (cancelled, or the job's lease was lost).
    virtual bool accept(domain::RecordBatch batch) = 0;
};

struct InstallStart {
    const AppCredentials& app;
    std::string store;         // the merchant's store address, e.g. NAME.myshopify.com
    std::string redirect_uri;  // the hub's /callback/{provider}
    std::string state;         // single use, checked by the hub on the way back
};

// What the platform sent back to the callback, after the connector checked its signature,
// store address and freshness. Nothing has been exchanged yet.
struct InstallCallback {
    std::string store;
    std::string state;
    std::string code;
    // The InstallStart::redirect_uri the code was issued for, set by the hub (the platform does
    // not echo it back): OAuth wants the same value again at the code exchange.
    std::string redirect_uri;
};

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// One platform. Behaviour arrives per platform; until then a connector answers
// connector_not_implemented (501) instead of pretending.
class Connector {
  public:
    virtual ~Connector() = default;
    virtual const ConnectorSpec& spec() const = 0;
    // Throws ApiError for expected failures.
    virtual ActionOutcome execute_action(const domain::Integration& integration,
                                         const ActionSpec& action, const domain::FieldMap& input,
                                         const ActionContext& context) = 0;
    // Reads the data type from the platform as batches, in order, until done or the sink says
    // stop. Runs on a sync worker thread, never on a network I/O thread. Throws ApiError
    // (connector_not_implemented, or a platform failure with a registry code).
    virtual void fetch(const FetchRequest& request, RecordSink& sink) = 0;

    // The state of the store's API budget (rate limits), when the connector tracks one:
    // maximum, available, restore_rate, throttled_count, last_throttled_at.
    virtual std::optional<domain::FieldMap> api_budget(
        const domain::Integration& integration) const;

    // Install (OAuth authorization code). Connectors without it answer
    // connector_not_implemented.
    virtual bool valid_store(std::string_view store) const;
    virtual std::string authorize_url(const InstallStart& start);
    // Throws ApiError(invalid_request) naming what failed; changes nothing.
    virtual InstallCallback verify_callback(const AppCredentials& app, const QueryParams& query,
                                            std::int64_t now_s);
    // Exchanges the code: the credentials to store on the integration (tokens are secrets).
    virtual domain::FieldMap exchange_code(const AppCredentials& app,
                                           const InstallCallback& callback);

    // Webhooks in. nullopt: the connector takes no webhooks, or the request lacks the
    // platform's headers.
    virtual std::optional<WebhookEnvelope> webhook_envelope(const HeaderLookup& headers) const;
    // The signature over the raw body, with the secret of `app` or the integration's own
    // credentials (custom apps); constant time.
    virtual bool verify_webhook(const domain::Integration& integration, const AppCredentials* app,
                                const HeaderLookup& headers, std::string_view body) const;
    // Throws ApiError(invalid_json) for a body that is not the platform's JSON.
    virtual WebhookEvent decode_webhook(std::string_view topic, std::string_view body) const;
    // True when the integration's access token ends before `deadline_ms` (epoch ms) and a
    // refresh_token action can renew it.
    virtual bool credentials_expiring(const domain::Integration& integration,
                                      std::int64_t deadline_ms) const;
};

// Pieces every OAuth connector shares.
// The text of a string credential; "" when absent.
std::string credential_text(const domain::Integration& integration, std::string_view name);
// True when the integration's access_token_expires_at (epoch ms) is before `deadline_ms` and
// it has a refresh_token to renew it with.
bool oauth_token_expiring(const domain::Integration& integration, std::int64_t deadline_ms);
// The credentials an authorization code grant leaves: refresh_token, access_token_expires_at,
// scope.
std::vector<domain::FieldSpec> oauth_token_fields();
// The settings of a connector that syncs: sync_interval_minutes, webhooks_enabled.
std::vector<domain::FieldSpec> sync_settings_fields();

class Registry {
  public:
    void add(std::unique_ptr<Connector> connector);
    Connector* find(std::string_view id) const;
    std::vector<const Connector*> all() const;

  private:
    std::vector<std::unique_ptr<Connector>> connectors_;
};

struct RegistryOptions {
    // connector id -> base URL that replaces the store's own address (local emulators).
    std::map<std::string, std::string> base_url_overrides;
    // The server's /metrics, for the connectors' own counters; null: none. Outlives the
    // registry.
    http::Metrics* metrics = nullptr;
};

// Every connector the hub ships, registered once.
std::unique_ptr<Registry> make_registry(const RegistryOptions& options = {});

}  // namespace sb::connectors
