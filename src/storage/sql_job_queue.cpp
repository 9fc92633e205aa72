#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <mutex>

#include "core/ids.hpp"
#include "core/metrics.hpp"
#include "core/time.hpp"
#include "storage/event_outbox.hpp"
#include "storage/field_codec.hpp"
#include "storage/job_queue.hpp"
#include "storage/keyset.hpp"
#include "storage/record_writer.hpp"
#include "storage/sync_job_rows.hpp"

namespace sb::storage {

namespace {

using sql::Session;

ClaimedJob claimed_from(const sql::Row& r) {
    // The checkpoint is read after the job's own columns.
    return {job_from_row(r), r.text_or_null(17).value_or("")};
}

// The seed 002 "last known change" column a data type feeds, if any.
const char* sync_updated_column(domain::DataType t) {
    if (t == domain::DataType::order)
        return "order_sync_updated_at";
    if (t == domain::DataType::product)
        return "product_sync_updated_at";
    return nullptr;
}

// sync.succeeded / sync.failed for the account's webhook endpoints, in the job's final
// transaction: the job as it ended.
void append_sync_event(Session& s, const std::string& job_id, const char* type) {
    auto r = s.exec(
        "SELECT j.account_id, j.integration_id, i.merchant_id, j.data_type, j.trigger_kind,"
        " j.records_read, j.records_written, j.last_error, j.started_at, j.finished_at"
        " FROM sync_jobs j JOIN integrations i ON i.id = j.integration_id WHERE j.id = $1",
        {job_id});
    if (r.rows.empty())
        return;
    const auto& row = r.rows[0];
    EventWriter events(s, row.text(0));
    if (!events.wanted())
        return;
    auto time_or_null = [&](std::size_t i) {
        auto v = row.integer_or_null(i);
        return v ? boost::json::value(format_time(*v)) : boost::json::value(nullptr);
    };
    auto error = row.text_or_null(7);
    boost::json::object data{{"job_id", job_id},
                             {"integration_id", row.text(1)},
                             {"organization_id", row.text(2)},
                             {"data_type", row.text(3)},
                             {"trigger", row.text(4)},
                             {"records_read", row.integer(5)},
                             {"records_written", row.integer(6)},
                             {"error", error ? boost::json::value(*error) : nullptr},
                             {"started_at", time_or_null(8)},
                             {"finished_at", time_or_null(9)}};
    events.append({.type = type,
                   .subject = "integration:" + row.text(1),
                   .merchant_id = row.text(2),
                   .integration_id = row.text(1),
                   .data = boost::json::serialize(data)});
}

class SqlJobQueue final : public JobQueue {
  public:
    SqlJobQueue(sql::Database& db, core::Counters* counters)
        : db_(db), pg_(db.engine() == "postgres"), counters_(counters) {}

    std::optional<ClaimedJob> claim(const std::string& worker, std::int64_t lease_ms) override {
        return db_.write([&](Session& s) -> std::optional<ClaimedJob> {
            const auto now = now_ms();
            auto pick = s.exec(
                std::string(
                    "SELECT id FROM sync_jobs WHERE (status = 'queued' AND next_run_at <= $1)"
                    " OR (status = 'running' AND lease_expires_at < $1)"
                    " ORDER BY next_run_at, created_at LIMIT 1") +
                    (pg_ ? " FOR UPDATE SKIP LOCKED" : ""),
                {now});
            if (pick.rows.empty())
                return std::nullopt;
            const auto id = pick.rows[0].text(0);
            s.exec(
                "UPDATE sync_jobs SET status = 'running', lease_owner = $2, lease_expires_at = $3,"
                " attempts = attempts + 1, started_at = COALESCE(started_at, $4), updated_at = $4 "
                "WHERE id = $1",
                {id, worker, now + lease_ms, now});
            auto r = s.exec("SELECT " + std::string(k_sync_job_columns) +
                                ", checkpoint FROM sync_jobs WHERE id = $1",
                            {id});
            return claimed_from(r.rows.at(0));
        });
    }

    bool heartbeat(const std::string& job_id, const std::string& worker,
                   std::int64_t lease_ms) override {
        return db_.write([&](Session& s) {
            return s.exec(
                        "UPDATE sync_jobs SET lease_expires_at = $3 WHERE id = $1 AND lease_owner "
                        "= $2"
                        " AND status = 'running'",
                        {job_id, worker, now_ms() + lease_ms})
                       .affected == 1;
        });
    }

    BatchOutcome commit_batch(const domain::SyncJob& job, const std::string& worker,
                              const domain::RecordBatch& batch, std::int64_t lease_ms) override {
        const auto outcome = db_.write([&](Session& s) {
            BatchOutcome out;
            const auto now = now_ms();
            // Owning the lease is checked and the lease extended in the same statement.
            auto lease = s.exec(
                "UPDATE sync_jobs SET lease_expires_at = $3, updated_at = $4"
                " WHERE id = $1 AND lease_owner = $2 AND status = 'running' RETURNING "
                "cancel_requested",
                {job.id, worker, now + lease_ms, now});
            if (lease.rows.empty())
                return out;  // lost: another worker owns it now
            out.written = upsert_records(s, job.account_id, job.integration_id, batch.records);
            s.exec(
                "UPDATE sync_jobs SET checkpoint = $2, records_read = records_read + $3,"
                " records_written = records_written + $4, pages = pages + 1, total = COALESCE($5, "
                "total)"
                " WHERE id = $1",
                {job.id, batch.checkpoint, static_cast<std::int64_t>(batch.records.size()),
                 out.written, sql::opt(batch.total)});
            if (const char* col = sync_updated_column(job.data_type);
                col && !batch.records.empty()) {
                std::int64_t newest = 0;
                for (const auto& r : batch.records)
                    newest = std::max(newest, r.updated_at);
                s.exec(std::string("UPDATE integrations SET ") + col + " = $2 WHERE id = $1 AND (" +
                           col + " IS NULL OR " + col + " < $2)",
                       {job.integration_id, newest});
            }
            out.cancel_requested = lease.rows[0].integer(0) != 0;
            out.keep_going = !out.cancel_requested;
            return out;
        });
        if (counters_ && outcome.written > 0)
            counters_->count(core::k_records_written, {{"connector", connector_of(job)}},
                             static_cast<std::uint64_t>(outcome.written));
        return outcome;
    }

    void succeed(const domain::SyncJob& job, const std::string& worker) override {
        db_.write([&](Session& s) {
            const auto now = now_ms();
            auto r = s.exec(
                "UPDATE sync_jobs SET status = 'succeeded', finished_at = $3, updated_at = $3,"
                " lease_owner = NULL, lease_expires_at = NULL, last_error = NULL"
                " WHERE id = $1 AND lease_owner = $2",
                {job.id, worker, now});
            if (r.affected == 0)
                return;
            s.exec(
                "INSERT INTO sync_state (integration_id, data_type, last_success_at) VALUES ($1, "
                "$2, $3)"
                " ON CONFLICT (integration_id, data_type) DO UPDATE SET last_success_at = "
                "excluded.last_success_at",
                {job.integration_id, std::string(domain::data_type_name(job.data_type)), now});
            append_sync_event(s, job.id, "sync.succeeded");
        });
    }

    void refresh_statistics() override {
        if (pg_)
            db_.write([](Session& s) { s.exec("ANALYZE records"); });
    }

    domain::Page<AccountJob> list_account_jobs(const std::string& account_id,
                                               const AccountJobFilter& filter,
                                               const domain::PageRequest& page) override {
        std::string where = " WHERE j.account_id = $1 AND i.deleted_at IS NULL";
        std::vector<sql::Value> params{account_id};
        auto add = [&](const char* column, const std::string& value) {
            params.emplace_back(value);
            where += std::string(" AND ") + column + " = $" + std::to_string(params.size());
        };
        if (filter.status)
            add("j.status", std::string(domain::job_status_name(*filter.status)));
        if (filter.connector_id)
            add("i.connector_id", *filter.connector_id);
        if (filter.integration_id)
            add("j.integration_id", *filter.integration_id);
        if (filter.merchant_id)
            add("i.merchant_id", *filter.merchant_id);
        auto clause =
            keyset_clause(page, "j.created_at", static_cast<int>(params.size()) + 1, "j.id");
        params.insert(params.end(), clause.params.begin(), clause.params.end());
        auto rows = db_.read([&](Session& s) {
            std::vector<AccountJob> out;
            for (auto& r : s.exec("SELECT " + sync_job_columns("j") +
                                      ", i.merchant_id, i.connector_id FROM sync_jobs j"
                                      " JOIN integrations i ON i.id = j.integration_id" +
                                      where + clause.sql,
                                  params)
                               .rows) {
                out.push_back({job_from_row(r), r.text(17), r.text(18)});
            }
            return out;
        });
        domain::Page<AccountJob> result;
        if (static_cast<int>(rows.size()) > page.limit) {
            rows.resize(static_cast<std::size_t>(page.limit));
            result.next = domain::Position{rows.back().job.created_at, rows.back().job.id};
        }
        result.items = std::move(rows);
        return result;
    }

    void cancel(const domain::SyncJob& job, const std::string& worker) override {
        finish_as(job, worker, "cancelled", std::nullopt);
    }

    void fail(const domain::SyncJob& job, const std::string& worker, const std::string& error,
              std::int64_t retry_at) override {
        if (retry_at == 0) {
            finish_as(job, worker, "failed", error);
            return;
        }
        db_.write([&](Session& s) {
            s.exec(
                "UPDATE sync_jobs SET status = 'queued', next_run_at = $3, last_error = $4, "
                "updated_at = $5,"
                " lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2",
                {job.id, worker, retry_at, error, now_ms()});
        });
    }

    void release(const domain::SyncJob& job, const std::string& worker) override {
        db_.write([&](Session& s) {
            s.exec(
                "UPDATE sync_jobs SET status = 'queued', attempts = attempts - 1, updated_at = $3,"
                " lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2",
                {job.id, worker, now_ms()});
        });
    }

    std::optional<std::int64_t> watermark(const std::string& integration_id,
                                          domain::DataType type) override {
        return db_.read([&](Session& s) {
            auto r = s.exec(
                "SELECT MAX(updated_at) FROM records WHERE integration_id = $1 AND type = $2",
                {integration_id, std::string(domain::data_type_name(type))});
            return r.rows.empty() ? std::nullopt : r.rows[0].integer_or_null(0);
        });
    }

    std::vector<domain::Record> live_records(const std::string& integration_id,
                                             domain::DataType type,
                                             std::int64_t updated_before) override {
        return db_.read([&](Session& s) {
            std::vector<domain::Record> out;
            for (const auto& row :
                 s.exec("SELECT external_id, parent_external_id, updated_at "
                        "FROM records WHERE integration_id = $1 AND type = $2 "
                        "AND deleted = 0 AND updated_at < $3",
                        {integration_id, std::string(domain::data_type_name(type)), updated_before})
                     .rows) {
                domain::Record r;
                r.type = type;
                r.external_id = row.text(0);
                r.parent_external_id = row.text_or_null(1);
                r.updated_at = row.integer(2);
                out.push_back(std::move(r));
            }
            return out;
        });
    }

    int enqueue_due(std::int64_t now, std::int64_t default_interval_ms) override {
        return db_.write([&](Session& s) {
            auto rows = s.exec(
                "SELECT i.id, i.account_id, i.settings, i.order_sync_enabled, "
                "i.product_sync_enabled,"
                " o.last_success_at, p.last_success_at FROM integrations i"
                " LEFT JOIN sync_state o ON o.integration_id = i.id AND o.data_type = "
                "'COMMERCE_ORDER'"
                " LEFT JOIN sync_state p ON p.integration_id = i.id AND p.data_type = "
                "'COMMERCE_PRODUCT'"
                " WHERE i.status = 'CONNECTED' AND i.deleted_at IS NULL AND"
                " (i.order_sync_enabled = 1 OR i.product_sync_enabled = 1)");
            int queued = 0;
            for (const auto& r : rows.rows) {
                std::int64_t interval = default_interval_ms;
                const auto settings = decode_fields(r.text(2));
                if (auto it = settings.find("sync_interval_minutes"); it != settings.end()) {
                    if (auto m = std::get_if<std::int64_t>(&it->second); m && *m > 0)
                        interval = *m * 60'000;
                }
                auto due = [&](std::size_t flag_col, std::size_t last_col) {
                    return r.integer(flag_col) != 0 &&
                           (r.is_null(last_col) || r.integer(last_col) + interval <= now);
                };
                if (due(3, 5))
                    queued += enqueue(s, r.text(0), r.text(1), domain::DataType::order, now);
                if (due(4, 6))
                    queued += enqueue(s, r.text(0), r.text(1), domain::DataType::product, now);
            }
            return queued;
        });
    }

  private:
    static int enqueue(Session& s, const std::string& integration_id, const std::string& account_id,
                       domain::DataType type, std::int64_t now) {
        // The partial unique index turns a second active job into a no-op.
        auto r = s.exec(
            "INSERT INTO sync_jobs (id, account_id, integration_id, data_type, trigger_kind, "
            "status,"
            " created_at, updated_at, next_run_at) VALUES ($1, $2, $3, $4, 'schedule', 'queued', "
            "$5, $5, 0)"
            " ON CONFLICT DO NOTHING",
            {new_id("job"), account_id, integration_id, std::string(domain::data_type_name(type)),
             now});
        return static_cast<int>(r.affected);
    }

    void finish_as(const domain::SyncJob& job, const std::string& worker, const char* status,
                   const std::optional<std::string>& error) {
        db_.write([&](Session& s) {
            const auto now = now_ms();
            auto r = s.exec(
                "UPDATE sync_jobs SET status = $3, finished_at = $4, updated_at = $4, last_error = "
                "COALESCE($5, last_error),"
                " lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2",
                {job.id, worker, std::string(status), now, sql::opt(error)});
            if (r.affected == 1 && std::string_view(status) == "failed")
                append_sync_event(s, job.id, "sync.failed");
        });
    }

    // The connector of the job's integration, for the records-written counter: read once per
    // integration (it never changes).
    std::string connector_of(const domain::SyncJob& job) {
        {
            std::lock_guard lock(connectors_mutex_);
            if (auto it = connectors_.find(job.integration_id); it != connectors_.end())
                return it->second;
        }
        auto connector = db_.read([&](Session& s) {
            auto r =
                s.exec("SELECT connector_id FROM integrations WHERE id = $1", {job.integration_id});
            return r.rows.empty() ? std::string("unknown") : r.rows[0].text(0);
        });
        std::lock_guard lock(connectors_mutex_);
        return connectors_.emplace(job.integration_id, std::move(connector)).first->second;
    }

    sql::Database& db_;
    bool pg_;
    core::Counters* counters_;
    std::mutex connectors_mutex_;
    std::map<std::string, std::string> connectors_;  // integration id -> connector id
};

}  // namespace

std::unique_ptr<JobQueue> make_sql_job_queue(sql::Database& db, core::Counters* counters) {
    return std::make_unique<SqlJobQueue>(db, counters);
}

}  // namespace sb::storage
