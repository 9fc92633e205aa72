#include <gtest/gtest.h>

#include <set>

#include "common/test_env.hpp"
#include "domain/data_types.hpp"
#include "storage/migrations.hpp"
#include "storage/record_reader.hpp"
#include "storage/sql.hpp"

// The expression indexes over records' JSON fields (migrations 8, 10, 11 and, on PostgreSQL,
// 15): a fresh database and an upgraded one end with the same schema, the records written
// before the upgrade are still found through them, and the reads' expressions match them.
namespace sb::test {

namespace {

constexpr int k_before_parse_once = 14;

// The records table's columns and indexes as the engine describes them, the schema name
// left out (each PostgreSQL test database is a schema of its own).
std::set<std::string> records_schema(sql::Database& db) {
    return db.read([&](sql::Session& s) {
        std::set<std::string> out;
        if (db.engine() == "sqlite") {
            for (const auto& r : s.exec("SELECT name, COALESCE(sql, '') FROM sqlite_master"
                                        " WHERE tbl_name = 'records'")
                                     .rows)
                out.insert(r.text(0) + ": " + r.text(1));
            return out;
        }
        const auto schema = s.exec("SELECT current_schema()").rows.at(0).text(0);
        for (const auto& r :
             s.exec("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'records'"
                    " AND schemaname = current_schema()")
                 .rows) {
            auto def = r.text(1);
            for (auto at = def.find(schema + "."); at != std::string::npos;
                 at = def.find(schema + "."))
                def.erase(at, schema.size() + 1);
            out.insert(r.text(0) + ": " + def);
        }
        for (const auto& r : s.exec("SELECT column_name, data_type, is_nullable,"
                                    " COALESCE(generation_expression, '')"
                                    " FROM information_schema.columns WHERE table_name = 'records'"
                                    " AND table_schema = current_schema()")
                                 .rows)
            out.insert("column " + r.text(0) + " " + r.text(1) + " " + r.text(2) + " " + r.text(3));
        return out;
    });
}

void add_store(sql::Database& db) {
    db.write([](sql::Session& s) {
        s.exec("INSERT INTO accounts (id, name, created_at) VALUES ('acc_1', 'one', 0)");
        s.exec(
            "INSERT INTO merchants (id, account_id, name, version, created_at, updated_at)"
            " VALUES ('mer_1', 'acc_1', 'Merchant', 1, 0, 0)");
        s.exec(
            "INSERT INTO integrations (id, account_id, merchant_id, connector_id, name, status,"
            " source, settings, metadata, requested_data_types, order_sync_enabled,"
            " product_sync_enabled, stock_sync_enabled, version, created_at, updated_at)"
            " VALUES ('int_1', 'acc_1', 'mer_1', 'custom', 'Store', 'connected', 'api', '{}',"
            " '{}', '[]', 0, 0, 0, 1, 0, 0)");
    });
}

void add_record(sql::Database& db, std::string_view type, const std::string& id,
                const std::string& data, std::int64_t seq) {
    db.write([&](sql::Session& s) {
        s.exec(
            "INSERT INTO records (account_id, integration_id, type, external_id, updated_at,"
            " data, raw, seq, created_at, written_at)"
            " VALUES ('acc_1', 'int_1', $1, $2, $3, $4, '{}', $3, 0, 0)",
            {std::string(type), id, seq, data});
    });
}

}  // namespace

class RecordIndexes : public ::testing::Test {
  protected:
    TempDir fresh_dir;
    TempDir old_dir;
    TestDatabase fresh_db{fresh_dir.path()};
    TestDatabase old_db{old_dir.path()};
    std::unique_ptr<sql::Database> fresh = sql::open_database(fresh_db.url());
    std::unique_ptr<sql::Database> old = sql::open_database(old_db.url());

    // `sql` planned with sequential scans ruled out: an index whose expression the query
    // does not repeat exactly cannot be used, and the plan names no index of those expected.
    std::string plan(sql::Database& db, const std::string& sql,
                     const std::vector<sql::Value>& params) {
        return db.write([&](sql::Session& s) {
            const bool pg = db.engine() == "postgres";
            if (pg)
                s.exec("SET LOCAL enable_seqscan = off");
            std::string text;
            const auto rows = s.exec((pg ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + sql, params).rows;
            for (const auto& row : rows)
                text += row.text(row.size() - 1) + "\n";
            return text;
        });
    }
    // The plan uses `index`, and (`on_field`) seeks it on the JSON field, not only on its
    // leading columns with the field filtered row by row.
    void expect_index(const std::string& sql, const std::vector<sql::Value>& params,
                      std::string_view index, bool on_field = true) {
        const auto text = plan(*fresh, sql, params);
        EXPECT_NE(text.find(index), std::string::npos) << index << " for\n" << sql << "\n" << text;
        if (!on_field)
            return;
        bool sought = false;
        for (std::size_t at = 0, end; at < text.size(); at = end + 1) {
            end = text.find('\n', at);
            const auto line = text.substr(at, end - at);
            sought = sought || (fresh->engine() == "postgres"
                                    ? line.find("Index Cond") != std::string::npos &&
                                          line.find("(doc ->> ") != std::string::npos
                                    : line.find(index) != std::string::npos &&
                                          line.find("<expr>") != std::string::npos);
        }
        EXPECT_TRUE(sought) << index << " is not sought on the field for\n" << sql << "\n" << text;
    }
};

TEST_F(RecordIndexes, AFreshAndAnUpgradedDatabaseEndWithTheSameSchema) {
    storage::migrate(*old, k_before_parse_once);
    add_store(*old);
    add_record(*old, "COMMERCE_ORDER", "1", R"({"status":"open","email":"A@example.com"})", 1);
    storage::migrate(*old);
    storage::migrate(*fresh);

    const auto upgraded = records_schema(*old);
    EXPECT_EQ(upgraded, records_schema(*fresh));
    if (!old_db.is_postgres())
        return;
    // Every expression index reads the parsed column; none parses the text again.
    int over_doc = 0;
    for (const auto& line : upgraded) {
        if (line.starts_with("column "))
            continue;
        EXPECT_EQ(line.find("::jsonb"), std::string::npos) << line;
        over_doc += line.find("(doc ->>") != std::string::npos ? 1 : 0;
    }
    EXPECT_EQ(over_doc, 12);
    EXPECT_EQ(upgraded.count("column doc jsonb YES (data)::jsonb"), 1u);
}

TEST_F(RecordIndexes, RecordsWrittenBeforeTheUpgradeAreFoundByTheirFields) {
    storage::migrate(*old, k_before_parse_once);
    add_store(*old);
    add_record(*old, "COMMERCE_CUSTOMER", "c1",
               R"({"email":"Ada@Example.com","first_name":"Ada","last_name":"Lovelace",)"
               R"("display_name":"Ada Lovelace","phone":"+44 1"})",
               1);
    add_record(*old, "COMMERCE_ORDER", "o1",
               R"({"status":"open","email":"ada@example.com","customer_id":"c1",)"
               R"("created_at":"2026-01-02T03:04:05.000Z"})",
               2);
    add_record(*old, "COMMERCE_ORDER", "o2", R"({"status":"closed","customer_id":"c2"})", 3);
    storage::migrate(*old);
    add_record(*old, "COMMERCE_ORDER", "o3", R"({"status":"open","customer_id":"c1"})", 4);

    auto reader = storage::make_sql_record_reader(*old);
    auto ids = [](const std::vector<storage::StoredRecord>& rs) {
        std::vector<std::string> out;
        for (const auto& r : rs)
            out.push_back(r.external_id);
        return out;
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(ids(reader->find_customers("acc_1", "email", "ADA@example.com", {}, 10)), V{"c1"});
    EXPECT_EQ(ids(reader->find_customers_by_name("acc_1", "lovel", {}, 10)), V{"c1"});
    EXPECT_EQ(ids(reader->of_customer("acc_1", "int_1", domain::DataType::order, "C1", {}, 10)),
              (V{"o1", "o3"}));

    storage::RecordQuery q;
    q.account_id = "acc_1";
    q.merchant_id = "mer_1";
    q.filter.status = "open";
    EXPECT_EQ(ids(reader->list(q)), (V{"o1", "o3"}));
    q.filter = {};
    q.filter.email = "ADA@EXAMPLE.COM";
    EXPECT_EQ(ids(reader->list(q)), V{"o1"});
    q.filter = {};
    q.filter.customer_id = "c2";
    EXPECT_EQ(ids(reader->list(q)), V{"o2"});
    q.filter = {};
    q.order = storage::RecordOrder::created_at;
    q.descending = true;
    const auto by_created = reader->list(q);
    ASSERT_EQ(ids(by_created), (V{"o1", "o3", "o2"}));
    EXPECT_EQ(by_created[0].data_created_at, "2026-01-02T03:04:05.000Z");
}

// The reads of SqlRecordReader, in the shape it builds them, each planned on its index.
TEST_F(RecordIndexes, TheReadsArePlannedOnTheirIndexes) {
    storage::migrate(*fresh);
    add_store(*fresh);
    // Enough rows, of enough distinct values, that PostgreSQL's statistics rank a seek of
    // each name index above a scan of one of them (an empty table ties them).
    fresh->write([](sql::Session& s) {
        for (int i = 0; i < 1'000; ++i) {
            const auto n = std::to_string(i);
            const std::vector<sql::Value> customer{
                "c" + n, std::int64_t{i},
                R"({"email":"c)" + n + R"(@example.com","first_name":"F)" + n +
                    R"(","last_name":"L)" + n + R"(","display_name":"D)" + n + R"("})"};
            s.exec(
                "INSERT INTO records (account_id, integration_id, type, external_id, updated_at,"
                " data, raw, seq, created_at, written_at)"
                " VALUES ('acc_1', 'int_1', 'COMMERCE_CUSTOMER', $1, $2, $3, '{}', $2, 0, 0)",
                customer);
            const std::vector<sql::Value> order{"o" + n, std::int64_t{i},
                                                R"({"status":"s)" + std::to_string(i % 50) +
                                                    R"(","email":"c)" + n +
                                                    R"(@example.com","customer_id":"c)" + n +
                                                    R"(","created_at":"2026-01-01T00:00:)" +
                                                    std::to_string(10 + i % 50) + R"(.000Z"})",
                                                std::int64_t{1'000 + i}};
            s.exec(
                "INSERT INTO records (account_id, integration_id, type, external_id, updated_at,"
                " data, raw, seq, created_at, written_at)"
                " VALUES ('acc_1', 'int_1', 'COMMERCE_ORDER', $1, $2, $3, '{}', $4, 0, 0)",
                order);
        }
    });
    if (fresh_db.is_postgres())
        fresh->write([](sql::Session& s) { s.exec("ANALYZE records"); });
    const std::string engine(fresh->engine());
    const auto lower = [&](std::string_view key) { return storage::lower_json_field(engine, key); };
    const auto text = [&](std::string_view key) { return storage::text_json_field(engine, key); };
    const std::string columns = "SELECT r.data FROM records r WHERE r.account_id = $1";
    const std::string orders = columns + " AND r.type = 'COMMERCE_ORDER' AND r.deleted = 0";
    const std::string customers = columns + " AND r.type = 'COMMERCE_CUSTOMER' AND r.deleted = 0";
    const std::string by_updated =
        " ORDER BY r.updated_at, r.integration_id, r.external_id LIMIT 51";
    const std::vector<sql::Value> account_and_value{std::string("acc_1"), std::string("x")};

    expect_index(orders + " AND " + text("status") + " = $2" + by_updated, account_and_value,
                 "orders_by_status");
    expect_index(orders + " AND " + lower("email") + " = lower($2)" + by_updated, account_and_value,
                 "orders_by_email");
    expect_index(orders + " AND " + text("customer_id") + " = $2" + by_updated, account_and_value,
                 "orders_by_account_customer");
    expect_index(orders + " AND r.integration_id = $2 AND " + lower("customer_id") +
                     " = lower($3) ORDER BY r.updated_at, r.external_id LIMIT 51",
                 {std::string("acc_1"), std::string("int_1"), std::string("c1")},
                 "orders_by_customer");
    expect_index(orders + " ORDER BY " + text("created_at") +
                     " DESC, r.integration_id DESC, r.external_id DESC LIMIT 51",
                 {std::string("acc_1")}, "records_by_type_created", false);
    expect_index(customers + " AND " + lower("email") +
                     " = lower($2) ORDER BY r.integration_id, r.external_id LIMIT 51",
                 account_and_value, "customers_by_email");

    std::string any;
    for (const char* key : {"first_name", "last_name", "display_name"}) {
        const auto field = storage::prefix_json_field(engine, key);
        any += std::string(any.empty() ? "" : " OR ") + "(r.account_id = $1 AND " + field +
               " >= lower($2) AND " + field + " < lower($2) || $3)";
    }
    for (const char* index :
         {"customers_by_first_name", "customers_by_last_name", "customers_by_display_name"}) {
        expect_index(
            "SELECT r.data FROM records r WHERE r.type = 'COMMERCE_CUSTOMER' AND r.deleted = 0"
            " AND (" +
                any + ") ORDER BY r.integration_id, r.external_id LIMIT 51",
            {std::string("acc_1"), std::string("ada"), std::string("\xF4\x8F\xBF\xBF")}, index);
    }
}

}  // namespace sb::test
