#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "connectors/connector.hpp"
#include "domain/audit.hpp"
#include "domain/integration.hpp"
#include "domain/paging.hpp"
#include "storage/integration_store.hpp"
#include "storage/merchant_store.hpp"
#include "storage/provider_store.hpp"
#include "storage/stock_write_queue.hpp"

namespace sb::domain {

// What a create or update may carry. Absent fields keep their value on update.
struct IntegrationInput {
    std::optional<std::string> name;
    std::optional<std::string> connector_id;
    std::optional<FieldMap> settings;
    std::optional<FieldMap> credentials;
    std::optional<bool> order_sync_enabled;
    std::optional<bool> product_sync_enabled;
    std::optional<bool> stock_sync_enabled;
};

struct StockLevel {
    std::string inventory_item_id;
    std::string location_id;
    std::int64_t available = 0;
};

struct SyncRequest {
    SyncJob job;
    bool created = false;  // false: an active job for the same data type already existed
};

// The value a client sends back for a secret it read masked; it never overwrites the secret.
inline constexpr std::string_view k_masked = "********";

// Integrations of a merchant, their actions and sync jobs, and seed 003's data connections.
class IntegrationService {
  public:
    IntegrationService(const connectors::Registry& connectors, storage::MerchantStore& merchants,
                       storage::IntegrationStore& integrations, storage::ProviderStore& providers,
                       std::string public_url)
        : connectors_(connectors),
          merchants_(merchants),
          integrations_(integrations),
          providers_(providers),
          public_url_(std::move(public_url)) {}

    Integration create(const std::string& account_id, const std::string& merchant_id,
                       IntegrationInput in);
    Integration get(const std::string& account_id, const std::string& merchant_id,
                    const std::string& id);
    Page<Integration> list(const std::string& account_id, const std::string& merchant_id,
                           std::optional<IntegrationSource> source, const PageRequest& page);
    Integration update(const std::string& account_id, const std::string& merchant_id,
                       const std::string& id, IntegrationInput in, std::int64_t expected_version);
    // Deletes the integration for `actor` (the API client id): first, best effort, its
    // webhook subscriptions at the store (unsubscribe_store), then, in one transaction, its
    // records as tombstones in the change feed, its credentials, and an audit log row
    // (IntegrationStore::remove).
    void remove(const std::string& account_id, const std::string& merchant_id,
                const std::string& id, std::int64_t expected_version, const std::string& actor);
    // Removes the store's subscriptions to this hub's webhook address, where the connector
    // can. Never throws: a failure is the outcome's status, logged, and must not block the
    // delete that asked for it.
    Unsubscribe unsubscribe_store(const Integration& i);
    // The account's audit log, newest first unless the page says otherwise.
    Page<AuditEntry> audit_log(const std::string& account_id, const PageRequest& page);

    const connectors::ConnectorSpec& connector_of(const Integration& i) const;
    // The store's API budget as the connector last saw it (nullopt when not tracked or unknown).
    std::optional<FieldMap> api_budget(const Integration& i) const;
    // Why the integration's connector cannot read it (Reader::unreadable), or nullopt.
    std::optional<std::string> unreadable(const Integration& i) const;
    // Validates the input against the action's schema, runs it, and audits the execution
    // whatever its outcome. Returns the connector's result.
    FieldMap execute_action(const std::string& account_id, const std::string& merchant_id,
                            const std::string& id, const std::string& action_id, FieldMap input);

    // Renews the integration's access token (the connector's refresh_token action) when it
    // ends within `margin_ms`; true when it did. Throws ApiError when the refresh fails.
    bool refresh_if_expiring(Integration& i, std::int64_t margin_ms);
    // Subscribes the store's webhooks to this hub, unless the integration's
    // `webhooks_enabled` setting is off; a failure is audited and logged, not thrown.
    void register_webhooks(Integration& i);

    // Seed 002's stock_sync_enabled: stock levels the hub writes to the store in the
    // background (the connector's set_stock_level action). 409 stock_sync_disabled when the
    // flag is off; 501 when the connector cannot write stock.
    std::vector<storage::StockWrite> request_stock_writes(const std::string& account_id,
                                                          const std::string& merchant_id,
                                                          const std::string& id,
                                                          const std::vector<StockLevel>& levels);
    std::vector<storage::StockWrite> stock_writes(const std::string& account_id,
                                                  const std::string& merchant_id,
                                                  const std::string& id);
    // Writes one requested level (the stock writer calls this); throws ApiError.
    void write_stock_level(const storage::StockWrite& w);
    void use_stock_writes(storage::StockWriteQueue* queue, std::function<void()> wake) {
        stock_writes_ = queue;
        on_stock_requested_ = std::move(wake);
    }

    // A request while a job of that type is queued or running joins it, whatever its mode.
    SyncRequest request_sync(const std::string& account_id, const std::string& merchant_id,
                             const std::string& id, DataType type,
                             SyncMode mode = SyncMode::incremental);
    SyncJob get_job(const std::string& account_id, const std::string& merchant_id,
                    const std::string& integration_id, const std::string& job_id);
    Page<SyncJob> list_jobs(const std::string& account_id, const std::string& merchant_id,
                            const std::string& integration_id, const PageRequest& page);
    SyncJob cancel_job(const std::string& account_id, const std::string& merchant_id,
                       const std::string& integration_id, const std::string& job_id);

    // Seed 003: a pending integration with an install link, through an enabled provider app.
    Integration create_data_connection(const std::string& account_id, const std::string& user_id,
                                       const std::string& provider,
                                       const std::vector<DataType>& types,
                                       const std::optional<std::string>& shop_domain);
    std::string connect_url(const Integration& i) const;
    // Seed 003's user sync: a job per requested type on every CONNECTED data connection of
    // the user that provides it.
    std::vector<SyncRequest> sync_user(const std::string& account_id, const std::string& user_id,
                                       const std::vector<DataType>& types);
    // Called after a job is queued, so idle sync workers wake at once instead of polling.
    void on_job_queued(std::function<void()> fn) { on_job_queued_ = std::move(fn); }

  private:
    FieldMap run_action(Integration& i, const connectors::ActionSpec& action, FieldMap input);

    const connectors::ConnectorSpec& spec_or_throw(const std::string& connector_id) const;
    void require_merchant(const std::string& account_id, const std::string& merchant_id);

    const connectors::Registry& connectors_;
    storage::MerchantStore& merchants_;
    storage::IntegrationStore& integrations_;
    storage::ProviderStore& providers_;
    std::string public_url_;
    storage::StockWriteQueue* stock_writes_ = nullptr;
    std::function<void()> on_stock_requested_;
    std::function<void()> on_job_queued_;
};

}  // namespace sb::domain
