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

// The values that pass between the hub and a connector: catalog entries, action outcomes,
// webhook envelopes and events, sync requests and install steps.
namespace sb::connectors {

struct ActionSpec {
    std::string id;
    std::string name;
    std::string description;
    std::vector<domain::FieldSpec> input;
};

enum class Category { shop, payment, shipping };
std::string_view category_name(Category c);

// What a connector is: written by the connector, the parts no capability implies.
struct ConnectorInfo {
    std::string id;    // "shopify"
    std::string name;  // "Shopify"
    Category category = Category::shop;
    std::string auth_kind;  // "oauth2", "api_key", "basic", "push"
    std::vector<domain::FieldSpec> credential_fields;
    std::vector<domain::FieldSpec> settings_fields;
    // The credential or setting that names the merchant's store on the platform (e.g.
    // "shop_domain"): not a secret, kept in clear so webhooks find their integration.
    std::string store_field;
};

// The catalog entry: the connector's info and what it can do, derived from the capabilities
// it implements (Connector::spec), so the catalog never lists what would answer 501.
struct ConnectorSpec : ConnectorInfo {
    // False for a platform whose connector is not built in this version: it has no data
    // types and no actions, and the catalog shows only its id and name.
    bool available = false;
    std::vector<domain::DataType> data_types;
    std::vector<ActionSpec> actions;
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
    std::string scope;  // what the merchant granted, when the callback names it
    // The InstallStart::redirect_uri the code was issued for, set by the hub (the platform does
    // not echo it back): OAuth wants the same value again at the code exchange.
    std::string redirect_uri;
};

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// The browser's return from a key grant: the install state it names, and whether the merchant
// approved (the credentials came by their own POST before).
struct KeyGrantReturn {
    std::string state;
    bool approved = false;
};

}  // namespace sb::connectors
