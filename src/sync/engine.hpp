#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "connectors/connector.hpp"
#include "storage/integration_store.hpp"
#include "storage/job_queue.hpp"

namespace sb::sync {

struct EngineOptions {
    int workers = 2;
    std::chrono::milliseconds lease{30'000};
    std::chrono::milliseconds poll{500};  // idle workers look for due jobs this often
    int max_attempts = 5;
    std::chrono::milliseconds backoff_base{2'000};
    std::chrono::milliseconds backoff_max{300'000};
    bool scheduler = true;
    std::chrono::milliseconds schedule_every{30'000};
    std::chrono::milliseconds default_interval{15 * 60'000};
    // A job that has written at least this many records (over all its attempts) refreshes
    // the database's planner statistics before it reports success, so the reads that follow
    // a first sync are planned with them (JobQueue::refresh_statistics).
    std::int64_t analyze_after_records = 1'000;
    std::string node_id;  // names this process in job leases; generated when empty
    // Runs before each fetch with the integration about to be used (e.g. renews an expiring
    // access token); throws ApiError to fail the attempt.
    std::function<void(domain::Integration&)> before_fetch;
};

// Runs queued sync jobs: each worker leases a job, asks the connector for batches, stores
// each batch with its checkpoint while it still holds the lease, and finishes, retries with
// backoff, or hands the job back. A scheduler queues periodic incremental syncs.
class Engine {
  public:
    Engine(EngineOptions options, storage::JobQueue& queue, storage::IntegrationStore& integrations,
           const connectors::Registry& connectors);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    void start();
    // Stops claiming; running jobs stop after their current batch and are handed back.
    void stop();
    // Wakes idle workers (a job was just queued).
    void wake();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Exponential backoff with full jitter: a random delay in [0, min(max, base * 2^(attempt-1))].
std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds max, double unit_random);

}  // namespace sb::sync
