#include "storage/install_state_store.hpp"

namespace sb::storage {

namespace {

using sql::Session;

class SqlInstallStateStore final : public InstallStateStore {
  public:
    explicit SqlInstallStateStore(sql::Database& db) : db_(db) {}

    void insert(const InstallState& st) override {
        db_.write([&](Session& s) {
            s.exec("DELETE FROM install_states WHERE expires_at < $1",
                   {st.created_at - 86'400'000});
            s.exec(
                "INSERT INTO install_states (state_hash, account_id, integration_id, provider, "
                "store, created_at,"
                " expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                {st.state_hash, st.account_id, st.integration_id, st.provider, st.store,
                 st.created_at, st.expires_at});
        });
    }

    std::optional<InstallState> find(std::string_view state_hash) override {
        return first(k_columns + std::string(" FROM install_states WHERE state_hash = $1"),
                     {std::string(state_hash)});
    }

    std::optional<InstallState> find_pending(std::string_view provider, std::string_view store,
                                             std::int64_t now) override {
        return first(k_columns + std::string(" FROM install_states WHERE provider = $1 AND store "
                                             "= $2 AND used_at IS NULL AND expires_at > $3"
                                             " ORDER BY created_at DESC LIMIT 1"),
                     {std::string(provider), std::string(store), now});
    }

    bool consume(std::string_view state_hash, std::int64_t now) override {
        return db_.write([&](Session& s) {
            return s.exec(
                        "UPDATE install_states SET used_at = $2 WHERE state_hash = $1 AND used_at "
                        "IS NULL"
                        " AND expires_at > $2",
                        {std::string(state_hash), now})
                       .affected == 1;
        });
    }

  private:
    static constexpr const char* k_columns =
        "SELECT state_hash, account_id, integration_id, provider, store, created_at, expires_at,"
        " used_at";

    std::optional<InstallState> first(const std::string& query, std::vector<sql::Value> params) {
        return db_.read([&](Session& s) -> std::optional<InstallState> {
            auto r = s.exec(query, std::move(params));
            if (r.rows.empty())
                return std::nullopt;
            const auto& row = r.rows[0];
            return InstallState{row.text(0),    row.text(1),           row.text(2),
                                row.text(3),    row.text(4),           row.integer(5),
                                row.integer(6), row.integer_or_null(7)};
        });
    }

    sql::Database& db_;
};

}  // namespace

std::unique_ptr<InstallStateStore> make_sql_install_state_store(sql::Database& db) {
    return std::make_unique<SqlInstallStateStore>(db);
}

}  // namespace sb::storage
