#include "core/time.hpp"
#include "storage/stock_write_queue.hpp"

namespace sb::storage {

namespace {

using sql::Session;

constexpr std::string_view k_columns =
    "integration_id, inventory_item_id, location_id, account_id, available, status, attempts, "
    "last_error, requested_at, written_at";

StockWrite from_row(const sql::Row& r) {
    StockWrite w;
    w.integration_id = r.text(0);
    w.inventory_item_id = r.text(1);
    w.location_id = r.text(2);
    w.account_id = r.text(3);
    w.available = r.integer(4);
    w.status = r.text(5);
    w.attempts = r.integer(6);
    w.last_error = r.text_or_null(7);
    w.requested_at = r.integer(8);
    w.written_at = r.integer_or_null(9);
    return w;
}

class SqlStockWriteQueue final : public StockWriteQueue {
  public:
    explicit SqlStockWriteQueue(sql::Database& db) : db_(db), pg_(db.engine() == "postgres") {}

    void request(const std::vector<StockWrite>& levels) override {
        db_.write([&](Session& s) {
            for (const auto& w : levels) {
                s.exec(
                    "INSERT INTO stock_writes (integration_id, inventory_item_id, location_id,"
                    " account_id, available, status, attempts, requested_at) VALUES ($1, $2, $3,"
                    " $4, $5, 'pending', 0, $6)"
                    " ON CONFLICT (integration_id, inventory_item_id, location_id) DO UPDATE SET"
                    " available = excluded.available, status = 'pending', attempts = 0,"
                    " last_error = NULL, not_before = 0, lease_owner = NULL, lease_expires_at ="
                    " NULL, requested_at = excluded.requested_at",
                    {w.integration_id, w.inventory_item_id, w.location_id, w.account_id,
                     w.available, w.requested_at});
            }
        });
    }

    std::vector<StockWrite> claim(const std::string& owner, std::int64_t lease_ms,
                                  int limit) override {
        return db_.write([&](Session& s) {
            const auto now = now_ms();
            auto pick =
                s.exec(std::string("SELECT integration_id, inventory_item_id, location_id FROM "
                                   "stock_writes WHERE (status = 'pending' AND not_before <= $1)"
                                   " OR (status = 'writing' AND lease_expires_at < $1)"
                                   " ORDER BY requested_at LIMIT $2") +
                           (pg_ ? " FOR UPDATE SKIP LOCKED" : ""),
                       {now, std::int64_t{limit}});
            std::vector<StockWrite> out;
            for (const auto& row : pick.rows) {
                auto r = s.exec(
                    "UPDATE stock_writes SET status = 'writing', lease_owner = $4,"
                    " lease_expires_at = $5, attempts = attempts + 1 WHERE integration_id = $1"
                    " AND inventory_item_id = $2 AND location_id = $3 RETURNING " +
                        std::string(k_columns),
                    {row.text(0), row.text(1), row.text(2), owner, now + lease_ms});
                out.push_back(from_row(r.rows.at(0)));
            }
            return out;
        });
    }

    void written(const StockWrite& w, const std::string& owner) override {
        finish(w, owner, "written", std::nullopt, 0);
    }

    void fail(const StockWrite& w, const std::string& owner, const std::string& error,
              std::int64_t retry_at) override {
        finish(w, owner, retry_at == 0 ? "failed" : "pending", error, retry_at);
    }

    std::vector<StockWrite> list(std::string_view account_id, std::string_view integration_id,
                                 int limit) override {
        return db_.read([&](Session& s) {
            std::vector<StockWrite> out;
            for (const auto& r :
                 s.exec("SELECT " + std::string(k_columns) +
                            " FROM stock_writes WHERE account_id = $1 AND integration_id = $2"
                            " ORDER BY inventory_item_id, location_id LIMIT $3",
                        {std::string(account_id), std::string(integration_id), std::int64_t{limit}})
                     .rows)
                out.push_back(from_row(r));
            return out;
        });
    }

  private:
    void finish(const StockWrite& w, const std::string& owner, const std::string& status,
                const std::optional<std::string>& error, std::int64_t not_before) {
        db_.write([&](Session& s) {
            // A newer request meanwhile cleared the lease: that row stays pending.
            s.exec(
                "UPDATE stock_writes SET status = $5, last_error = $6, not_before = $7,"
                " written_at = CASE WHEN $5 = 'written' THEN $8 ELSE written_at END,"
                " lease_owner = NULL, lease_expires_at = NULL"
                " WHERE integration_id = $1 AND inventory_item_id = $2 AND location_id = $3"
                " AND lease_owner = $4 AND status = 'writing'",
                {w.integration_id, w.inventory_item_id, w.location_id, owner, status,
                 sql::opt(error), not_before, now_ms()});
        });
    }

    sql::Database& db_;
    bool pg_;
};

}  // namespace

std::unique_ptr<StockWriteQueue> make_sql_stock_write_queue(sql::Database& db) {
    return std::make_unique<SqlStockWriteQueue>(db);
}

}  // namespace sb::storage
