#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "common/test_env.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "domain/auth_service.hpp"
#include "storage/integration_store.hpp"
#include "storage/job_queue.hpp"
#include "storage/merchant_store.hpp"
#include "storage/migrations.hpp"
#include "storage/sql_account_store.hpp"
#include "sync/engine.hpp"

namespace sb::test {

namespace {

using namespace std::chrono_literals;

// A platform in memory, speaking the connector interface: the stand-in for a real store.
// It pages through its records in updated_at order, three at a time, honours `since` and
// resumes from the index in the checkpoint.
class ScriptedPlatform final : public connectors::Connector, public connectors::Reader {
  public:
    ScriptedPlatform() : connectors::Connector(connectors::ConnectorInfo{"scripted", "Scripted"}) {
        provide({.reader = this});
    }
    std::vector<domain::DataType> data_types() const override { return {domain::DataType::order}; }

    void fetch(const connectors::FetchRequest& req, connectors::RecordSink& sink) override {
        std::vector<domain::Record> todo;
        {
            std::lock_guard lock(mutex);
            ++calls[req.integration.id];
            seen_checkpoints.push_back(req.checkpoint);
            seen_since.push_back(req.since);
            if (failures_left > 0) {
                --failures_left;
                throw ApiError(failure_code, "the platform is having a bad day");
            }
            for (const auto& r : records) {
                if (!req.since || r.updated_at >= *req.since)
                    todo.push_back(r);
            }
        }
        std::size_t start = req.checkpoint.empty() ? 0 : std::stoul(req.checkpoint);
        for (std::size_t i = start; i < todo.size(); i += 3) {
            domain::RecordBatch batch;
            for (std::size_t k = i; k < std::min(todo.size(), i + 3); ++k)
                batch.records.push_back(todo[k]);
            batch.checkpoint = std::to_string(std::min(todo.size(), i + 3));
            batch.total = static_cast<std::int64_t>(todo.size());
            if (!sink.accept(std::move(batch)))
                return;
            std::unique_lock lock(mutex);
            ++batches_sent;
            cv.notify_all();
            cv.wait(lock, [&] { return !hold_after_first_batch; });
        }
    }

    void set(int n, std::int64_t base_time) {
        std::lock_guard lock(mutex);
        records.clear();
        for (int i = 0; i < n; ++i)
            records.push_back(make(i, base_time + i * 1000, "v1"));
    }
    static domain::Record make(int i, std::int64_t updated_at, const std::string& version) {
        domain::Record r;
        r.type = domain::DataType::order;
        r.external_id = std::to_string(1000 + i);
        r.updated_at = updated_at;
        r.data =
            R"({"name":"#)" + std::to_string(1000 + i) + R"(","version":")" + version + R"("})";
        r.raw = "{}";
        return r;
    }

    std::mutex mutex;
    std::condition_variable cv;
    std::vector<domain::Record> records;
    std::map<std::string, int> calls;
    std::vector<std::string> seen_checkpoints;
    std::vector<std::optional<std::int64_t>> seen_since;
    int failures_left = 0;
    Errc failure_code = Errc::service_unavailable;
    bool hold_after_first_batch = false;
    int batches_sent = 0;
};

class SyncEngine : public ::testing::Test {
  protected:
    TempDir dir;
    TestDatabase tdb{dir.path()};
    std::unique_ptr<sql::Database> db = sql::open_database(tdb.url());
    crypto::Keyring keys{{crypto::random_bytes(32)}};
    std::unique_ptr<storage::AccountStore> accounts;
    std::unique_ptr<storage::MerchantStore> merchants;
    std::unique_ptr<storage::IntegrationStore> integrations;
    std::unique_ptr<storage::JobQueue> queue;
    connectors::Registry registry;
    ScriptedPlatform* platform = nullptr;
    std::string account_id;
    std::string merchant_id;

    void SetUp() override {
        storage::migrate(*db);
        accounts = storage::make_sql_account_store(*db);
        merchants = storage::make_sql_merchant_store(*db);
        integrations = storage::make_sql_integration_store(*db, keys);
        queue = storage::make_sql_job_queue(*db);
        auto p = std::make_unique<ScriptedPlatform>();
        platform = p.get();
        registry.add(std::move(p));
        domain::AuthService auth(*accounts, {3600, 1000});
        account_id = auth.create_account("acme").id;
        merchant_id = merchants->account_default(account_id).id;
    }

    std::string add_integration(bool order_sync = false) {
        domain::Integration i;
        i.id = "int_" + crypto::hex_encode(crypto::random_bytes(6));
        i.account_id = account_id;
        i.merchant_id = merchant_id;
        i.connector_id = "scripted";
        i.name = "Scripted store";
        i.status = domain::IntegrationStatus::connected;
        i.order_sync_enabled = order_sync;
        i.credentials.emplace("token", std::string("secret"));
        i.created_at = i.updated_at = now_ms();
        integrations->insert(i);
        return i.id;
    }

    std::string queue_job(const std::string& integration_id) {
        domain::SyncJob j;
        j.id = "job_" + crypto::hex_encode(crypto::random_bytes(6));
        j.account_id = account_id;
        j.integration_id = integration_id;
        j.data_type = domain::DataType::order;
        j.created_at = j.updated_at = now_ms();
        EXPECT_TRUE(integrations->insert_job(j));
        return j.id;
    }

    domain::SyncJob wait_finished(const std::string& job_id, std::chrono::seconds limit = 20s) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        for (;;) {
            auto j = integrations->find_job(account_id, job_id);
            if (j && domain::is_finished(j->status))
                return *j;
            if (std::chrono::steady_clock::now() > deadline) {
                ADD_FAILURE() << "job " << job_id << " did not finish";
                return j.value_or(domain::SyncJob{});
            }
            std::this_thread::sleep_for(20ms);
        }
    }

    sync::EngineOptions fast() {
        sync::EngineOptions o;
        o.workers = 2;
        o.poll = 20ms;
        o.lease = 2'000ms;
        o.backoff_base = 10ms;
        o.backoff_max = 50ms;
        o.scheduler = false;
        return o;
    }

    std::vector<sql::Row> stored(const std::string& integration_id) {
        return db->read([&](sql::Session& s) {
            return s
                .exec(
                    "SELECT external_id, data, seq, updated_at FROM records WHERE integration_id = "
                    "$1"
                    " ORDER BY external_id",
                    {integration_id})
                .rows;
        });
    }
};

}  // namespace

TEST_F(SyncEngine, RunsAJobToCompletionAndStoresEveryRecord) {
    platform->set(10, 1'700'000'000'000);
    const auto integration = add_integration();
    const auto job_id = queue_job(integration);
    sync::Engine engine(fast(), *queue, *integrations, registry);
    engine.start();
    auto job = wait_finished(job_id);
    engine.stop();
    EXPECT_EQ(job.status, domain::JobStatus::succeeded);
    EXPECT_EQ(job.records_read, 10);
    EXPECT_EQ(job.records_written, 10);
    EXPECT_EQ(job.pages, 4);
    EXPECT_EQ(job.total, 10);
    EXPECT_EQ(job.attempts, 1);
    EXPECT_EQ(stored(integration).size(), 10u);
    EXPECT_EQ(integrations->find(account_id, integration)->order_sync_updated_at,
              1'700'000'009'000);
}

TEST_F(SyncEngine, IncrementalRunsFromTheWatermarkAndOlderDataNeverWins) {
    platform->set(6, 1'700'000'000'000);
    const auto integration = add_integration();
    sync::Engine engine(fast(), *queue, *integrations, registry);
    engine.start();
    ASSERT_EQ(wait_finished(queue_job(integration)).status, domain::JobStatus::succeeded);
    {
        std::lock_guard lock(platform->mutex);
        platform->records[2] = ScriptedPlatform::make(2, 1'700'000'100'000, "v2");  // a real change
        platform->records[4] = ScriptedPlatform::make(4, 1'700'000'200'000, "v2");
        platform->records.push_back(
            ScriptedPlatform::make(4, 1'600'000'000'000, "stale"));  // older copy
        platform->seen_since.clear();
    }
    auto second = wait_finished(queue_job(integration));
    engine.stop();
    ASSERT_EQ(second.status, domain::JobStatus::succeeded);
    ASSERT_FALSE(platform->seen_since.empty());
    EXPECT_EQ(platform->seen_since.front(), 1'700'000'005'000);  // the watermark of the first run
    auto rows = stored(integration);
    ASSERT_EQ(rows.size(), 6u);
    EXPECT_NE(rows[2].text(1).find("v2"), std::string::npos);
    EXPECT_NE(rows[4].text(1).find("v2"), std::string::npos);
    EXPECT_EQ(rows[4].text(1).find("stale"), std::string::npos);
    EXPECT_EQ(rows[0].text(1).find("v2"), std::string::npos);
}

TEST_F(SyncEngine, ChangeSequenceIsUniqueAndGrowsWithEachWrite) {
    platform->set(9, 1'700'000'000'000);
    const auto integration = add_integration();
    sync::Engine engine(fast(), *queue, *integrations, registry);
    engine.start();
    wait_finished(queue_job(integration));
    const auto before = stored(integration);
    {
        std::lock_guard lock(platform->mutex);
        platform->records[8] = ScriptedPlatform::make(8, 1'700'000'900'000, "v2");
    }
    wait_finished(queue_job(integration));
    engine.stop();
    const auto after = stored(integration);
    std::set<std::int64_t> seqs;
    for (const auto& r : after)
        EXPECT_TRUE(seqs.insert(r.integer(2)).second);
    std::int64_t max_before = 0;
    for (const auto& r : before)
        max_before = std::max(max_before, r.integer(2));
    EXPECT_GT(after[8].integer(2), max_before);  // the changed record moved to the end of the feed
    EXPECT_EQ(after[0].integer(2), before[0].integer(2));  // unchanged records kept their place
}

TEST_F(SyncEngine, TransientFailuresAreRetriedWithBackoff) {
    platform->set(4, 1'700'000'000'000);
    platform->failures_left = 2;
    const auto integration = add_integration();
    const auto job_id = queue_job(integration);
    sync::Engine engine(fast(), *queue, *integrations, registry);
    engine.start();
    auto job = wait_finished(job_id);
    engine.stop();
    EXPECT_EQ(job.status, domain::JobStatus::succeeded);
    EXPECT_EQ(job.attempts, 3);
    EXPECT_FALSE(job.last_error);
    EXPECT_EQ(stored(integration).size(), 4u);
}

TEST_F(SyncEngine, PermanentFailuresStopAtOnce) {
    platform->set(4, 1'700'000'000'000);
    platform->failures_left = 1;
    platform->failure_code = Errc::connector_not_implemented;
    const auto job_id = queue_job(add_integration());
    sync::Engine engine(fast(), *queue, *integrations, registry);
    engine.start();
    auto job = wait_finished(job_id);
    engine.stop();
    EXPECT_EQ(job.status, domain::JobStatus::failed);
    EXPECT_EQ(job.attempts, 1);
    ASSERT_TRUE(job.last_error);
    EXPECT_TRUE(job.last_error->starts_with("connector_not_implemented"));
}

TEST_F(SyncEngine, RetriesGiveUpAfterMaxAttempts) {
    platform->set(4, 1'700'000'000'000);
    platform->failures_left = 100;
    const auto job_id = queue_job(add_integration());
    auto options = fast();
    options.max_attempts = 3;
    sync::Engine engine(options, *queue, *integrations, registry);
    engine.start();
    auto job = wait_finished(job_id);
    engine.stop();
    EXPECT_EQ(job.status, domain::JobStatus::failed);
    EXPECT_EQ(job.attempts, 3);
    EXPECT_TRUE(job.last_error->starts_with("service_unavailable"));
}

TEST_F(SyncEngine, AJobWhoseWorkerDiedResumesFromItsCheckpoint) {
    platform->set(10, 1'700'000'000'000);
    const auto integration = add_integration();
    const auto job_id = queue_job(integration);
    // A worker claims the job, stores one batch and dies: its lease simply runs out.
    auto claimed = queue->claim("dead-node/0", 50);
    ASSERT_TRUE(claimed);
    domain::RecordBatch first;
    for (int i = 0; i < 3; ++i)
        first.records.push_back(platform->records[static_cast<std::size_t>(i)]);
    first.checkpoint = "3";
    ASSERT_TRUE(queue->commit_batch(claimed->job, "dead-node/0", first, 50).keep_going);
    std::this_thread::sleep_for(100ms);

    sync::Engine engine(fast(), *queue, *integrations, registry);
    engine.start();
    auto job = wait_finished(job_id);
    engine.stop();
    EXPECT_EQ(job.status, domain::JobStatus::succeeded);
    EXPECT_EQ(job.attempts, 2);
    EXPECT_EQ(platform->seen_checkpoints.front(), "3");  // resumed, not restarted
    EXPECT_EQ(job.records_read, 10);                     // 3 before the crash + 7 after
    EXPECT_EQ(stored(integration).size(), 10u);
    // The dead worker can no longer write: its lease is gone.
    EXPECT_FALSE(queue->commit_batch(claimed->job, "dead-node/0", first, 50).keep_going);
}

TEST_F(SyncEngine, CancelStopsARunningJobAtItsNextBatch) {
    platform->set(12, 1'700'000'000'000);
    platform->hold_after_first_batch = true;
    const auto integration = add_integration();
    const auto job_id = queue_job(integration);
    sync::Engine engine(fast(), *queue, *integrations, registry);
    engine.start();
    {
        std::unique_lock lock(platform->mutex);
        ASSERT_TRUE(platform->cv.wait_for(lock, 10s, [&] { return platform->batches_sent >= 1; }));
    }
    auto running = integrations->cancel_job(account_id, job_id);
    ASSERT_TRUE(running);
    EXPECT_EQ(running->status, domain::JobStatus::running);
    EXPECT_TRUE(running->cancel_requested);
    {
        std::lock_guard lock(platform->mutex);
        platform->hold_after_first_batch = false;
    }
    platform->cv.notify_all();
    auto job = wait_finished(job_id);
    engine.stop();
    EXPECT_EQ(job.status, domain::JobStatus::cancelled);
    EXPECT_LT(stored(integration).size(), 12u);
}

TEST_F(SyncEngine, TwoEnginesOnOneDatabaseRunEachJobOnce) {
    platform->set(5, 1'700'000'000'000);
    std::vector<std::string> jobs;
    for (int i = 0; i < 8; ++i)
        jobs.push_back(queue_job(add_integration()));
    auto queue2 = storage::make_sql_job_queue(*db);
    sync::Engine a(fast(), *queue, *integrations, registry);
    sync::Engine b(fast(), *queue2, *integrations, registry);
    a.start();
    b.start();
    for (const auto& j : jobs)
        EXPECT_EQ(wait_finished(j).status, domain::JobStatus::succeeded);
    a.stop();
    b.stop();
    std::lock_guard lock(platform->mutex);
    EXPECT_EQ(platform->calls.size(), 8u);
    for (const auto& [integration, n] : platform->calls)
        EXPECT_EQ(n, 1) << integration;
}

TEST_F(SyncEngine, OneActiveJobPerIntegrationAndType) {
    const auto integration = add_integration();
    queue_job(integration);
    domain::SyncJob again;
    again.id = "job_second";
    again.account_id = account_id;
    again.integration_id = integration;
    again.created_at = again.updated_at = now_ms();
    EXPECT_FALSE(integrations->insert_job(again));
}

TEST_F(SyncEngine, SchedulerQueuesDueIncrementalSyncsOnce) {
    const auto on = add_integration(true);
    add_integration(false);
    EXPECT_EQ(queue->enqueue_due(now_ms(), 60'000), 1);
    EXPECT_EQ(queue->enqueue_due(now_ms(), 60'000), 0);  // already queued
    auto jobs = integrations->list_jobs(account_id, on, domain::PageRequest{});
    ASSERT_EQ(jobs.items.size(), 1u);
    EXPECT_EQ(jobs.items[0].trigger, "schedule");
}

// PostgreSQL plans a freshly filled table without statistics until autovacuum reaches it, and
// then guessed a partial index for the key read (bench/README.md). A sync that wrote many
// records analyzes the table before it reports success; a small one leaves that to autovacuum.
TEST_F(SyncEngine, ALargeSyncRefreshesThePlannerStatisticsBeforeItSucceeds) {
    if (!tdb.is_postgres())
        GTEST_SKIP() << "SQLite plans without statistics (JobQueue::refresh_statistics)";
    auto last_analyze = [&] {
        return db->read([](sql::Session& s) {
            return s
                .exec(
                    "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables"
                    " WHERE relid = 'records'::regclass")
                .rows.at(0)
                .integer(0);
        });
    };
    auto options = fast();
    options.analyze_after_records = 1'200;
    sync::Engine engine(options, *queue, *integrations, registry);
    engine.start();

    platform->set(600, 1'700'000'000'000);
    const auto small = add_integration();
    EXPECT_EQ(wait_finished(queue_job(small), 60s).status, domain::JobStatus::succeeded);
    EXPECT_EQ(last_analyze(), 0) << "600 records are under the threshold";

    platform->set(1'500, 1'700'000'000'000);
    const auto large = add_integration();
    auto job = wait_finished(queue_job(large), 60s);
    engine.stop();
    EXPECT_EQ(job.status, domain::JobStatus::succeeded);
    EXPECT_EQ(job.records_written, 1'500);
    EXPECT_EQ(last_analyze(), 1);

    // The hub's key read (SqlRecordReader::get) is planned on the primary key.
    const auto plan = db->read([&](sql::Session& s) {
        std::string text;
        for (const auto& row :
             s.exec("EXPLAIN SELECT data FROM records r WHERE r.integration_id = $1 AND"
                    " r.type = $2 AND r.external_id = $3 AND r.account_id = $4 AND r.deleted = 0",
                    {large, std::string("COMMERCE_ORDER"), std::string("1700"), account_id})
                 .rows)
            text += row.text(0) + "\n";
        return text;
    });
    EXPECT_NE(plan.find("records_pkey"), std::string::npos) << plan;
}

TEST(Backoff, GrowsExponentiallyWithinTheCap) {
    using sync::backoff_delay;
    EXPECT_EQ(backoff_delay(1, 1000ms, 60000ms, 1.0), 1000ms);
    EXPECT_EQ(backoff_delay(3, 1000ms, 60000ms, 1.0), 4000ms);
    EXPECT_EQ(backoff_delay(20, 1000ms, 60000ms, 1.0), 60000ms);
    EXPECT_EQ(backoff_delay(3, 1000ms, 60000ms, 0.5), 2000ms);
    EXPECT_EQ(backoff_delay(3, 1000ms, 60000ms, 0.0), 0ms);
}

}  // namespace sb::test
