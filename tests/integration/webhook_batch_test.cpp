// The webhook applier in batches, on the real inbox, database and Shopify connector: signed
// deliveries are stored as the webhook endpoint stores them (WebhookInbox::insert), then
// applied by one or two appliers. Batches are written in one transaction each, the newest
// updated_at of a record wins within a batch whatever the order, a delivery that cannot be
// decoded fails alone, and appliers sharing the database never claim a delivery twice.
// Deliveries applied as they are stored (WebhookInbox::insert_applied, the endpoint's path for
// a change its body describes) keep the same rules, and fall back to the applier when their
// integration is gone or their records cannot be written. A batch's records, written many to a
// statement, end as they would one by one.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <thread>

#include "common/test_env.hpp"
#include "connectors/connector.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "domain/auth_service.hpp"
#include "storage/integration_store.hpp"
#include "storage/merchant_store.hpp"
#include "storage/migrations.hpp"
#include "storage/record_writer.hpp"
#include "storage/sql_account_store.hpp"
#include "storage/webhook_endpoint_store.hpp"
#include "storage/webhook_inbox.hpp"
#include "sync/webhook_applier.hpp"

namespace sb::test {

namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr std::int64_t k_base_time = 1'900'000'000'000;  // 2030-03-17, later than the fixture

class WebhookBatch : public ::testing::Test {
  protected:
    TempDir dir;
    TestDatabase tdb{dir.path()};
    std::unique_ptr<sql::Database> db = sql::open_database(tdb.url());
    crypto::Keyring keys{{crypto::random_bytes(32)}};
    std::unique_ptr<storage::AccountStore> accounts;
    std::unique_ptr<storage::MerchantStore> merchants;
    std::unique_ptr<storage::IntegrationStore> integrations;
    std::unique_ptr<storage::WebhookInbox> inbox;
    std::unique_ptr<connectors::Registry> registry = connectors::make_registry();
    std::string account_id;
    std::string integration_id;
    json::object order;  // the shared fixture's REST order, as Shopify's webhooks carry it

    void SetUp() override {
        storage::migrate(*db);
        accounts = storage::make_sql_account_store(*db);
        merchants = storage::make_sql_merchant_store(*db);
        integrations = storage::make_sql_integration_store(*db, keys);
        inbox = storage::make_sql_webhook_inbox(*db);
        domain::AuthService auth(*accounts, {3600, 1000});
        account_id = auth.create_account("acme").id;
        domain::Integration i;
        i.id = new_id("int");
        i.account_id = account_id;
        i.merchant_id = merchants->account_default(account_id).id;
        i.connector_id = "shopify";
        i.name = "Acme";
        i.status = domain::IntegrationStatus::connected;
        i.credentials.emplace("shop_domain", std::string("acme.myshopify.com"));
        i.credentials.emplace("access_token", std::string("shpat_test"));
        i.store = "acme.myshopify.com";
        i.created_at = i.updated_at = now_ms();
        integrations->insert(i);
        integration_id = i.id;
        std::ifstream in(shared_dir() + "/fixtures/shopify/rest/order.json");
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        order = json::parse(text).at("order").as_object();
    }

    // Stores an orders/updated delivery of order `id` at `updated_at` with `note`, as the
    // endpoint would. `occurred_at` (the claim order) is the payload's updated_at unless given.
    void deliver(const std::string& delivery_id, std::int64_t id, std::int64_t updated_at,
                 const std::string& note, std::optional<std::int64_t> occurred_at = {},
                 storage::WebhookInbox* to = nullptr) {
        store(delivery_id, order_body(id, updated_at, note), occurred_at.value_or(updated_at), to);
    }

    // The same delivery, applied as it is stored: its records decoded by the Shopify connector
    // as the endpoint decodes them.
    storage::Intake deliver_applied(const std::string& delivery_id, std::int64_t id,
                                    std::int64_t updated_at, const std::string& note) {
        const auto d = delivery(delivery_id, order_body(id, updated_at, note), updated_at);
        const auto records =
            registry->find("shopify")->webhooks()->decode_webhook(d.topic, d.body).records;
        return inbox->insert_applied(d, records);
    }

    std::string order_body(std::int64_t id, std::int64_t updated_at, const std::string& note) {
        auto o = order;
        o["id"] = id;
        o["updated_at"] = format_time(updated_at);
        o["note"] = note;
        return json::serialize(o);
    }

    storage::WebhookDelivery delivery(const std::string& delivery_id, std::string body,
                                      std::int64_t occurred_at) {
        storage::WebhookDelivery d;
        d.id = new_time_ordered_id("whk");
        d.account_id = account_id;
        d.integration_id = integration_id;
        d.connector_id = "shopify";
        d.delivery_id = delivery_id;
        d.topic = "orders/updated";
        d.occurred_at = occurred_at;
        d.body = std::move(body);
        d.received_at = now_ms();
        return d;
    }

    void store(const std::string& delivery_id, std::string body, std::int64_t occurred_at,
               storage::WebhookInbox* to = nullptr, const std::string& status = "pending") {
        auto d = delivery(delivery_id, std::move(body), occurred_at);
        d.status = status;
        if (status == "rejected")
            d.last_error = "not the topic's payload";
        ASSERT_TRUE((to ? to : inbox.get())->insert(d));
    }

    std::int64_t unfinished() {
        return db->read([](sql::Session& s) {
            return s
                .exec("SELECT COUNT(*) FROM webhook_events WHERE status IN ('pending', 'applying')")
                .rows.at(0)
                .integer(0);
        });
    }

    static sync::WebhookApplierOptions options(const std::string& node) {
        sync::WebhookApplierOptions o;
        o.node_id = node;
        o.poll = 20ms;
        o.max_attempts = 1;  // a delivery that cannot be applied is marked failed at once
        return o;
    }

    // Runs appliers until `done` (by default: nothing is pending or applying).
    void drain(std::vector<sync::WebhookApplier*> appliers,
               const std::function<bool()>& done = {}) {
        const auto finished = [&] { return done ? done() : unfinished() == 0; };
        for (auto* a : appliers)
            a->start();
        const auto deadline = Clock::now() + 120s;
        while (!finished() && Clock::now() < deadline)
            std::this_thread::sleep_for(10ms);
        for (auto* a : appliers)
            a->stop();
        ASSERT_TRUE(finished());
    }

    json::value note(std::int64_t id) {
        const auto data = db->read([&](sql::Session& s) -> std::string {
            auto r = s.exec(
                "SELECT data FROM records WHERE integration_id = $1 AND type = 'COMMERCE_ORDER'"
                " AND external_id = $2",
                {integration_id, std::to_string(id)});
            return r.rows.empty() ? std::string() : r.rows[0].text(0);
        });
        if (data.empty())
            return "(no record)";
        const json::value record = json::parse(data);
        const auto* n = record.as_object().if_contains("note");
        return n ? *n : json::value(nullptr);
    }

    std::optional<std::string> last_error(const std::string& delivery_id) {
        return db->read([&](sql::Session& s) {
            return s
                .exec("SELECT last_error FROM webhook_events WHERE delivery_id = $1", {delivery_id})
                .rows.at(0)
                .text_or_null(0);
        });
    }

    std::map<std::string, std::string> statuses() {
        return db->read([](sql::Session& s) {
            std::map<std::string, std::string> out;
            for (const auto& r : s.exec("SELECT delivery_id, status FROM webhook_events").rows)
                out[r.text(0)] = r.text(1);
            return out;
        });
    }
};

}  // namespace

// Two versions of one order in one batch, the newer claimed first (its occurred_at is earlier,
// as when a light delivery's object is read later): the older one, written after it, does not
// overwrite it. Another order's two versions arrive in order: the newer one is written last.
TEST_F(WebhookBatch, TwoDeliveriesOfOneOrderInOneBatchEndWithTheNewest) {
    deliver("a-new", 1001, k_base_time + 60'000, "newer", k_base_time);
    deliver("a-old", 1001, k_base_time, "older", k_base_time + 60'000);
    deliver("b-old", 1002, k_base_time, "older");
    deliver("b-new", 1002, k_base_time + 60'000, "newer");
    sync::WebhookApplier applier(options("node-a"), *inbox, *integrations, *registry);
    drain({&applier});

    const auto stats = applier.stats();
    EXPECT_EQ(stats.claimed, 4);
    EXPECT_EQ(stats.applied, 4);
    EXPECT_EQ(stats.transactions, 1);  // all four in one
    EXPECT_EQ(note(1001), json::value("newer"));
    EXPECT_EQ(note(1002), json::value("newer"));
    for (const auto& [id, status] : statuses())
        EXPECT_EQ(status, "applied") << id;
}

// A delivery whose body does not decode, in the middle of a batch: it is marked failed with its
// error, alone; the others are applied in one transaction. A rejected delivery is never
// claimed.
TEST_F(WebhookBatch, ADeliveryThatCannotBeDecodedFailsAloneAndTheOthersAreApplied) {
    deliver("good-1", 2001, k_base_time, "one");
    deliver("good-2", 2002, k_base_time + 1'000, "two");
    store("bad", "this is not JSON", k_base_time + 2'000);
    store("rejected", R"({"id":"abc"})", k_base_time + 2'500, nullptr, "rejected");
    deliver("good-3", 2003, k_base_time + 3'000, "three");
    deliver("good-4", 2004, k_base_time + 4'000, "four");
    sync::WebhookApplier applier(options("node-a"), *inbox, *integrations, *registry);
    drain({&applier});

    const auto stats = applier.stats();
    EXPECT_EQ(stats.claimed, 5);
    EXPECT_EQ(stats.applied, 4);
    EXPECT_EQ(stats.failed, 1);
    EXPECT_EQ(stats.transactions, 1);
    const auto s = statuses();
    EXPECT_EQ(s.at("bad"), "failed");
    EXPECT_EQ(s.at("rejected"), "rejected");
    for (const auto* id : {"good-1", "good-2", "good-3", "good-4"})
        EXPECT_EQ(s.at(id), "applied") << id;
    EXPECT_EQ(note(2001), json::value("one"));
    EXPECT_EQ(note(2004), json::value("four"));
    const auto error = last_error("bad");
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("invalid_json"), std::string::npos) << *error;
}

// A burst stored by eight threads at once (1,200 deliveries, four versions each of 300 orders,
// the versions of an order stored by different threads): applied in a handful of transactions,
// every order at its newest.
TEST_F(WebhookBatch, ABurstIsAppliedInFarFewerTransactionsThanDeliveries) {
    constexpr int k_orders = 300;
    constexpr int k_versions = 4;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int k = t; k < k_orders * k_versions; k += 8) {
                const int version = k / k_orders;
                const int id = k % k_orders;
                deliver("burst-" + std::to_string(k), 3000 + id,
                        k_base_time + version * 60'000 + id, "v" + std::to_string(version));
            }
        });
    }
    for (auto& t : threads)
        t.join();
    ASSERT_EQ(unfinished(), k_orders * k_versions);
    sync::WebhookApplier applier(options("node-a"), *inbox, *integrations, *registry);
    drain({&applier});

    const auto stats = applier.stats();
    EXPECT_EQ(stats.applied, k_orders * k_versions);
    EXPECT_EQ(stats.failed, 0);
    // 200 a batch: 6 transactions; far fewer than one a delivery in any case.
    EXPECT_LE(stats.transactions, 12);
    RecordProperty("transactions", std::to_string(stats.transactions));
    int newest = 0;
    for (int id = 0; id < k_orders; ++id)
        newest += note(3000 + id) == json::value("v" + std::to_string(k_versions - 1));
    EXPECT_EQ(newest, k_orders);
}

// Two appliers, as on two servers sharing the database (each with its own connections and
// inbox), take a backlog in small batches at the same time: each delivery is claimed once
// (attempts 1) and applied once, and the counts of the two add up to the backlog.
TEST_F(WebhookBatch, TwoAppliersOnOneDatabaseClaimEachDeliveryOnce) {
    constexpr int k_deliveries = 1'000;
    for (int k = 0; k < k_deliveries; ++k)
        deliver("two-" + std::to_string(k), 4000 + k % 250, k_base_time + k,
                "v" + std::to_string(k));
    auto other_db = sql::open_database(tdb.url());
    auto other_inbox = storage::make_sql_webhook_inbox(*other_db);
    auto other_integrations = storage::make_sql_integration_store(*other_db, keys);
    auto a_options = options("node-a");
    auto b_options = options("node-b");
    a_options.batch = b_options.batch = 25;
    sync::WebhookApplier a(a_options, *inbox, *integrations, *registry);
    sync::WebhookApplier b(b_options, *other_inbox, *other_integrations, *registry);
    drain({&a, &b});

    const auto sa = a.stats();
    const auto sb = b.stats();
    EXPECT_EQ(sa.claimed + sb.claimed, k_deliveries);
    EXPECT_EQ(sa.applied + sb.applied, k_deliveries);
    RecordProperty("applied_by_a", std::to_string(sa.applied));
    RecordProperty("applied_by_b", std::to_string(sb.applied));
    const auto rows = db->read([](sql::Session& s) {
        return s
            .exec("SELECT status, attempts, COUNT(*) FROM webhook_events GROUP BY status, attempts")
            .rows;
    });
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].text(0), "applied");
    EXPECT_EQ(rows[0].integer(1), 1);
    EXPECT_EQ(rows[0].integer(2), k_deliveries);
    for (int id = 0; id < 250; ++id)
        EXPECT_EQ(note(4000 + id), json::value("v" + std::to_string(750 + id)));
}

// An applier killed mid-batch leaves its deliveries leased ('applying') with nothing of the
// batch written (one transaction). Another applier leaves them alone while the lease lasts and
// applies them once it has run out.
TEST_F(WebhookBatch, ADeadAppliersBatchIsClaimedAgainOnlyAfterItsLease) {
    for (int k = 0; k < 10; ++k)
        deliver("held-" + std::to_string(k), 5000 + k, k_base_time + k, "held");
    ASSERT_EQ(inbox->claim("dead-node/webhooks", 60'000, 200).size(), 10u);
    deliver("control", 5100, k_base_time + 100, "control");
    sync::WebhookApplier applier(options("node-a"), *inbox, *integrations, *registry);
    // The control is applied; the held ones are still 'applying', under the dead node's lease.
    drain({&applier}, [&] { return statuses().at("control") == "applied"; });
    EXPECT_EQ(note(5100), json::value("control"));
    EXPECT_EQ(applier.stats().claimed, 1);
    EXPECT_EQ(note(5000), json::value("(no record)"));

    // The dead node's lease runs out (set in the past here, rather than waited for).
    db->write([](sql::Session& s) {
        s.exec("UPDATE webhook_events SET lease_expires_at = $1 WHERE status = 'applying'",
               {now_ms() - 1});
    });
    ASSERT_EQ(db->read([](sql::Session& s) {
        return s.exec("SELECT COUNT(*) FROM webhook_events WHERE status = 'applying'")
            .rows.at(0)
            .integer(0);
    }),
              10);
    sync::WebhookApplier again(options("node-b"), *inbox, *integrations, *registry);
    drain({&again});
    EXPECT_EQ(again.stats().claimed, 10);
    EXPECT_EQ(again.stats().transactions, 1);
    for (int k = 0; k < 10; ++k)
        EXPECT_EQ(note(5000 + k), json::value("held")) << k;
}

}  // namespace sb::test

namespace sb::test {

// A burst applied as it is stored, by eight threads at once (four versions each of 300 orders,
// the versions of an order stored by different threads, in any order): every order ends at its
// newest version, every delivery is applied once (attempts 1) with its body dropped (the record
// holds it), and nothing is left for the applier. A redelivery changes nothing.
TEST_F(WebhookBatch, DeliveriesAppliedAsTheyAreStoredEndWithTheNewestVersion) {
    constexpr int k_orders = 300;
    constexpr int k_versions = 4;
    std::vector<std::thread> threads;
    std::atomic<int> applied{0};
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            // Each thread runs through the versions newest first, so older versions often
            // commit after newer ones.
            for (int k = k_orders * k_versions - 1 - t; k >= 0; k -= 8) {
                const int version = k / k_orders;
                const int id = k % k_orders;
                applied +=
                    deliver_applied("inline-" + std::to_string(k), 6000 + id,
                                    k_base_time + version * 60'000 + id,
                                    "v" + std::to_string(version)) == storage::Intake::applied;
            }
        });
    }
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(applied, k_orders * k_versions);
    EXPECT_EQ(unfinished(), 0);
    int newest = 0;
    for (int id = 0; id < k_orders; ++id)
        newest += note(6000 + id) == json::value("v" + std::to_string(k_versions - 1));
    EXPECT_EQ(newest, k_orders);
    const auto rows = db->read([](sql::Session& s) {
        return s
            .exec(
                "SELECT status, attempts, length(body), applied_at IS NOT NULL, COUNT(*)"
                " FROM webhook_events GROUP BY status, attempts, length(body),"
                " applied_at IS NOT NULL")
            .rows;
    });
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].text(0), "applied");
    EXPECT_EQ(rows[0].integer(1), 1);
    EXPECT_EQ(rows[0].integer(2), 0);
    EXPECT_EQ(rows[0].integer(3), 1);
    EXPECT_EQ(rows[0].integer(4), k_orders * k_versions);

    // The same delivery id again, now with an even newer version: a duplicate, not applied.
    EXPECT_EQ(deliver_applied("inline-0", 6000, k_base_time + 3'600'000, "redelivered"),
              storage::Intake::duplicate);
    EXPECT_EQ(note(6000), json::value("v3"));
}

// The integration was revoked after the endpoint read it: its delivery is stored pending, not
// applied, and the applier then ignores it.
TEST_F(WebhookBatch, ARevokedIntegrationsDeliveryIsLeftToTheApplier) {
    ASSERT_TRUE(integrations->set_status(integration_id, domain::IntegrationStatus::revoked));
    EXPECT_EQ(deliver_applied("late", 7001, k_base_time, "late"), storage::Intake::stored);
    EXPECT_EQ(note(7001), json::value("(no record)"));
    EXPECT_EQ(statuses().at("late"), "pending");
    sync::WebhookApplier applier(options("node-a"), *inbox, *integrations, *registry);
    drain({&applier});
    EXPECT_EQ(statuses().at("late"), "ignored");
    EXPECT_EQ(note(7001), json::value("(no record)"));
}

// A record the database refuses (a trigger standing in for any failure of the records'
// write): its delivery is still stored, pending, and the others go on being applied as they
// arrive; the applier then fails it alone, with the database's error.
TEST_F(WebhookBatch, ARecordThatCannotBeWrittenLeavesItsDeliveryPending) {
    db->write([&](sql::Session& s) {
        if (db->engine() == "postgres") {
            s.exec(
                "CREATE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN IF NEW.external_id"
                " = '7777' THEN RAISE EXCEPTION 'poisoned record'; END IF; RETURN NEW; END $$"
                " LANGUAGE plpgsql");
            s.exec(
                "CREATE TRIGGER refuse_poison BEFORE INSERT ON records FOR EACH ROW EXECUTE"
                " FUNCTION refuse_poison()");
        } else {
            s.exec(
                "CREATE TRIGGER refuse_poison BEFORE INSERT ON records WHEN NEW.external_id ="
                " '7777' BEGIN SELECT RAISE(ABORT, 'poisoned record'); END");
        }
    });
    EXPECT_EQ(deliver_applied("poison", 7777, k_base_time, "poison"), storage::Intake::stored);
    EXPECT_EQ(deliver_applied("fine", 7778, k_base_time, "fine"), storage::Intake::applied);
    EXPECT_EQ(note(7778), json::value("fine"));
    EXPECT_EQ(statuses().at("poison"), "pending");
    sync::WebhookApplier applier(options("node-a"), *inbox, *integrations, *registry);
    drain({&applier});
    EXPECT_EQ(statuses().at("poison"), "failed");
    const auto error = last_error("poison");
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("poisoned record"), std::string::npos) << *error;
}

// A batch's records with the same record more than once end as if each had been upserted
// alone, in the order given, whether storage::upsert_records writes them many to a statement
// (no webhook endpoint wants the events) or one by one (an endpoint does): the same rows,
// sequence numbers (from the call's first) and count written.
TEST_F(WebhookBatch, RecordsWrittenManyToAStatementEndAsOneByOne) {
    const auto record = [](const std::string& id, std::int64_t updated_at,
                           const std::string& note) {
        domain::Record r;
        r.type = domain::DataType::order;
        r.external_id = id;
        r.updated_at = updated_at;
        r.data = R"({"id":")" + id + R"(","note":")" + note + R"("})";
        r.raw = r.data;
        return r;
    };
    std::vector<domain::Record> records;  // 120 orders, then some of them again:
    for (int i = 0; i < 120; ++i)
        records.push_back(record("o" + std::to_string(i), 1000, "first"));
    records.push_back(record("o5", 2000, "newer"));    // 120: written
    records.push_back(record("o6", 500, "older"));     // 121: not written
    records.push_back(record("o7", 1000, "tie"));      // 122: written (same time, new body)
    records.push_back(record("o8", 1000, "first"));    // 123: not written (identical)
    records.push_back(record("o5", 1500, "between"));  // 124: not written (older than 2000)
    records.push_back(record("o9", 3000, "a"));        // 125: written
    records.push_back(record("o9", 4000, "b"));        // 126: written
    using Stored = std::map<std::string, std::tuple<std::int64_t, std::string, std::int64_t>>;
    // Upserts `records` into an empty records table: the count written and the rows, each
    // external id -> (updated_at, data, seq counted from the call's first).
    const auto upsert_afresh = [&] {
        return db->write([&](sql::Session& s) {
            s.exec("DELETE FROM records WHERE integration_id = $1", {integration_id});
            const auto first_seq = storage::reserve_sequence(s, account_id, 1) + 1;
            const auto written = storage::upsert_records(s, account_id, integration_id, records);
            Stored rows;
            for (const auto& row : s.exec("SELECT external_id, updated_at, data, seq FROM records"
                                          " WHERE integration_id = $1",
                                          {integration_id})
                                       .rows)
                rows[row.text(0)] = {row.integer(1), row.text(2), row.integer(3) - first_seq};
            return std::make_pair(written, rows);
        });
    };

    const auto [written, rows] = upsert_afresh();  // many to a statement
    EXPECT_EQ(written, 120 + 4);
    ASSERT_EQ(rows.size(), 120u);
    EXPECT_EQ(rows.at("o0"), std::make_tuple(std::int64_t{1000}, records[0].data, std::int64_t{0}));
    EXPECT_EQ(rows.at("o5"),
              std::make_tuple(std::int64_t{2000}, records[120].data, std::int64_t{120}));
    EXPECT_EQ(rows.at("o6"), std::make_tuple(std::int64_t{1000}, records[6].data, std::int64_t{6}));
    EXPECT_EQ(rows.at("o7"),
              std::make_tuple(std::int64_t{1000}, records[122].data, std::int64_t{122}));
    EXPECT_EQ(rows.at("o8"), std::make_tuple(std::int64_t{1000}, records[8].data, std::int64_t{8}));
    EXPECT_EQ(rows.at("o9"),
              std::make_tuple(std::int64_t{4000}, records[126].data, std::int64_t{126}));
    EXPECT_EQ(std::get<2>(rows.at("o119")), 119);

    domain::WebhookEndpoint e;  // an endpoint that wants every event: one by one
    e.id = new_id("whe");
    e.account_id = account_id;
    e.url = "https://hooks.example.com/storebridge";
    e.event_types = {"*"};
    e.created_at = e.updated_at = now_ms();
    storage::make_sql_webhook_endpoint_store(*db, keys)->insert(e, "whsec_test");
    const auto [written_alone, rows_alone] = upsert_afresh();
    EXPECT_EQ(written_alone, written);
    EXPECT_EQ(rows_alone, rows);
}

}  // namespace sb::test
