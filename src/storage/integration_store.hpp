#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "crypto/keyring.hpp"
#include "domain/audit.hpp"
#include "domain/integration.hpp"
#include "domain/paging.hpp"
#include "domain/record.hpp"
#include "storage/merchant_store.hpp"
#include "storage/sql.hpp"

namespace sb::storage {

// Integrations with their sync jobs and action audit. Credentials are sealed with the
// keyring on the way in and opened on the way out; the database never sees them in clear.
class IntegrationStore {
  public:
    virtual ~IntegrationStore() = default;

    virtual void insert(const domain::Integration& i) = 0;
    virtual std::optional<domain::Integration> find(std::string_view account_id,
                                                    std::string_view id) = 0;
    // Not scoped by account: only for links that carry their own secret (the install link).
    virtual std::optional<domain::Integration> find_unscoped(std::string_view id) = 0;
    // Every integration of the connector for the store (its `store` address), all accounts:
    // for webhooks, which name the store and are then verified per integration.
    virtual std::vector<domain::Integration> find_by_store(std::string_view connector_id,
                                                           std::string_view store) = 0;
    // Sets the status (and bumps the version) unless it is already that; true when changed.
    virtual bool set_status(std::string_view id, domain::IntegrationStatus status) = 0;
    // merchant_id empty: every merchant of the account. source: only integrations from it.
    virtual domain::Page<domain::Integration> list(std::string_view account_id,
                                                   std::string_view merchant_id,
                                                   std::optional<domain::IntegrationSource> source,
                                                   const domain::PageRequest& page) = 0;
    // Writes every mutable field when the stored version is `expected_version` (0: any);
    // bumps version.
    virtual WriteResult update(const domain::Integration& i, std::int64_t expected_version) = 0;
    // Deletes the integration in one transaction: every live record of it becomes a tombstone
    // with a new change sequence number, its queued and running jobs and pending webhook
    // deliveries are cancelled, its credentials, tokens and store address are wiped, and an
    // integration.deleted row goes to the audit log. The row stays (deleted_at), so the
    // tombstones stay in the change feed; every read here treats it as absent.
    virtual WriteResult remove(std::string_view account_id, std::string_view id,
                               std::int64_t expected_version,
                               const domain::IntegrationDeletion& deletion) = 0;
    // Seed 000: the merchant's credential-sourced integrations become exactly `wanted`, in
    // one transaction. Rows whose id is in `wanted` are updated, others inserted, the rest
    // deleted as remove() deletes (the entry of `deletions` with their id, if any, says who
    // asked and what became of their webhooks).
    virtual void replace_credential_set(std::string_view account_id, std::string_view merchant_id,
                                        const std::vector<domain::Integration>& wanted,
                                        const std::vector<domain::IntegrationDeletion>& deletions,
                                        std::string_view actor) = 0;
    // The account's audit log (audit_log.hpp).
    virtual domain::Page<domain::AuditEntry> list_audit_log(std::string_view account_id,
                                                            const domain::PageRequest& page) = 0;

    // False when the integration already has an active job of that type. `checkpoint`: where
    // its first attempt starts (domain::k_full_sync_checkpoint for a full sync).
    virtual bool insert_job(const domain::SyncJob& job, std::string_view checkpoint = {}) = 0;
    virtual std::optional<domain::SyncJob> find_job(std::string_view account_id,
                                                    std::string_view id) = 0;
    // A queued or running job of this integration and data type, if any.
    virtual std::optional<domain::SyncJob> find_active_job(std::string_view integration_id,
                                                           domain::DataType type) = 0;
    virtual domain::Page<domain::SyncJob> list_jobs(std::string_view account_id,
                                                    std::string_view integration_id,
                                                    const domain::PageRequest& page) = 0;
    // queued -> cancelled; running -> cancel_requested; returns the job after the change.
    virtual std::optional<domain::SyncJob> cancel_job(std::string_view account_id,
                                                      std::string_view id) = 0;

    // The audit row of an action, with the records it changed at the platform (e.g. the
    // shop after update_shop) upserted in the same transaction.
    virtual void insert_action_execution(const domain::ActionExecution& e,
                                         const std::vector<domain::Record>& records = {}) = 0;
    virtual std::vector<domain::ActionExecution> list_action_executions(
        std::string_view account_id, std::string_view integration_id) = 0;
};

std::unique_ptr<IntegrationStore> make_sql_integration_store(sql::Database& db,
                                                             const crypto::Keyring& keys);

// The additional data bound into each sealed credentials blob, so a blob moved to another
// row does not open.
std::string integration_credentials_aad(std::string_view integration_id);

}  // namespace sb::storage
