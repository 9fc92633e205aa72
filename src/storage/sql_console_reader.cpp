#include "storage/console_reader.hpp"

#include "storage/sync_job_rows.hpp"

namespace sb::storage {

namespace {

using sql::Session;

// " IN ($first, ..)" for `n` values.
std::string in_list(int first, std::size_t n) {
    std::string out = " IN (";
    for (std::size_t i = 0; i < n; ++i)
        out += (i ? ", $" : "$") + std::to_string(first + static_cast<int>(i));
    return out + ")";
}

DataTypeStat& stat_of(std::vector<DataTypeStat>& stats, const std::string& type) {
    for (auto& s : stats) {
        if (s.data_type == type)
            return s;
    }
    stats.push_back(DataTypeStat{type, 0, std::nullopt, std::nullopt});
    return stats.back();
}

class SqlConsoleReader final : public ConsoleReader {
  public:
    explicit SqlConsoleReader(sql::Database& db) : db_(db) {}

    std::optional<RecordWithRaw> record(const std::string& account_id,
                                        const std::string& integration_id, domain::DataType type,
                                        const std::string& external_id) override {
        auto r = db_.query(
            "SELECT r.parent_external_id, r.updated_at, r.deleted, r.data, r.raw, r.seq,"
            " r.created_at, r.written_at FROM records r JOIN integrations i ON i.id ="
            " r.integration_id WHERE r.integration_id = $1 AND r.type = $2 AND r.external_id = $3"
            " AND r.account_id = $4 AND i.deleted_at IS NULL",
            {integration_id, std::string(domain::data_type_name(type)), external_id, account_id});
        if (r.rows.empty())
            return std::nullopt;
        const auto& row = r.rows[0];
        RecordWithRaw out;
        out.record.integration_id = integration_id;
        out.record.type = type;
        out.record.external_id = external_id;
        out.record.parent_external_id = row.text_or_null(0);
        out.record.updated_at = row.integer(1);
        out.record.deleted = row.integer(2) != 0;
        out.record.data = row.text(3);
        out.raw = row.text(4);
        out.record.seq = row.integer(5);
        out.record.created_at = row.integer(6);
        out.record.written_at = row.integer(7);
        return out;
    }

    std::map<std::string, std::vector<DataTypeStat>> data_type_stats(
        const std::string& account_id, const std::vector<std::string>& integration_ids) override {
        std::map<std::string, std::vector<DataTypeStat>> out;
        if (integration_ids.empty())
            return out;
        std::vector<sql::Value> params{account_id};
        for (const auto& id : integration_ids)
            params.emplace_back(id);
        const std::string ids = in_list(2, integration_ids.size());
        db_.read([&](Session& s) {
            for (const auto& r :
                 s.exec("SELECT integration_id, type, COUNT(*) FROM records WHERE account_id = $1"
                        " AND deleted = 0 AND integration_id" +
                            ids + " GROUP BY integration_id, type",
                        params)
                     .rows) {
                stat_of(out[r.text(0)], r.text(1)).records = r.integer(2);
            }
            // The newest job of each type: no newer one of the same integration and type.
            for (const auto& r : s.exec("SELECT j.integration_id, j.data_type, j.id, j.status,"
                                        " j.finished_at FROM sync_jobs j WHERE j.account_id = $1"
                                        " AND j.integration_id" +
                                            ids +
                                            " AND NOT EXISTS (SELECT 1 FROM sync_jobs k WHERE"
                                            " k.integration_id = j.integration_id AND k.data_type ="
                                            " j.data_type AND (k.created_at, k.id) > (j.created_at,"
                                            " j.id))",
                                        params)
                                     .rows) {
                stat_of(out[r.text(0)], r.text(1)).last_job =
                    LastJob{r.text(2), domain::parse_job_status(r.text(3)), r.integer_or_null(4)};
            }
            std::vector<sql::Value> id_params(params.begin() + 1, params.end());
            for (const auto& r :
                 s.exec("SELECT integration_id, data_type, last_success_at FROM sync_state"
                        " WHERE last_success_at IS NOT NULL AND integration_id" +
                            in_list(1, integration_ids.size()),
                        id_params)
                     .rows) {
                stat_of(out[r.text(0)], r.text(1)).last_synced_at = r.integer(2);
            }
        });
        return out;
    }

    std::vector<JobCount> job_counts() override {
        std::vector<JobCount> out;
        for (const auto& r : db_.query("SELECT j.status, i.connector_id, COUNT(*) FROM sync_jobs j"
                                       " JOIN integrations i ON i.id = j.integration_id"
                                       " GROUP BY j.status, i.connector_id",
                                       {})
                                 .rows) {
            out.push_back({r.text(0), r.text(1), r.integer(2)});
        }
        return out;
    }

    QueueDepths queue_depths() override {
        auto r = db_.query(
            "SELECT (SELECT COUNT(*) FROM sync_jobs WHERE status = 'queued'),"
            " (SELECT COUNT(*) FROM webhook_events WHERE status IN ('pending', 'applying')),"
            " (SELECT COUNT(*) FROM event_deliveries WHERE status = 'pending')",
            {});
        const auto& row = r.rows.at(0);
        return {row.integer(0), row.integer(1), row.integer(2)};
    }

    StatusReport status_report() override {
        return db_.read([](Session& s) {
            StatusReport out;
            for (const auto& r :
                 s.exec("SELECT a.id, a.name,"
                        " (SELECT COUNT(*) FROM merchants m WHERE m.account_id = a.id),"
                        " (SELECT COUNT(*) FROM integrations i WHERE i.account_id = a.id AND"
                        " i.deleted_at IS NULL) FROM accounts a ORDER BY a.name")
                     .rows) {
                out.accounts.push_back({r.text(0), r.text(1), r.integer(2), r.integer(3)});
            }
            for (const auto& r :
                 s.exec("SELECT i.id, a.name, m.name, i.connector_id, i.status,"
                        " COALESCE(i.store, ''), (SELECT COUNT(*) FROM records r WHERE"
                        " r.integration_id = i.id AND r.deleted = 0) FROM integrations i"
                        " JOIN accounts a ON a.id = i.account_id JOIN merchants m ON m.id ="
                        " i.merchant_id WHERE i.deleted_at IS NULL ORDER BY a.name, m.name,"
                        " i.created_at, i.id")
                     .rows) {
                out.integrations.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4),
                                            r.text(5), r.integer(6)});
            }
            for (const auto& r :
                 s.exec("SELECT " + sync_job_columns("j") +
                        ", i.connector_id FROM sync_jobs j JOIN integrations i ON i.id ="
                        " j.integration_id WHERE j.status IN ('running', 'queued')"
                        " ORDER BY j.status DESC, j.created_at, j.id")
                     .rows) {
                out.active_jobs.push_back({job_from_row(r), r.text(17)});
            }
            return out;
        });
    }

  private:
    sql::Database& db_;
};

}  // namespace

std::unique_ptr<ConsoleReader> make_sql_console_reader(sql::Database& db) {
    return std::make_unique<SqlConsoleReader>(db);
}

}  // namespace sb::storage
