#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/data_types.hpp"
#include "domain/integration.hpp"
#include "storage/record_reader.hpp"
#include "storage/sql.hpp"

namespace sb::storage {

// A stored record with the platform's payload as it came (records.raw), tombstones included.
struct RecordWithRaw {
    StoredRecord record;
    std::string raw;
};

// The newest job of an integration and data type.
struct LastJob {
    std::string id;
    domain::JobStatus status = domain::JobStatus::queued;
    std::optional<std::int64_t> finished_at;
};

// What an integration holds of one data type and how it was last synced.
struct DataTypeStat {
    std::string data_type;  // "COMMERCE_ORDER"
    std::int64_t records = 0;
    std::optional<std::int64_t> last_synced_at;  // the last successful sync's end
    std::optional<LastJob> last_job;
};

struct JobCount {
    std::string status;
    std::string connector_id;
    std::int64_t count = 0;
};

struct QueueDepths {
    std::int64_t queued_jobs = 0;
    std::int64_t webhook_backlog = 0;  // deliveries received and not applied yet
    std::int64_t event_backlog = 0;    // outgoing event deliveries pending
};

// `storebridge status`: the whole database at a glance, every account.
struct StatusReport {
    struct Account {
        std::string id;
        std::string name;
        std::int64_t merchants = 0;
        std::int64_t integrations = 0;
    };
    struct Integration {
        std::string id;
        std::string account_name;
        std::string merchant_name;
        std::string connector_id;
        std::string status;
        std::string store;
        std::int64_t records = 0;
    };
    struct Job {
        domain::SyncJob job;
        std::string connector_id;
    };
    std::vector<Account> accounts;
    std::vector<Integration> integrations;
    std::vector<Job> active_jobs;  // running, then queued
};

// The reads of the operator console and of the operator's tools that no other repository
// makes: a record with its raw payload, per-type counts, the gauges of /metrics.
class ConsoleReader {
  public:
    virtual ~ConsoleReader() = default;
    // The record of the account's integration, live or a tombstone.
    virtual std::optional<RecordWithRaw> record(const std::string& account_id,
                                                const std::string& integration_id,
                                                domain::DataType type,
                                                const std::string& external_id) = 0;
    // Per integration of `integration_ids` (the account's), the data types it has records
    // or jobs of; three queries whatever the number of integrations.
    virtual std::map<std::string, std::vector<DataTypeStat>> data_type_stats(
        const std::string& account_id, const std::vector<std::string>& integration_ids) = 0;
    // Every account's jobs by status and connector, in one grouped query.
    virtual std::vector<JobCount> job_counts() = 0;
    virtual QueueDepths queue_depths() = 0;
    virtual StatusReport status_report() = 0;
};

std::unique_ptr<ConsoleReader> make_sql_console_reader(sql::Database& db);

}  // namespace sb::storage
