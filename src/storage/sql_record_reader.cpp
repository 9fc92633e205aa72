#include "storage/record_reader.hpp"

#include "core/time.hpp"

namespace sb::storage {

namespace {

constexpr std::string_view k_columns =
    "r.integration_id, r.type, r.external_id, r.parent_external_id, r.updated_at, r.deleted,"
    " r.data, r.seq, r.created_at, r.written_at";

// U+10FFFF in UTF-8: no text with a prefix q sorts at or after q followed by it (but text
// that holds it, a noncharacter, right after q).
constexpr std::string_view k_last_code_point = "\xF4\x8F\xBF\xBF";

StoredRecord from_row(const sql::Row& row) {
    StoredRecord r;
    r.integration_id = row.text(0);
    r.type = domain::parse_data_type(row.text(1)).value_or(domain::DataType::order);
    r.external_id = row.text(2);
    r.parent_external_id = row.text_or_null(3);
    r.updated_at = row.integer(4);
    r.deleted = row.integer(5) != 0;
    r.data = row.text(6);
    r.seq = row.integer(7);
    r.created_at = row.integer(8);
    r.written_at = row.integer(9);
    if (row.size() > 10)
        r.data_created_at = row.text(10);
    return r;
}

// Parameters of a query being built: add() binds a value and answers its placeholder.
struct Params {
    std::vector<sql::Value> values;
    std::string add(sql::Value v) {
        values.push_back(std::move(v));
        return "$" + std::to_string(values.size());
    }
};

class SqlRecordReader final : public RecordReader {
  public:
    explicit SqlRecordReader(sql::Database& db) : db_(db), engine_(db.engine()) {}

    std::optional<StoredRecord> get(const std::string& account_id,
                                    const std::string& integration_id, domain::DataType type,
                                    const std::string& external_id) override {
        auto found = rows(
            "SELECT " + std::string(k_columns) +
                " FROM records r WHERE r.integration_id = $1 AND r.type = $2 AND"
                " r.external_id = $3 AND r.account_id = $4 AND r.deleted = 0",
            {integration_id, std::string(domain::data_type_name(type)), external_id, account_id});
        if (found.empty())
            return std::nullopt;
        return std::move(found[0]);
    }

    std::vector<StoredRecord> find_customers(const std::string& account_id, std::string_view field,
                                             const std::string& value,
                                             const std::optional<RecordPosition>& after,
                                             int limit) override {
        // The literal type and the same expression as the partial indexes of migration 8.
        Params p;
        std::string sql = "SELECT " + std::string(k_columns) +
                          " FROM records r WHERE r.type = 'COMMERCE_CUSTOMER' AND r.account_id = " +
                          p.add(account_id) + " AND r.deleted = 0 AND " +
                          lower_json_field(engine_, field) + " = lower(" + p.add(value) + ")";
        if (after) {
            const auto i = p.add(after->integration_id);
            const auto e = p.add(after->external_id);
            sql += " AND (r.integration_id, r.external_id) > (" + i + ", " + e + ")";
        }
        sql += " ORDER BY r.integration_id, r.external_id LIMIT " + p.add(std::int64_t{limit + 1});
        return rows(sql, p.values);
    }

    std::vector<StoredRecord> find_customers_by_name(const std::string& account_id,
                                                     const std::string& prefix,
                                                     const std::optional<RecordPosition>& after,
                                                     int limit) override {
        // A prefix as a range, [q, q + U+10FFFF), of the lower-cased field in code point order:
        // each engine seeks the name indexes of migration 11 for it (LIKE would need a
        // case-insensitive collation on SQLite and makes `%` and `_` wildcards). The account is
        // in each branch of the OR, so each is a seek of its own index (SQLite's MULTI-INDEX
        // OR, PostgreSQL's BitmapOr).
        Params p;
        const auto account = p.add(account_id);
        const auto low = "lower(" + p.add(prefix) + ")";
        const auto high = low + " || " + p.add(std::string(k_last_code_point));
        std::string any;
        for (const char* key : {"first_name", "last_name", "display_name"}) {
            const auto field = prefix_json_field(engine_, key);
            any += std::string(any.empty() ? "" : " OR ") + "(r.account_id = " + account + " AND " +
                   field + " >= " + low + " AND " + field + " < " + high + ")";
        }
        std::string sql = "SELECT " + std::string(k_columns) +
                          " FROM records r WHERE r.type = 'COMMERCE_CUSTOMER' AND r.deleted = 0"
                          " AND (" +
                          any + ")";
        if (after) {
            const auto i = p.add(after->integration_id);
            const auto e = p.add(after->external_id);
            sql += " AND (r.integration_id, r.external_id) > (" + i + ", " + e + ")";
        }
        sql += " ORDER BY r.integration_id, r.external_id LIMIT " + p.add(std::int64_t{limit + 1});
        return rows(sql, p.values);
    }

    std::vector<StoredRecord> of_customer(const std::string& account_id,
                                          const std::string& integration_id, domain::DataType type,
                                          const std::string& customer_id,
                                          const std::optional<RecordPosition>& after,
                                          int limit) override {
        // The literal type, so the partial index of migration 8 applies.
        Params p;
        std::string sql = "SELECT " + std::string(k_columns) + " FROM records r WHERE r.type = '" +
                          std::string(domain::data_type_name(type)) +
                          "' AND r.integration_id = " + p.add(integration_id) + " AND " +
                          lower_json_field(engine_, "customer_id") + " = lower(" +
                          p.add(customer_id) + ") AND r.account_id = " + p.add(account_id) +
                          " AND r.deleted = 0";
        if (after) {
            const auto u = p.add(after->updated_at);
            const auto e = p.add(after->external_id);
            sql += " AND (r.updated_at, r.external_id) > (" + u + ", " + e + ")";
        }
        sql += " ORDER BY r.updated_at, r.external_id LIMIT " + p.add(std::int64_t{limit + 1});
        return rows(sql, p.values);
    }

    std::vector<StoredRecord> list(const RecordQuery& q) override {
        const std::string created = text_json_field(engine_, "created_at");
        const auto& f = q.filter;
        Params p;
        const auto account = p.add(q.account_id);
        // The literal type, so the partial indexes of migrations 8 and 10 apply.
        std::string sql = "SELECT " + std::string(k_columns) + ", " + created +
                          " FROM records r WHERE r.account_id = " + account + " AND r.type = '" +
                          std::string(domain::data_type_name(q.type)) +
                          "' AND r.deleted = 0 AND r.integration_id IN (SELECT i.id FROM"
                          " integrations i WHERE i.account_id = " +
                          account + " AND i.merchant_id = " + p.add(q.merchant_id) + ")";
        if (q.integration_id)
            sql += " AND r.integration_id = " + p.add(*q.integration_id);
        if (f.updated_after)
            sql += " AND r.updated_at > " + p.add(*f.updated_after);
        if (f.updated_before)
            sql += " AND r.updated_at < " + p.add(*f.updated_before);
        // RFC 3339 UTC with milliseconds throughout, so text order is time order.
        if (f.created_after)
            sql += " AND " + created + " > " + p.add(format_time(*f.created_after));
        if (f.created_before) {
            sql += " AND " + created + " > '' AND " + created + " < " +
                   p.add(format_time(*f.created_before));
        }
        auto equal = [&](std::string_view key, const std::optional<std::string>& value) {
            if (value)
                sql += " AND " + text_json_field(engine_, key) + " = " + p.add(*value);
        };
        equal("status", f.status);
        equal("financial_status", f.financial_status);
        equal("fulfillment_status", f.fulfillment_status);
        equal("customer_id", f.customer_id);
        if (f.email)
            sql +=
                " AND " + lower_json_field(engine_, "email") + " = lower(" + p.add(*f.email) + ")";

        const bool by_created = q.order == RecordOrder::created_at;
        const std::string key = by_created ? created : "r.updated_at";
        const std::string dir = q.descending ? " DESC" : "";
        if (q.after) {
            const auto v = by_created ? p.add(q.after->created_at) : p.add(q.after->updated_at);
            const auto i = p.add(q.after->integration_id);
            const auto e = p.add(q.after->external_id);
            // A row value, which both engines seek the index to; an OR of its parts made
            // PostgreSQL scan from the first record (page 1,000 cost 10 times page 1).
            sql += " AND (" + key + ", r.integration_id, r.external_id) " +
                   (q.descending ? "<" : ">") + " (" + v + ", " + i + ", " + e + ")";
        }
        sql += " ORDER BY " + key + dir + ", r.integration_id" + dir + ", r.external_id" + dir +
               " LIMIT " + p.add(std::int64_t{q.limit + 1});
        return rows(sql, p.values);
    }

    std::vector<StoredRecord> find_by_id(const std::string& account_id,
                                         const std::string& merchant_id, domain::DataType type,
                                         const std::string& external_id,
                                         const std::optional<std::string>& integration_id,
                                         int limit) override {
        Params p;
        const auto account = p.add(account_id);
        std::string sql = "SELECT " + std::string(k_columns) +
                          " FROM records r WHERE r.account_id = " + account +
                          " AND r.type = " + p.add(std::string(domain::data_type_name(type))) +
                          " AND r.external_id = " + p.add(external_id) +
                          " AND r.deleted = 0 AND r.integration_id IN (SELECT i.id FROM"
                          " integrations i WHERE i.account_id = " +
                          account + " AND i.merchant_id = " + p.add(merchant_id) + ")";
        if (integration_id)
            sql += " AND r.integration_id = " + p.add(*integration_id);
        sql += " ORDER BY r.integration_id LIMIT " + p.add(std::int64_t{limit});
        return rows(sql, p.values);
    }

    std::vector<StoredRecord> changes(const std::string& account_id, const std::string& merchant_id,
                                      std::int64_t after_seq, int limit) override {
        return rows("SELECT " + std::string(k_columns) +
                        " FROM records r WHERE r.account_id = $1 AND r.seq > $3 AND"
                        " r.integration_id IN (SELECT i.id FROM integrations i WHERE"
                        " i.account_id = $1 AND i.merchant_id = $2)"
                        " ORDER BY r.seq LIMIT $4",
                    {account_id, merchant_id, after_seq, std::int64_t{limit + 1}});
    }

  private:
    // Every read here is one statement: no BEGIN and COMMIT around it (Database::query).
    std::vector<StoredRecord> rows(const std::string& sql, const std::vector<sql::Value>& params) {
        std::vector<StoredRecord> out;
        for (const auto& row : db_.query(sql, params).rows)
            out.push_back(from_row(row));
        return out;
    }

    sql::Database& db_;
    std::string engine_;
};

}  // namespace

// On PostgreSQL the fields are read from `doc`, the record parsed once as it is written
// (migration 15), never from `data::jsonb`, which would parse the text once per expression.
std::string lower_json_field(std::string_view engine, std::string_view key) {
    if (engine == "postgres")
        return "lower(doc ->> '" + std::string(key) + "')";
    return "lower(json_extract(data, '$." + std::string(key) + "'))";
}

std::string prefix_json_field(std::string_view engine, std::string_view key) {
    if (engine == "postgres")
        return "(" + lower_json_field(engine, key) + " COLLATE \"C\")";
    return lower_json_field(engine, key);
}

std::string text_json_field(std::string_view engine, std::string_view key) {
    if (engine == "postgres")
        return "COALESCE(doc ->> '" + std::string(key) + "', '')";
    return "COALESCE(json_extract(data, '$." + std::string(key) + "'), '')";
}

std::unique_ptr<RecordReader> make_sql_record_reader(sql::Database& db) {
    return std::make_unique<SqlRecordReader>(db);
}

}  // namespace sb::storage
