#include "core/time.hpp"
#include "storage/idempotency_store.hpp"

namespace sb::storage {

namespace {

using sql::Session;
constexpr std::int64_t k_ttl_ms = 24 * 3600 * 1000;

class SqlIdempotencyStore final : public IdempotencyStore {
  public:
    explicit SqlIdempotencyStore(sql::Database& db) : db_(db) {}

    std::optional<StoredResponse> claim(std::string_view account_id, std::string_view key,
                                        std::string_view fingerprint) override {
        return db_.write([&](Session& s) -> std::optional<StoredResponse> {
            const auto now = now_ms();
            s.exec("DELETE FROM idempotency_keys WHERE created_at < $1", {now - k_ttl_ms});
            auto r = s.exec(
                "INSERT INTO idempotency_keys (account_id, idem_key, fingerprint, status, "
                "created_at)"
                " VALUES ($1, $2, $3, 0, $4) ON CONFLICT (account_id, idem_key) DO NOTHING",
                {std::string(account_id), std::string(key), std::string(fingerprint), now});
            if (r.affected == 1)
                return std::nullopt;
            auto row = s.exec(
                            "SELECT fingerprint, status, location, body FROM idempotency_keys"
                            " WHERE account_id = $1 AND idem_key = $2",
                            {std::string(account_id), std::string(key)})
                           .rows.at(0);
            return StoredResponse{row.text(0), static_cast<int>(row.integer(1)),
                                  row.text_or_null(2).value_or(""),
                                  row.text_or_null(3).value_or("")};
        });
    }

    void complete(std::string_view account_id, std::string_view key,
                  const StoredResponse& res) override {
        db_.write([&](Session& s) {
            s.exec(
                "UPDATE idempotency_keys SET status = $3, location = $4, body = $5"
                " WHERE account_id = $1 AND idem_key = $2",
                {std::string(account_id), std::string(key), std::int64_t{res.status}, res.location,
                 res.body});
        });
    }

    void release(std::string_view account_id, std::string_view key) override {
        db_.write([&](Session& s) {
            s.exec("DELETE FROM idempotency_keys WHERE account_id = $1 AND idem_key = $2",
                   {std::string(account_id), std::string(key)});
        });
    }

  private:
    sql::Database& db_;
};

}  // namespace

std::unique_ptr<IdempotencyStore> make_sql_idempotency_store(sql::Database& db) {
    return std::make_unique<SqlIdempotencyStore>(db);
}

}  // namespace sb::storage
