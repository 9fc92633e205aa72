// storage::upsert_records on the real database (SQLite, or PostgreSQL under
// scripts/with-postgres): a call with many records and the same record more than once ends
// exactly as if each record had been upserted alone, in the order given, whether the call
// writes them many to a statement (no webhook endpoint wants the events) or one by one (an
// endpoint does): same rows, same sequence numbers, same count written.

#include <gtest/gtest.h>

#include <map>

#include "common/test_env.hpp"
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

namespace sb::test {

namespace {

class RecordWriter : public ::testing::TestWithParam<bool> {
  protected:
    TempDir dir;
    TestDatabase tdb{dir.path()};
    std::unique_ptr<sql::Database> db = sql::open_database(tdb.url());
    crypto::Keyring keys{{crypto::random_bytes(32)}};
    std::unique_ptr<storage::AccountStore> accounts;
    std::string account_id;
    std::string integration_id;

    void SetUp() override {
        storage::migrate(*db);
        accounts = storage::make_sql_account_store(*db);
        auto merchants = storage::make_sql_merchant_store(*db);
        auto integrations = storage::make_sql_integration_store(*db, keys);
        domain::AuthService auth(*accounts, {3600, 1000});
        account_id = auth.create_account("acme").id;
        domain::Integration i;
        i.id = new_id("int");
        i.account_id = account_id;
        i.merchant_id = merchants->account_default(account_id).id;
        i.connector_id = "custom";
        i.name = "Acme";
        i.status = domain::IntegrationStatus::connected;
        i.created_at = i.updated_at = now_ms();
        integrations->insert(i);
        integration_id = i.id;
        if (GetParam()) {  // an endpoint that wants every event: the one-by-one path
            domain::WebhookEndpoint e;
            e.id = new_id("whe");
            e.account_id = account_id;
            e.url = "https://hooks.example.com/storebridge";
            e.event_types = {"*"};
            e.created_at = e.updated_at = now_ms();
            storage::make_sql_webhook_endpoint_store(*db, keys)->insert(e, "whsec_test");
        }
    }

    static domain::Record record(const std::string& id, std::int64_t updated_at,
                                 const std::string& note) {
        domain::Record r;
        r.type = domain::DataType::order;
        r.external_id = id;
        r.updated_at = updated_at;
        r.data = R"({"id":")" + id + R"(","note":")" + note + R"("})";
        r.raw = r.data;
        return r;
    }

    std::int64_t upsert(const std::vector<domain::Record>& records) {
        return db->write([&](sql::Session& s) {
            return storage::upsert_records(s, account_id, integration_id, records);
        });
    }

    // external id -> (updated_at, data, seq)
    std::map<std::string, std::tuple<std::int64_t, std::string, std::int64_t>> stored() {
        std::map<std::string, std::tuple<std::int64_t, std::string, std::int64_t>> out;
        for (const auto& row : db->query("SELECT external_id, updated_at, data, seq FROM records"
                                         " WHERE integration_id = $1",
                                         {integration_id})
                                   .rows)
            out[row.text(0)] = {row.integer(1), row.text(2), row.integer(3)};
        return out;
    }
};

TEST_P(RecordWriter, ManyRecordsWithRepeatsEndAsIfUpsertedOneByOne) {
    // 120 orders, then the same orders again: newer, older, the same time with another body,
    // the same time with the same body, and newer twice with the older of the two last.
    std::vector<domain::Record> records;
    for (int i = 0; i < 120; ++i)
        records.push_back(record("o" + std::to_string(i), 1000, "first"));
    records.push_back(record("o5", 2000, "newer"));    // index 120: written
    records.push_back(record("o6", 500, "older"));     // 121: not written
    records.push_back(record("o7", 1000, "tie"));      // 122: written (same time, new body)
    records.push_back(record("o8", 1000, "first"));    // 123: not written (identical)
    records.push_back(record("o5", 1500, "between"));  // 124: not written (older than 2000)
    records.push_back(record("o9", 3000, "a"));        // 125: written
    records.push_back(record("o9", 4000, "b"));        // 126: written
    EXPECT_EQ(upsert(records), 120 + 4);

    auto rows = stored();
    ASSERT_EQ(rows.size(), 120u);
    const auto first_seq = std::get<2>(rows.at("o0"));
    EXPECT_EQ(rows.at("o5"),
              std::make_tuple(std::int64_t{2000}, records[120].data, first_seq + 120));
    EXPECT_EQ(rows.at("o6"), std::make_tuple(std::int64_t{1000}, records[6].data, first_seq + 6));
    EXPECT_EQ(rows.at("o7"),
              std::make_tuple(std::int64_t{1000}, records[122].data, first_seq + 122));
    EXPECT_EQ(rows.at("o8"), std::make_tuple(std::int64_t{1000}, records[8].data, first_seq + 8));
    EXPECT_EQ(rows.at("o9"),
              std::make_tuple(std::int64_t{4000}, records[126].data, first_seq + 126));
    EXPECT_EQ(std::get<2>(rows.at("o119")), first_seq + 119);

    // Again, all of it: nothing is newer than what is stored, but o7's two bodies at the same
    // time take turns (each differs from the one before it), and the last one stays.
    const auto second_seq = first_seq + static_cast<std::int64_t>(records.size());
    EXPECT_EQ(upsert(records), 2);
    auto again = stored();
    EXPECT_EQ(again.at("o7"),
              std::make_tuple(std::int64_t{1000}, records[122].data, second_seq + 122));
    again.erase("o7");
    rows.erase("o7");
    EXPECT_EQ(again, rows);
}

INSTANTIATE_TEST_SUITE_P(EventsWantedOrNot, RecordWriter, ::testing::Bool(), [](const auto& info) {
    return info.param ? "OneByOne" : "ManyAStatement";
});

}  // namespace

}  // namespace sb::test
