#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/data_types.hpp"
#include "domain/fields.hpp"

namespace sb::domain {

enum class IntegrationStatus { pending, connected, error, revoked };
std::string_view status_name(IntegrationStatus s);  // "PENDING", ...
std::optional<IntegrationStatus> parse_status(std::string_view s);

// How the integration came to be: the seed it was created through.
enum class IntegrationSource { api, data_connection, credentials };
std::string_view source_name(IntegrationSource s);
IntegrationSource parse_source(std::string_view s);

// One merchant's store through one connector.
struct Integration {
    std::string id;
    std::string account_id;
    std::string merchant_id;
    std::string connector_id;
    std::string name;
    IntegrationStatus status = IntegrationStatus::pending;
    IntegrationSource source = IntegrationSource::api;
    FieldMap settings;     // non-secret, validated against the connector's settings fields
    FieldMap credentials;  // plaintext only in memory; sealed at rest
    FieldMap metadata;     // labels from seed 000: brand_name, brand_domain_id, authorization_id
    std::vector<DataType> requested_data_types;
    bool order_sync_enabled = false;
    bool product_sync_enabled = false;
    bool stock_sync_enabled = false;
    std::optional<std::int64_t> order_sync_updated_at;
    std::optional<std::int64_t> product_sync_updated_at;
    // The install link of a data connection: only the hash of its token is stored; the token
    // itself is known only to the Integration that created the link, never read back.
    std::string connect_token;
    std::string connect_token_hash;  // hash_connect_token(connect_token)
    // The store's address on the platform (e.g. NAME.myshopify.com), from the connector's
    // store_field; kept in clear and indexed so webhooks find their integration.
    std::string store;
    std::int64_t version = 1;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

// Sets `store` from the credential or setting named `store_field` (lower-cased).
void assign_store(Integration& i, std::string_view store_field);

// How an install link's token is kept: SHA-256, hex. The token is 24 random bytes, so a fast
// hash is enough; what matters is that the database never holds the link itself.
std::string hash_connect_token(std::string_view token);

enum class JobStatus { queued, running, succeeded, failed, cancelled };
std::string_view job_status_name(JobStatus s);
JobStatus parse_job_status(std::string_view s);
bool is_finished(JobStatus s);

// What a sync reads. incremental: what changed since the newest record stored. full: everything,
// and records of the type the store no longer has become tombstones (POST …/sync/{type}
// ?mode=full). A full job is queued with k_full_sync_checkpoint, which the sync engine keeps as
// its checkpoint to the end, so every attempt knows the run is full.
enum class SyncMode { incremental, full };
inline constexpr std::string_view k_full_sync_checkpoint = R"({"sync":"full"})";

// A durable unit of sync work.
struct SyncJob {
    std::string id;
    std::string account_id;
    std::string integration_id;
    DataType data_type = DataType::order;
    std::string trigger = "manual";  // manual | schedule | webhook
    JobStatus status = JobStatus::queued;
    bool cancel_requested = false;
    std::int64_t attempts = 0;
    std::optional<std::string> last_error;
    std::int64_t records_read = 0;
    std::int64_t records_written = 0;
    std::int64_t pages = 0;
    std::optional<std::int64_t> total;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::optional<std::int64_t> started_at;
    std::optional<std::int64_t> finished_at;
};

// The audit record of one action execution.
struct ActionExecution {
    std::string id;
    std::string account_id;
    std::string integration_id;
    std::string action_id;
    std::string input_summary;  // input with secret fields masked
    std::string status;         // succeeded | failed
    std::optional<std::string> error_code;
    std::int64_t created_at = 0;
};

}  // namespace sb::domain
