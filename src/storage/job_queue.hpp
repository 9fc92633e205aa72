#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/metrics.hpp"
#include "domain/integration.hpp"
#include "domain/paging.hpp"
#include "domain/record.hpp"
#include "storage/sql.hpp"

namespace sb::storage {

struct ClaimedJob {
    domain::SyncJob job;
    std::string checkpoint;  // "" unless an earlier attempt stored one
};

struct BatchOutcome {
    bool keep_going = false;  // false: the lease was lost or a cancel was requested
    bool cancel_requested = false;
    std::int64_t written = 0;
};

// What the account's job list filters on; each unset filter takes every job.
struct AccountJobFilter {
    std::optional<domain::JobStatus> status;
    std::optional<std::string> connector_id;
    std::optional<std::string> integration_id;
    std::optional<std::string> merchant_id;
};

// A job with the integration it belongs to, as the account's job list shows it.
struct AccountJob {
    domain::SyncJob job;
    std::string merchant_id;
    std::string connector_id;
};

// The sync_jobs table as a queue. Workers lease a job, extend the lease while they work, and
// store each batch with its checkpoint in one transaction only while they still hold it.
// On PostgreSQL, claims skip rows other servers have locked (FOR UPDATE SKIP LOCKED).
class JobQueue {
  public:
    virtual ~JobQueue() = default;
    // The oldest due job: queued and past its next_run_at, or running with an expired lease
    // (its worker died). Marks it running for `worker` and counts an attempt.
    virtual std::optional<ClaimedJob> claim(const std::string& worker, std::int64_t lease_ms) = 0;
    virtual bool heartbeat(const std::string& job_id, const std::string& worker,
                           std::int64_t lease_ms) = 0;
    virtual BatchOutcome commit_batch(const domain::SyncJob& job, const std::string& worker,
                                      const domain::RecordBatch& batch, std::int64_t lease_ms) = 0;
    virtual void succeed(const domain::SyncJob& job, const std::string& worker) = 0;
    virtual void cancel(const domain::SyncJob& job, const std::string& worker) = 0;
    // retry_at: requeue for then (0: give up, status failed).
    virtual void fail(const domain::SyncJob& job, const std::string& worker,
                      const std::string& error, std::int64_t retry_at) = 0;
    // Hands a job back untouched (the server is stopping): queued again, attempt not counted.
    virtual void release(const domain::SyncJob& job, const std::string& worker) = 0;
    // The newest platform updated_at stored for the integration and type: where an incremental
    // sync starts.
    virtual std::optional<std::int64_t> watermark(const std::string& integration_id,
                                                  domain::DataType type) = 0;
    // The live (not deleted) records of the integration and type whose platform updated_at is
    // before `updated_before`: what a full sync tombstones unless its run read them again.
    // Only key and time are read, with parent_external_id so the tombstone keeps it.
    virtual std::vector<domain::Record> live_records(const std::string& integration_id,
                                                     domain::DataType type,
                                                     std::int64_t updated_before) = 0;
    // Scheduler: queues an incremental job (trigger "schedule") for every connected
    // integration whose sync flag for a type is on and whose last success is older than its
    // interval. Returns how many were queued.
    virtual int enqueue_due(std::int64_t now, std::int64_t default_interval_ms) = 0;
    // Refreshes the query planner's statistics for the records table, after a sync wrote many
    // rows. PostgreSQL: ANALYZE records. Until autovacuum reaches a freshly filled table (a
    // minute or more later) its planner guesses, and it guessed a wrong index for the key
    // reads: 14.7 ms instead of 0.3 ms at 24,000 records (bench/README.md). SQLite: nothing.
    // With no sqlite_stat1 its planner takes every index as selective, which the hub's keyed
    // and keyset reads are built for, and its ANALYZE would read every row.
    virtual void refresh_statistics() = 0;

    // The account's jobs (of integrations not deleted) by (created_at, id) in the page's
    // direction, keyset paged: the operator console's job list.
    virtual domain::Page<AccountJob> list_account_jobs(const std::string& account_id,
                                                       const AccountJobFilter& filter,
                                                       const domain::PageRequest& page) = 0;
};

// `counters`: where the records that sync batches write are counted (null: nowhere).
std::unique_ptr<JobQueue> make_sql_job_queue(sql::Database& db, core::Counters* counters = nullptr);

}  // namespace sb::storage
