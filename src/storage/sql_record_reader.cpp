#include "storage/record_reader.hpp"

namespace sb::storage {

namespace {

constexpr std::string_view k_columns =
    "r.integration_id, r.type, r.external_id, r.parent_external_id, r.updated_at, r.deleted,"
    " r.data, r.seq, r.created_at, r.written_at";

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
        std::string sql = "SELECT " + std::string(k_columns) +
                          " FROM records r WHERE r.account_id = $1 AND r.type = $2 AND"
                          " r.deleted = 0 AND r.integration_id IN (SELECT i.id FROM integrations i"
                          " WHERE i.account_id = $1 AND i.merchant_id = $3)";
        std::vector<sql::Value> params{q.account_id, std::string(domain::data_type_name(q.type)),
                                       q.merchant_id};
        auto bind = [&](sql::Value v) {
            params.push_back(std::move(v));
            return "$" + std::to_string(params.size());
        };
        if (q.integration_id)
            sql += " AND r.integration_id = " + bind(*q.integration_id);
        if (q.updated_after)
            sql += " AND r.updated_at > " + bind(*q.updated_after);
        if (q.updated_before)
            sql += " AND r.updated_at < " + bind(*q.updated_before);
        if (q.after) {
            const auto u = bind(q.after->updated_at);
            const auto i = bind(q.after->integration_id);
            const auto e = bind(q.after->external_id);
            // A row value, which both engines seek the index to; an OR of its parts made
            // PostgreSQL scan from the first record (page 1,000 cost 10 times page 1).
            sql += " AND (r.updated_at, r.integration_id, r.external_id) > (" + u + ", " + i +
                   ", " + e + ")";
        }
        sql += " ORDER BY r.updated_at, r.integration_id, r.external_id LIMIT " +
               bind(std::int64_t{q.limit + 1});
        return rows(sql, params);
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

std::string lower_json_field(std::string_view engine, std::string_view key) {
    if (engine == "postgres")
        return "lower(data::jsonb ->> '" + std::string(key) + "')";
    return "lower(json_extract(data, '$." + std::string(key) + "'))";
}

std::unique_ptr<RecordReader> make_sql_record_reader(sql::Database& db) {
    return std::make_unique<SqlRecordReader>(db);
}

}  // namespace sb::storage
