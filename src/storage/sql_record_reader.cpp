#include "storage/record_reader.hpp"

namespace sb::storage {

namespace {

using sql::Session;

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

class SqlRecordReader final : public RecordReader {
  public:
    explicit SqlRecordReader(sql::Database& db) : db_(db) {}

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
            sql += " AND (r.updated_at > " + u + " OR (r.updated_at = " + u +
                   " AND (r.integration_id > " + i + " OR (r.integration_id = " + i +
                   " AND r.external_id > " + e + "))))";
        }
        sql += " ORDER BY r.updated_at, r.integration_id, r.external_id LIMIT " +
               bind(std::int64_t{q.limit + 1});
        return db_.read([&](Session& s) {
            std::vector<StoredRecord> out;
            for (const auto& row : s.exec(sql, params).rows)
                out.push_back(from_row(row));
            return out;
        });
    }

    std::vector<StoredRecord> changes(const std::string& account_id, const std::string& merchant_id,
                                      std::int64_t after_seq, int limit) override {
        return db_.read([&](Session& s) {
            std::vector<StoredRecord> out;
            for (const auto& row :
                 s.exec("SELECT " + std::string(k_columns) +
                            " FROM records r WHERE r.account_id = $1 AND r.seq > $3 AND"
                            " r.integration_id IN (SELECT i.id FROM integrations i WHERE"
                            " i.account_id = $1 AND i.merchant_id = $2)"
                            " ORDER BY r.seq LIMIT $4",
                        {account_id, merchant_id, after_seq, std::int64_t{limit + 1}})
                     .rows)
                out.push_back(from_row(row));
            return out;
        });
    }

  private:
    sql::Database& db_;
};

}  // namespace

std::unique_ptr<RecordReader> make_sql_record_reader(sql::Database& db) {
    return std::make_unique<SqlRecordReader>(db);
}

}  // namespace sb::storage
