#include "sync/engine.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "domain/field_validation.hpp"
#include "domain/records/codec.hpp"
#include "log/logger.hpp"

namespace sb::sync {

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds max, double unit_random) {
    const int exponent = std::clamp(attempt - 1, 0, 30);
    const double ceiling =
        std::min(static_cast<double>(max.count()),
                 static_cast<double>(base.count()) * static_cast<double>(1LL << exponent));
    return std::chrono::milliseconds(
        static_cast<std::int64_t>(ceiling * std::clamp(unit_random, 0.0, 1.0)));
}

namespace {

// Failures worth another attempt: the platform or the network, not our request.
bool retryable(const ApiError& e) {
    // Another attempt meets the same: a store address calls may not go to, a stored value
    // over its bound, credentials the store does not know (its 401). Someone has to change
    // the integration first.
    if (e.code() == Errc::connector_not_implemented || e.code() == Errc::integration_revoked ||
        e.code() == Errc::platform_unreachable || e.code() == Errc::stored_value_invalid ||
        e.code() == Errc::platform_unauthorized)
        return false;
    const int status = error_info(e.code()).status;
    return status >= 500 || status == 429 || status == 408;
}

}  // namespace

struct Engine::Impl {
    EngineOptions options;
    storage::JobQueue& queue;
    storage::IntegrationStore& integrations;
    const connectors::Registry& connectors;

    std::vector<std::thread> threads;
    std::atomic<bool> stopping{false};
    std::mutex mutex;
    std::condition_variable wake_cv;
    std::uint64_t wake_generation = 0;
    std::map<std::string, std::string> running;  // job id -> the worker holding its lease
    std::mt19937_64 rng{std::random_device{}()};

    Impl(EngineOptions o, storage::JobQueue& q, storage::IntegrationStore& i,
         const connectors::Registry& c)
        : options(std::move(o)), queue(q), integrations(i), connectors(c) {}

    void sleep_for(std::chrono::milliseconds d) {
        std::unique_lock lock(mutex);
        const auto gen = wake_generation;
        wake_cv.wait_for(lock, d, [&] { return stopping.load() || wake_generation != gen; });
    }

    double random_unit() {
        std::lock_guard lock(mutex);
        return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    }

    // Stores batches on a committer thread while the connector reads the next one, so the
    // platform's network reads and the database writes overlap. At most one batch waits;
    // batches are committed in order, each with its checkpoint, so a crash resumes exactly
    // after the last committed one. A stop that a commit asks for (cancel, lost lease) is
    // seen by the connector one batch later.
    class Sink final : public connectors::RecordSink {
      public:
        // `full`: a full sync, whose batches all keep domain::k_full_sync_checkpoint and
        // whose records' ids are remembered for the tombstone sweep at the end.
        Sink(Impl& engine, const domain::SyncJob& job, const std::string& worker, bool full)
            : engine_(engine), job_(job), worker_(worker), full_(full), committer_([this] {
                  commit_loop();
              }) {}
        ~Sink() {
            {
                std::lock_guard lock(m_);
                closing_ = true;
            }
            cv_.notify_all();
            committer_.join();
        }

        bool accept(domain::RecordBatch batch) override {
            if (engine_.stopping) {
                stopped_for_shutdown = true;
                return false;
            }
            if (full_) {
                for (const auto& r : batch.records) {
                    if (r.type == job_.data_type && !r.deleted)
                        seen.insert(r.external_id);
                }
                batch.checkpoint = std::string(domain::k_full_sync_checkpoint);
            }
            std::unique_lock lock(m_);
            cv_.wait(lock, [&] { return !waiting_ || failure_ || !keep_going_; });
            if (failure_)
                std::rethrow_exception(failure_);
            if (!keep_going_)
                return false;
            waiting_ = std::move(batch);
            cv_.notify_all();
            return true;
        }

        // Waits until every accepted batch is committed; rethrows a commit failure.
        void drain() {
            std::unique_lock lock(m_);
            cv_.wait(lock, [&] { return (!waiting_ && !committing_) || failure_; });
            if (failure_)
                std::rethrow_exception(failure_);
        }

        bool cancelled = false;
        bool lease_lost = false;
        std::int64_t written = 0;  // records this attempt stored
        bool stopped_for_shutdown = false;
        std::unordered_set<std::string> seen;  // full sync: the ids this attempt read

      private:
        void commit_loop() {
            std::unique_lock lock(m_);
            for (;;) {
                cv_.wait(lock, [&] { return waiting_ || closing_; });
                if (!waiting_)
                    return;
                domain::RecordBatch batch = std::move(*waiting_);
                waiting_.reset();
                committing_ = true;
                lock.unlock();
                storage::BatchOutcome out;
                std::exception_ptr failure;
                try {
                    out = engine_.queue.commit_batch(job_, worker_, batch,
                                                     engine_.options.lease.count());
                } catch (...) {
                    failure = std::current_exception();
                }
                lock.lock();
                committing_ = false;
                if (failure) {
                    failure_ = failure;
                } else {
                    written += out.written;
                    cancelled = cancelled || out.cancel_requested;
                    lease_lost = lease_lost || (!out.keep_going && !out.cancel_requested);
                    keep_going_ = keep_going_ && out.keep_going;
                }
                cv_.notify_all();
            }
        }

        Impl& engine_;
        const domain::SyncJob& job_;
        const std::string& worker_;
        const bool full_;
        std::mutex m_;
        std::condition_variable cv_;
        std::optional<domain::RecordBatch> waiting_;
        bool committing_ = false;
        bool keep_going_ = true;
        bool closing_ = false;
        std::exception_ptr failure_;
        std::thread committer_;  // last: starts once the state above exists
    };

    void run(const storage::ClaimedJob& claimed, const std::string& worker) {
        const auto& job = claimed.job;
        {
            std::lock_guard lock(mutex);
            running.emplace(job.id, worker);
        }
        struct Done {
            Impl& e;
            const std::string& id;
            ~Done() {
                std::lock_guard lock(e.mutex);
                e.running.erase(id);
            }
        } done{*this, job.id};

        if (job.cancel_requested) {
            queue.cancel(job, worker);
            return;
        }
        auto integration = integrations.find(job.account_id, job.integration_id);
        if (!integration) {
            queue.fail(job, worker, "not_found: the integration no longer exists", 0);
            return;
        }
        auto* connector = connectors.find(integration->connector_id);
        // A full sync reads everything from the start on every attempt (no since, no
        // checkpoint): the sweep needs every id of one complete read.
        const bool full = claimed.checkpoint == domain::k_full_sync_checkpoint;
        const std::string checkpoint = full ? std::string() : claimed.checkpoint;
        const std::int64_t attempt_started = now_ms();
        std::optional<std::int64_t> since;
        // No checkpoint: a new run, incremental from what is stored (if anything is).
        if (checkpoint.empty() && !full)
            since = queue.watermark(job.integration_id, job.data_type);
        Sink sink(*this, job, worker, full);
        try {
            if (!connector)
                throw ApiError(Errc::unknown_connector,
                               "Unknown connector " + integration->connector_id);
            if (integration->status == domain::IntegrationStatus::revoked) {
                throw ApiError(Errc::integration_revoked,
                               "The integration was revoked by the merchant");
            }
            // Values an older version stored over their bounds fail the job once, clearly.
            std::vector<FieldError> oversized;
            domain::find_oversized(connector->spec().credential_fields, integration->credentials,
                                   "credentials.", oversized);
            domain::find_oversized(connector->spec().settings_fields, integration->settings,
                                   "settings.", oversized);
            domain::throw_if_stored_invalid(oversized);
            if (options.before_fetch)
                options.before_fetch(*integration);
            try {
                connector->reader_or_throw().fetch(
                    connectors::FetchRequest{*integration, job.data_type, checkpoint, since}, sink);
                if (full && !sink.cancelled && !sink.lease_lost && !sink.stopped_for_shutdown)
                    tombstone_unseen(job, sink, attempt_started);
            } catch (...) {
                // What was accepted before the failure is still stored, with its checkpoint.
                try {
                    sink.drain();
                } catch (const std::exception&) {
                }
                throw;
            }
            sink.drain();
            if (sink.cancelled)
                queue.cancel(job, worker);
            else if (sink.stopped_for_shutdown)
                queue.release(job, worker);
            else if (!sink.lease_lost) {
                if (job.records_written + sink.written >= options.analyze_after_records)
                    refresh_statistics(job, job.records_written + sink.written);
                queue.succeed(job, worker);
            }
        } catch (const ApiError& e) {
            // The store refused the credentials or their permissions: the integration needs
            // someone's attention (integration.error), not only this job.
            if (e.code() == Errc::platform_unauthorized || e.code() == Errc::platform_auth_failed) {
                try {
                    integrations.set_status(job.integration_id, domain::IntegrationStatus::error);
                } catch (const std::exception& x) {
                    log::warn("integration_status_failed",
                              {{"job_id", job.id}, {"error", x.what()}});
                }
            }
            finish_failed(job, worker, std::string(error_info(e.code()).code) + ": " + e.message(),
                          retryable(e));
        } catch (const std::exception& e) {
            finish_failed(job, worker, std::string("internal_error: ") + e.what(), true);
        }
    }

    // The end of a full sync: every live record of the type that the run did not read is gone
    // from the store, and becomes a tombstone the way a platform's delete does (same platform
    // time, deleted set: a new change sequence number and a record.deleted event). Records
    // updated after the attempt started are left alone: a webhook may have stored them after
    // the platform's snapshot was taken.
    void tombstone_unseen(const domain::SyncJob& job, Sink& sink, std::int64_t started) {
        sink.drain();
        std::vector<domain::Record> gone;
        for (auto& r : queue.live_records(job.integration_id, job.data_type, started)) {
            if (sink.seen.count(r.external_id))
                continue;
            auto t =
                domain::records::make_tombstone(job.data_type, r.external_id, r.updated_at, "{}");
            t.parent_external_id = std::move(r.parent_external_id);
            gone.push_back(std::move(t));
        }
        if (!gone.empty()) {
            log::info("sync_full_tombstones", {{"job_id", job.id}, {"count", gone.size()}});
        }
        constexpr std::size_t k_batch = 500;
        for (std::size_t i = 0; i < gone.size(); i += k_batch) {
            const auto end = std::min(gone.size(), i + k_batch);
            domain::RecordBatch b{
                {std::make_move_iterator(gone.begin() + static_cast<std::ptrdiff_t>(i)),
                 std::make_move_iterator(gone.begin() + static_cast<std::ptrdiff_t>(end))},
                std::string(domain::k_full_sync_checkpoint),
                {}};
            if (!sink.accept(std::move(b)))
                return;
        }
    }

    // Statistics only speed reads up: a failure to refresh them is logged, and the job still
    // succeeds.
    void refresh_statistics(const domain::SyncJob& job, std::int64_t written) {
        const auto start = std::chrono::steady_clock::now();
        try {
            queue.refresh_statistics();
            log::info("statistics_refreshed",
                      {{"job_id", job.id},
                       {"records_written", written},
                       {"ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::steady_clock::now() - start)
                                  .count()}});
        } catch (const std::exception& e) {
            log::warn("statistics_refresh_failed", {{"job_id", job.id}, {"error", e.what()}});
        }
    }

    void finish_failed(const domain::SyncJob& job, const std::string& worker,
                       const std::string& error, bool retry) {
        std::int64_t retry_at = 0;
        if (retry && job.attempts < options.max_attempts) {
            retry_at =
                now_ms() + backoff_delay(static_cast<int>(job.attempts), options.backoff_base,
                                         options.backoff_max, random_unit())
                               .count();
        }
        log::warn("sync_job_failed", {{"job_id", job.id},
                                      {"integration_id", job.integration_id},
                                      {"attempt", job.attempts},
                                      {"retry", retry_at != 0},
                                      {"error", error}});
        queue.fail(job, worker, error, retry_at);
    }

    void worker_loop(int n) {
        const std::string worker = options.node_id + "/" + std::to_string(n);
        while (!stopping) {
            std::optional<storage::ClaimedJob> claimed;
            try {
                claimed = queue.claim(worker, options.lease.count());
            } catch (const std::exception& e) {
                log::error("sync_claim_failed", {{"error", e.what()}});
            }
            if (!claimed) {
                sleep_for(options.poll);
                continue;
            }
            try {
                run(*claimed, worker);
            } catch (const std::exception& e) {
                // Storage failed while finishing: the lease runs out and another worker resumes.
                log::error("sync_job_aborted", {{"job_id", claimed->job.id}, {"error", e.what()}});
            }
        }
    }

    // Extends the lease of every job this process runs, so a long page never loses it.
    void heartbeat_loop() {
        while (!stopping) {
            sleep_for(options.lease / 3);
            std::map<std::string, std::string> leases;
            {
                std::lock_guard lock(mutex);
                leases = running;
            }
            for (const auto& [id, worker] : leases) {
                try {
                    queue.heartbeat(id, worker, options.lease.count());
                } catch (const std::exception& e) {
                    log::warn("sync_heartbeat_failed", {{"job_id", id}, {"error", e.what()}});
                }
            }
        }
    }

    void scheduler_loop() {
        while (!stopping) {
            try {
                if (queue.enqueue_due(now_ms(), options.default_interval.count()) > 0)
                    notify();
            } catch (const std::exception& e) {
                log::error("sync_schedule_failed", {{"error", e.what()}});
            }
            sleep_for(options.schedule_every);
        }
    }

    void notify() {
        {
            std::lock_guard lock(mutex);
            ++wake_generation;
        }
        wake_cv.notify_all();
    }
};

Engine::Engine(EngineOptions options, storage::JobQueue& queue,
               storage::IntegrationStore& integrations, const connectors::Registry& connectors)
    : impl_(std::make_unique<Impl>(std::move(options), queue, integrations, connectors)) {
    if (impl_->options.node_id.empty())
        impl_->options.node_id = new_id("node");
}

Engine::~Engine() {
    stop();
}

void Engine::start() {
    auto& e = *impl_;
    if (!e.threads.empty())
        return;
    e.stopping = false;
    for (int n = 0; n < std::max(1, e.options.workers); ++n)
        e.threads.emplace_back([&e, n] { e.worker_loop(n); });
    e.threads.emplace_back([&e] { e.heartbeat_loop(); });
    if (e.options.scheduler)
        e.threads.emplace_back([&e] { e.scheduler_loop(); });
}

void Engine::stop() {
    auto& e = *impl_;
    e.stopping = true;
    e.notify();
    for (auto& t : e.threads)
        t.join();
    e.threads.clear();
}

void Engine::wake() {
    impl_->notify();
}

}  // namespace sb::sync
