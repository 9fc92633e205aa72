#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <csignal>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "common/api_client.hpp"
#include "common/process.hpp"
#include "common/test_env.hpp"
#include "common/webhook_receiver.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "storage/sql.hpp"

// The real binaries under failure: `storebridge serve` killed with SIGKILL in the middle of an
// initial sync, and two `serve` processes sharing one PostgreSQL database. The store is
// `storebridge emulate shopify`, another child process.
namespace sb::test {

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* k_scopes =
    "organizations:read organizations:write integrations:read integrations:write webhooks:read "
    "webhooks:write providers:read providers:write";

std::vector<std::string> command(std::vector<std::string> args) {
    args.insert(args.begin(), storebridge_binary());
    return args;
}

// An emulated Shopify store on a free port; the first stdout line names the port and a token.
class StoreProcess {
  public:
    StoreProcess(const TempDir& dir, const std::vector<std::string>& flags)
        : child_(command(with_defaults(dir, flags))) {
        const auto deadline = Clock::now() + 60s;
        std::string out;
        while ((out = child_.stdout_text()).find('\n') == std::string::npos) {
            if (Clock::now() > deadline)
                throw std::runtime_error("the emulator did not start: " + child_.stderr_text());
            std::this_thread::sleep_for(20ms);
        }
        const auto line = boost::json::parse(out.substr(0, out.find('\n'))).as_object();
        port_ = static_cast<std::uint16_t>(line.at("port").as_int64());
        token_ = str(line.at("access_token"));
        shop_domain_ = str(line.at("shop_domain"));
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    const std::string& token() const { return token_; }
    const std::string& shop_domain() const { return shop_domain_; }
    // Record counts by the emulator's names ("orders", "products", ...).
    boost::json::object records() {
        child_.stderr_text();  // keeps the pipe from filling up
        return send(port_, {"GET", "/_emulator/stats", {}, {}}).json().at("records").as_object();
    }

  private:
    static std::vector<std::string> with_defaults(const TempDir& dir,
                                                  std::vector<std::string> flags) {
        std::vector<std::string> head = {"emulate",    "shopify",  "--listen", "127.0.0.1:0",
                                         "--data-dir", dir.path(), "--plan",   "enterprise"};
        flags.insert(flags.begin(), head.begin(), head.end());
        return flags;
    }

    ChildProcess child_;
    std::uint16_t port_ = 0;
    std::string token_;
    std::string shop_domain_;
};

// Where a hub keeps its state: a data dir and a database (SQLite in the dir, or a schema in the
// PostgreSQL server of STOREBRIDGE_TEST_POSTGRES_URL), and the master key all its servers share.
struct HubStorage {
    const TempDir& dir;
    const TestDatabase& db;
    std::string master_key;

    std::vector<std::string> flags() const {
        return {"--data-dir", dir.path(), "--database", db.url(), "--master-key", master_key};
    }
};

std::string new_master_key() {
    return crypto::base64_encode(crypto::random_bytes(32));
}

struct ClientCredentials {
    std::string id;
    std::string secret;
};

ClientCredentials create_client(const HubStorage& storage) {
    auto with = [&](std::vector<std::string> args) {
        auto f = storage.flags();
        args.insert(args.end(), f.begin(), f.end());
        return command(std::move(args));
    };
    auto account = run_process(with({"admin", "create-account", "acme"}));
    if (account.exit_code != 0)
        throw std::runtime_error("create-account: " + account.err);
    auto client =
        run_process(with({"admin", "create-client", "--account", "acme", "--scopes", k_scopes}));
    if (client.exit_code != 0)
        throw std::runtime_error("create-client: " + client.err);
    const auto c = boost::json::parse(client.out).as_object();
    return {str(c.at("client_id")), str(c.at("client_secret"))};
}

// `storebridge serve` on a free port; SIGKILLed by the destructor if still running.
class HubProcess {
  public:
    HubProcess(const HubStorage& storage, const std::string& store_url, int workers,
               const std::vector<std::string>& extra = {})
        : child_(command(flags(storage, store_url, workers, extra))) {
        auto line = child_.wait_for_line("\"listening\"", 60s);
        if (!line)
            throw std::runtime_error("the hub did not start: " + child_.stderr_text());
        port_ = static_cast<std::uint16_t>(boost::json::parse(*line).at("port").as_int64());
    }

    std::uint16_t port() const { return port_; }
    // The hub's log so far (also keeps the pipe from filling up).
    std::string log() { return child_.stderr_text(); }

    Api api(const ClientCredentials& client) {
        auto r = send(port_, {"POST",
                              "/oauth/token",
                              {{"Content-Type", "application/x-www-form-urlencoded"}},
                              "grant_type=client_credentials&client_id=" + client.id +
                                  "&client_secret=" + client.secret});
        if (r.status != 200)
            throw std::runtime_error("token: " + r.body);
        return Api(port_, str(r.json().at("access_token")));
    }

    void kill() {
        child_.signal(SIGKILL);
        child_.wait(10s);
    }
    int stop() {
        child_.signal(SIGTERM);
        return child_.wait(30s);
    }

  private:
    static std::vector<std::string> flags(const HubStorage& storage, const std::string& store_url,
                                          int workers, const std::vector<std::string>& extra) {
        std::vector<std::string> f = {"serve",
                                      "--listen",
                                      "127.0.0.1:0",
                                      "--access-log",
                                      "false",
                                      "--sync-workers",
                                      std::to_string(workers),
                                      "--connector-base-url",
                                      "shopify=" + store_url};
        auto s = storage.flags();
        f.insert(f.end(), s.begin(), s.end());
        f.insert(f.end(), extra.begin(), extra.end());
        return f;
    }

    ChildProcess child_;
    std::uint16_t port_ = 0;
};

struct Connected {
    std::string organization_id;
    std::string integration_id;

    std::string path() const {
        return "/v1/organizations/" + organization_id + "/integrations/" + integration_id;
    }
};

Connected create_organization(const Api& api) {
    return {str(api.create("/v1/organizations", R"({"name":"Acme"})").at("id")), {}};
}

// A Shopify integration with the store's token; the scheduler is left out (sync flags off).
Connected connect_store(const Api& api, const std::string& organization_id, StoreProcess& store,
                        const std::string& name) {
    auto i = api.create(
        "/v1/organizations/" + organization_id + "/integrations",
        R"({"name":")" + name + R"(","connector_id":"shopify","credentials":{"shop_domain":")" +
            store.shop_domain() + R"(","access_token":")" + store.token() + R"("}})");
    return {organization_id, str(i.at("id"))};
}

// POST .../sync/<segment>: the job's id.
std::string start_sync(const Api& api, const Connected& c, const std::string& segment) {
    auto r = api.post(c.path() + "/sync/" + segment);
    if (r.status != 202)
        throw std::runtime_error("sync/" + segment + " -> " + std::to_string(r.status) + ": " +
                                 r.body);
    return str(r.json().at("id"));
}

boost::json::object job(const Api& api, const Connected& c, const std::string& job_id) {
    auto r = api.get(c.path() + "/jobs/" + job_id);
    if (r.status != 200)
        throw std::runtime_error("GET job -> " + std::to_string(r.status) + ": " + r.body);
    return r.json().as_object();
}

bool finished(const boost::json::object& j) {
    return j.at("status") != "queued" && j.at("status") != "running";
}

// Polls the job until it has finished; the last representation.
boost::json::object wait_finished(HubProcess& hub, const Api& api, const Connected& c,
                                  const std::string& job_id, std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        auto j = job(api, c, job_id);
        if (finished(j) || Clock::now() > deadline)
            return j;
        hub.log();
        std::this_thread::sleep_for(50ms);
    }
}

std::int64_t written(const boost::json::object& j) {
    return j.at("progress").at("records_written").as_int64();
}

// What a record is, without the columns that say when or in which order it was written:
// (type, external id) -> a digest of parent, platform updated_at, deletion, data and raw.
using RecordDigests = std::map<std::pair<std::string, std::string>, std::string>;

RecordDigests record_digests(const std::string& database_url, const std::string& integration_id) {
    RecordDigests out;
    auto db = sql::open_database(database_url);
    std::string after_type, after_id;
    for (;;) {  // in pages: a big store's records need not fit in memory at once
        auto page = db->read([&](sql::Session& s) {
            return s.exec(
                "SELECT type, external_id, parent_external_id, updated_at, deleted, data, raw"
                " FROM records WHERE integration_id = $1 AND (type > $2 OR (type = $2 AND"
                " external_id > $3)) ORDER BY type, external_id LIMIT 2000",
                {integration_id, after_type, after_id});
        });
        if (page.rows.empty())
            return out;
        for (const auto& r : page.rows) {
            const std::string fields =
                r.text_or_null(2).value_or("<null>") + '\0' + std::to_string(r.integer(3)) + '\0' +
                std::to_string(r.integer(4)) + '\0' + r.text(5) + '\0' + r.text(6);
            const bool inserted =
                out.emplace(std::pair{r.text(0), r.text(1)}, crypto::sha256(fields)).second;
            EXPECT_TRUE(inserted) << "duplicate record " << r.text(0) << " " << r.text(1);
        }
        after_type = page.rows.back().text(0);
        after_id = page.rows.back().text(1);
    }
}

std::map<std::string, std::int64_t> counts_by_type(const RecordDigests& records) {
    std::map<std::string, std::int64_t> out;
    for (const auto& [key, digest] : records)
        ++out[key.first];
    return out;
}

// The sync_jobs row, as the database has it (the API does not show leases or checkpoints).
struct JobRow {
    std::string data_type;
    std::string status;
    std::optional<std::string> lease_owner;
    std::optional<std::int64_t> lease_expires_at;
    std::int64_t attempts = 0;
    std::int64_t records_read = 0;
    std::int64_t records_written = 0;
    std::string checkpoint;
};

JobRow job_row(const std::string& database_url, const std::string& job_id) {
    auto db = sql::open_database(database_url);
    return db->read([&](sql::Session& s) {
        const auto r =
            s.exec(
                 "SELECT data_type, status, lease_owner, lease_expires_at, attempts,"
                 " records_read, records_written, checkpoint FROM sync_jobs WHERE id = $1",
                 {job_id})
                .rows.at(0);
        return JobRow{
            r.text(0),    r.text(1),    r.text_or_null(2), r.integer_or_null(3),
            r.integer(4), r.integer(5), r.integer(6),      r.text_or_null(7).value_or("")};
    });
}

// "node_…/0" -> "node_…": the serve process a worker belongs to.
std::string node_of(const std::string& worker) {
    return worker.substr(0, worker.rfind('/'));
}

// One uninterrupted initial order sync of `store` into a fresh database: the reference.
RecordDigests reference_orders(StoreProcess& store) {
    TempDir dir;
    TestDatabase db(dir.path());
    HubStorage storage{dir, db, new_master_key()};
    const auto client = create_client(storage);
    HubProcess hub(storage, store.url(), 1);
    const auto api = hub.api(client);
    const auto c = connect_store(api, create_organization(api).organization_id, store, "Reference");
    const auto id = start_sync(api, c, "orders");
    const auto done = wait_finished(hub, api, c, id, 120s);
    EXPECT_EQ(done.at("status"), "succeeded") << boost::json::serialize(done);
    EXPECT_EQ(hub.stop(), 0) << hub.log();
    return record_digests(db.url(), c.integration_id);
}

}  // namespace

// The server dies (SIGKILL) in the middle of an initial bulk sync. Once the dead worker's lease
// has run out, the restarted server resumes the job from its checkpoint, and the stored records
// are exactly those of an uninterrupted sync: none missing, none twice, none different.
TEST(Resilience, KillNineMidSyncThenRestartStoresExactlyTheStore) {
    TempDir store_dir;
    // Big enough that the bulk JSONL takes seconds to read and store, in batches of 500.
    StoreProcess store(store_dir, {"--orders", "10000", "--seed", "7"});
    const std::int64_t orders = store.records().at("orders").as_int64();

    TempDir dir;
    TestDatabase db(dir.path());
    HubStorage storage{dir, db, new_master_key()};
    const auto client = create_client(storage);
    Connected c;
    std::string job_id;
    std::int64_t written_at_kill = 0;
    {
        HubProcess hub(storage, store.url(), 2);
        const auto api = hub.api(client);
        c = connect_store(api, create_organization(api).organization_id, store, "Main store");
        job_id = start_sync(api, c, "orders");
        // Some batches stored, far from all of them: then the plug is pulled.
        const auto deadline = Clock::now() + 120s;
        boost::json::object j;
        for (;;) {
            j = job(api, c, job_id);
            if (finished(j) || written(j) >= 1500 || Clock::now() > deadline)
                break;
            std::this_thread::sleep_for(10ms);
        }
        hub.kill();
        ASSERT_EQ(j.at("status"), "running") << boost::json::serialize(j) << hub.log();
        ASSERT_GT(written(j), 0) << boost::json::serialize(j);
    }
    {
        const auto row = job_row(db.url(), job_id);
        written_at_kill = row.records_written;
        EXPECT_EQ(row.status, "running");  // nobody said otherwise: the process just vanished
        EXPECT_EQ(row.attempts, 1);
        ASSERT_TRUE(row.lease_owner);
        ASSERT_FALSE(row.checkpoint.empty());
        EXPECT_GT(written_at_kill, 0);
        EXPECT_LT(written_at_kill, orders) << "the kill came after the sync had finished";
        RecordProperty("written_at_kill", std::to_string(written_at_kill));
    }

    HubProcess hub(storage, store.url(), 2);
    const auto api = hub.api(client);
    // The dead worker's lease (30 s, renewed by every batch) still holds: a live server must
    // not take the job over before it runs out, even though it could claim it.
    const auto dead_worker = *job_row(db.url(), job_id).lease_owner;
    std::this_thread::sleep_for(1500ms);  // three claim polls of the new server's workers
    {
        const auto row = job_row(db.url(), job_id);
        EXPECT_EQ(row.lease_owner, dead_worker);
        EXPECT_EQ(row.attempts, 1);
        EXPECT_EQ(row.records_written, written_at_kill);
    }
    // There is no setting for the lease length, so let its 30 s pass at once: the expiry moves
    // into the past, as waiting would have moved "now" past it.
    sql::open_database(db.url())->write([&](sql::Session& s) {
        s.exec("UPDATE sync_jobs SET lease_expires_at = $2 WHERE id = $1 AND lease_owner = $3",
               {job_id, now_ms() - 1, dead_worker});
    });
    const auto done = wait_finished(hub, api, c, job_id, 120s);
    ASSERT_EQ(done.at("status"), "succeeded") << boost::json::serialize(done) << hub.log();
    EXPECT_EQ(done.at("attempts").as_int64(), 2);  // the killed run and the resumed one
    EXPECT_EQ(hub.stop(), 0) << hub.log();
    {
        // Resumed from the checkpoint, not from the start: the roots still open in the
        // reassembly window at the last commit were re-read from the file but never delivered
        // before, and the batch in flight at the kill was never committed. So every order was
        // delivered exactly once over both attempts, and written once.
        const auto row = job_row(db.url(), job_id);
        EXPECT_EQ(row.records_read, orders) << "records delivered twice (or lost)";
        EXPECT_EQ(row.records_written, orders);
    }

    // The truth: the store's own counts, and an uninterrupted sync of the same store.
    const auto stored = record_digests(db.url(), c.integration_id);
    EXPECT_EQ(counts_by_type(stored),
              (std::map<std::string, std::int64_t>{{"COMMERCE_ORDER", orders}}));
    const auto reference = reference_orders(store);
    ASSERT_EQ(reference.size(), static_cast<std::size_t>(orders));
    std::size_t missing = 0, extra = 0, different = 0;
    for (const auto& [key, digest] : reference) {
        auto it = stored.find(key);
        missing += it == stored.end();
        different += it != stored.end() && it->second != digest;
    }
    for (const auto& [key, digest] : stored)
        extra += !reference.contains(key);
    EXPECT_EQ(missing, 0u);
    EXPECT_EQ(extra, 0u);
    EXPECT_EQ(different, 0u);
}

// Webhooks out through a SIGKILL: the hub dies while its events are in flight (the receiver
// has just gone down too, so deliveries are pending and leased). Restarted, it delivers every
// event at least once: the outbox is the database.
TEST(Resilience, KillNineWithEventsInFlightLosesNone) {
    TempDir store_dir;
    StoreProcess store(store_dir, {"--orders", "3000", "--seed", "11"});
    const std::int64_t orders = store.records().at("orders").as_int64();
    TempDir dir;
    TestDatabase db(dir.path());
    HubStorage storage{dir, db, new_master_key()};
    const auto client = create_client(storage);
    const std::vector<std::string> events_flags = {"--allow-private-targets", "true",
                                                   "--event-retry-scale", "0.001"};
    WebhookReceiver rx;
    Connected c;
    std::string job_id;
    std::string endpoint_id;
    {
        HubProcess hub(storage, store.url(), 2, events_flags);
        const auto api = hub.api(client);
        endpoint_id = str(api.create("/v1/webhook-endpoints",
                                     R"({"url":")" + rx.url() + R"(","event_types":["record.*"]})")
                              .at("id"));
        c = connect_store(api, create_organization(api).organization_id, store, "Main store");
        job_id = start_sync(api, c, "orders");
        const auto deadline = Clock::now() + 120s;
        while (rx.count() < 100 && Clock::now() < deadline) {
            hub.log();
            std::this_thread::sleep_for(5ms);
        }
        rx.set_failing(true);
        hub.kill();
    }
    const auto count_deliveries = [&](const std::string& where) {
        return sql::open_database(db.url())->read([&](sql::Session& s) {
            return s.exec("SELECT COUNT(*) FROM event_deliveries WHERE " + where, {})
                .rows.at(0)
                .integer(0);
        });
    };
    const auto undelivered = count_deliveries("status = 'pending'");
    RecordProperty("undelivered_at_kill", std::to_string(undelivered));
    ASSERT_GT(undelivered, 0) << "the kill came after every event was delivered";
    rx.set_failing(false);

    // The dead server's leases (jobs 30 s, deliveries 60 s) run out at once, as in the test
    // above.
    sql::open_database(db.url())->write([&](sql::Session& s) {
        s.exec("UPDATE sync_jobs SET lease_expires_at = $1 WHERE lease_owner IS NOT NULL",
               {now_ms() - 1});
        s.exec("UPDATE event_deliveries SET lease_expires_at = $1 WHERE lease_owner IS NOT NULL",
               {now_ms() - 1});
    });
    HubProcess hub(storage, store.url(), 2, events_flags);
    const auto api = hub.api(client);
    const auto done = wait_finished(hub, api, c, job_id, 120s);
    ASSERT_EQ(done.at("status"), "succeeded") << boost::json::serialize(done) << hub.log();
    const auto deadline = Clock::now() + 120s;
    while (count_deliveries("status <> 'delivered'") > 0 && Clock::now() < deadline) {
        hub.log();
        std::this_thread::sleep_for(50ms);
    }
    EXPECT_EQ(count_deliveries("status <> 'delivered'"), 0);
    // Every order's record.created reached the receiver (some twice: at least once).
    std::set<std::string> created;
    std::size_t answered = 0;
    for (const auto& req : rx.requests()) {
        auto body = boost::json::parse(req.body);
        ++answered;
        if (body.at("type") == "record.created")
            created.insert(str(body.at("data").at("id")));
    }
    EXPECT_EQ(static_cast<std::int64_t>(created.size()), orders);
    RecordProperty("requests", std::to_string(answered));
    EXPECT_EQ(hub.stop(), 0) << hub.log();
}

// Webhooks in under a burst, with group commit: the hub is killed while deliveries arrive from
// eight connections at once. Every delivery it acknowledged (200) is in its inbox after the
// kill, applied (an order's delivery is applied in the transaction that stores it), and its
// order is stored: an answer is sent only once the delivery's group is committed.
TEST(Resilience, KillNineDuringAWebhookBurstLosesNoAcknowledgedDelivery) {
    TempDir store_dir;
    StoreProcess store(store_dir, {"--orders", "20"});
    TempDir dir;
    TestDatabase db(dir.path());
    HubStorage storage{dir, db, new_master_key()};
    const auto client = create_client(storage);
    std::string body;
    {
        std::ifstream in(shared_dir() + "/fixtures/shopify/rest/order.json");
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        body = boost::json::serialize(boost::json::parse(text).at("order"));
    }
    const auto hmac = crypto::base64_encode(crypto::hmac_sha256("burst-secret", body));
    std::mutex mutex;
    std::set<std::string> acknowledged;
    std::atomic<bool> stop{false};
    std::atomic<int> acks{0};
    {
        // No sync workers: only the deliveries write.
        HubProcess hub(storage, store.url(), 0);
        const auto api = hub.api(client);
        ASSERT_EQ(api.put("/api/v6/providers/shopify/credentials",
                          R"({"credentials":{"client_id":"burst","client_secret":"burst-secret"}})")
                      .status,
                  200);
        connect_store(api, create_organization(api).organization_id, store, "Burst");
        std::vector<std::thread> senders;
        for (int t = 0; t < 8; ++t) {
            senders.emplace_back([&, t] {
                for (int i = 0; !stop; ++i) {
                    const auto id = "burst-" + std::to_string(t) + "-" + std::to_string(i);
                    try {
                        auto r = send(hub.port(), {"POST",
                                                   "/webhooks/shopify",
                                                   {{"Content-Type", "application/json"},
                                                    {"X-Shopify-Topic", "orders/updated"},
                                                    {"X-Shopify-Shop-Domain", store.shop_domain()},
                                                    {"X-Shopify-Webhook-Id", id},
                                                    {"X-Shopify-Hmac-Sha256", hmac}},
                                                   body});
                        if (r.status == 200) {
                            std::lock_guard lock(mutex);
                            acknowledged.insert(id);
                            ++acks;
                        }
                    } catch (const std::exception&) {
                        return;  // the hub is gone
                    }
                }
            });
        }
        const auto deadline = Clock::now() + 60s;
        while (acks < 400 && Clock::now() < deadline) {
            hub.log();
            std::this_thread::sleep_for(2ms);
        }
        hub.kill();
        stop = true;
        for (auto& t : senders)
            t.join();
    }
    ASSERT_GE(acknowledged.size(), 400u);
    std::map<std::string, std::string> stored;  // delivery id → status
    std::int64_t orders = 0;
    sql::open_database(db.url())->read([&](sql::Session& s) {
        for (const auto& r : s.exec("SELECT delivery_id, status FROM webhook_events", {}).rows)
            stored[r.text(0)] = r.text(1);
        orders = s.exec("SELECT COUNT(*) FROM records WHERE type = 'COMMERCE_ORDER'", {})
                     .rows.at(0)
                     .integer(0);
    });
    std::size_t lost = 0;
    std::size_t unapplied = 0;
    for (const auto& id : acknowledged) {
        auto it = stored.find(id);
        lost += it == stored.end();
        unapplied += it != stored.end() && it->second != "applied";
    }
    EXPECT_EQ(lost, 0u);
    EXPECT_EQ(unapplied, 0u);
    EXPECT_EQ(orders, 1) << "the one order all the deliveries carry";
    RecordProperty("acknowledged", std::to_string(acknowledged.size()));
    RecordProperty("stored", std::to_string(stored.size()));
}

// Two servers with sync workers on one PostgreSQL database and a queue of jobs: every job runs
// exactly once, every record is stored once, and both servers take jobs.
TEST(Resilience, TwoServersOnOnePostgresRunEveryJobExactlyOnce) {
    if (!postgres_selected())
        GTEST_SKIP() << "needs STOREBRIDGE_TEST_POSTGRES_URL (scripts/with-postgres)";
    TempDir store_dir;
    // Latency makes each job take a while (every Admin API call waits), so one server cannot
    // drain the queue before the other's workers poll it; several bulk runs may go at once.
    StoreProcess store(store_dir, {"--orders", "3000", "--seed", "11", "--latency-ms", "150..250",
                                   "--bulk-concurrency", "16"});
    const auto counts = store.records();
    const std::map<std::string, std::int64_t> expected = {
        {"COMMERCE_ORDER", counts.at("orders").as_int64()},
        {"COMMERCE_PRODUCT", counts.at("products").as_int64()}};

    TempDir dir_a, dir_b;
    TestDatabase db(dir_a.path());
    const auto key = new_master_key();
    HubStorage storage_a{dir_a, db, key}, storage_b{dir_b, db, key};
    const auto client = create_client(storage_a);
    HubProcess a(storage_a, store.url(), 2);
    HubProcess b(storage_b, store.url(), 2);
    const auto api_a = a.api(client);
    const auto api_b = b.api(client);

    // Four integrations, an order and a product sync each, asked of either server. They share
    // the one emulated store: --connector-base-url sends every Shopify call of a hub there.
    const auto org = create_organization(api_a).organization_id;
    std::vector<std::pair<Connected, std::string>> jobs;
    for (int n = 0; n < 4; ++n) {
        const auto& api = n % 2 ? api_b : api_a;
        const auto c = connect_store(api, org, store, "Store " + std::to_string(n));
        jobs.emplace_back(c, start_sync(api, c, "orders"));
        jobs.emplace_back(c, start_sync(api, c, "products"));
    }

    // Watches the leases while the queue drains: which servers' workers held jobs.
    std::set<std::string> nodes;
    auto pg = sql::open_database(db.url());
    const auto deadline = Clock::now() + 120s;
    for (;;) {
        auto rows = pg->read([](sql::Session& s) {
            return s.exec("SELECT status, lease_owner FROM sync_jobs").rows;
        });
        bool done = rows.size() == jobs.size();
        for (const auto& r : rows) {
            if (auto owner = r.text_or_null(1))
                nodes.insert(node_of(*owner));
            done = done && r.text(0) != "queued" && r.text(0) != "running";
        }
        if (done || Clock::now() > deadline)
            break;
        a.log();
        b.log();
        std::this_thread::sleep_for(10ms);
    }
    EXPECT_EQ(a.stop(), 0) << a.log();
    EXPECT_EQ(b.stop(), 0) << b.log();

    for (const auto& [c, id] : jobs) {
        const auto row = job_row(db.url(), id);
        EXPECT_EQ(row.status, "succeeded") << id;
        EXPECT_EQ(row.attempts, 1) << id << ": claimed more than once";
        // A second run would have read everything again.
        EXPECT_EQ(row.records_read, expected.at(row.data_type)) << id;
        EXPECT_EQ(row.records_written, expected.at(row.data_type)) << id;
    }
    std::set<std::string> integrations;
    for (const auto& [c, id] : jobs)
        integrations.insert(c.integration_id);
    for (const auto& integration : integrations)
        EXPECT_EQ(counts_by_type(record_digests(db.url(), integration)), expected) << integration;
    EXPECT_EQ(nodes.size(), 2u) << "servers whose workers held a job";
}

}  // namespace sb::test
