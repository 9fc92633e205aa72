#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/data_types.hpp"
#include "domain/fields.hpp"
#include "domain/integration.hpp"
#include "domain/record.hpp"

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
    bool supports(domain::DataType t) const;
    const ActionSpec* action(std::string_view id) const;
};

struct ActionOutcome {
    domain::FieldMap result;
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

// One platform. Behaviour arrives per platform; until then a connector answers
// connector_not_implemented (501) instead of pretending.
// The account's app registration with the platform (seed 003 provider credentials).
struct AppCredentials {
    std::string client_id;
    std::string client_secret;
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
};

using QueryParams = std::vector<std::pair<std::string, std::string>>;

class Connector {
  public:
    virtual ~Connector() = default;
    virtual const ConnectorSpec& spec() const = 0;
    // Throws ApiError for expected failures.
    virtual ActionOutcome execute_action(const domain::Integration& integration,
                                         const ActionSpec& action,
                                         const domain::FieldMap& input) = 0;
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
};

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
};

// Every connector the hub ships, registered once.
std::unique_ptr<Registry> make_registry(const RegistryOptions& options = {});

}  // namespace sb::connectors
