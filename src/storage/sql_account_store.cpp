#include "storage/sql_account_store.hpp"

#include "core/time.hpp"
#include "domain/scopes.hpp"

namespace sb::storage {

namespace {

using sql::Session;

domain::Account account_from(const sql::Row& r) {
    return {r.text(0), r.text(1), r.integer(2)};
}

class SqlAccountStore final : public AccountStore {
  public:
    explicit SqlAccountStore(sql::Database& db) : db_(db) {}

    bool insert_account(const domain::Account& a) override {
        return db_.write([&](Session& s) {
            auto r = s.exec(
                "INSERT INTO accounts (id, name, created_at) VALUES ($1, $2, $3)"
                " ON CONFLICT (name) DO NOTHING",
                {a.id, a.name, a.created_at});
            return r.affected == 1;
        });
    }

    std::optional<domain::Account> find_account(std::string_view id) override {
        return one_account("SELECT id, name, created_at FROM accounts WHERE id = $1", id);
    }

    std::optional<domain::Account> find_account_by_name(std::string_view name) override {
        return one_account("SELECT id, name, created_at FROM accounts WHERE name = $1", name);
    }

    std::int64_t count_accounts() override {
        return db_.read([](Session& s) {
            return s.exec("SELECT COUNT(*) FROM accounts").rows.at(0).integer(0);
        });
    }

    void insert_client(const domain::ApiClient& c) override {
        db_.write([&](Session& s) {
            s.exec(
                "INSERT INTO api_clients (client_id, account_id, secret_hash, scopes, created_at)"
                " VALUES ($1, $2, $3, $4, $5)",
                {c.client_id, c.account_id, c.secret_hash, domain::join_scopes(c.scopes),
                 c.created_at});
        });
    }

    std::optional<domain::ApiClient> find_client(std::string_view client_id) override {
        return db_.read([&](Session& s) -> std::optional<domain::ApiClient> {
            auto r = s.exec(
                "SELECT client_id, account_id, secret_hash, scopes, created_at, revoked_at"
                " FROM api_clients WHERE client_id = $1",
                {std::string(client_id)});
            if (r.rows.empty())
                return std::nullopt;
            const auto& row = r.rows[0];
            return domain::ApiClient{row.text(0),    row.text(1),
                                     row.text(2),    domain::split_scopes(row.text(3)),
                                     row.integer(4), row.integer_or_null(5)};
        });
    }

    void insert_token(const domain::AccessToken& t) override {
        db_.write([&](Session& s) {
            s.exec("DELETE FROM access_tokens WHERE expires_at < $1", {now_ms()});
            s.exec(
                "INSERT INTO access_tokens (token_hash, client_id, account_id, scopes, expires_at, "
                "created_at)"
                " VALUES ($1, $2, $3, $4, $5, $6)",
                {t.token_hash, t.client_id, t.account_id, domain::join_scopes(t.scopes),
                 t.expires_at, t.created_at});
        });
    }

    std::optional<domain::AccessToken> find_token(std::string_view token_hash) override {
        return db_.read([&](Session& s) -> std::optional<domain::AccessToken> {
            auto r = s.exec(
                "SELECT t.token_hash, t.client_id, t.account_id, t.scopes, t.expires_at, "
                "t.created_at"
                " FROM access_tokens t JOIN api_clients c ON c.client_id = t.client_id"
                " WHERE t.token_hash = $1 AND c.revoked_at IS NULL",
                {std::string(token_hash)});
            if (r.rows.empty())
                return std::nullopt;
            const auto& row = r.rows[0];
            return domain::AccessToken{row.text(0),    row.text(1),
                                       row.text(2),    domain::split_scopes(row.text(3)),
                                       row.integer(4), row.integer(5)};
        });
    }

  private:
    std::optional<domain::Account> one_account(std::string_view sql, std::string_view arg) {
        return db_.read([&](Session& s) -> std::optional<domain::Account> {
            auto r = s.exec(sql, {std::string(arg)});
            if (r.rows.empty())
                return std::nullopt;
            return account_from(r.rows[0]);
        });
    }

    sql::Database& db_;
};

}  // namespace

std::unique_ptr<AccountStore> make_sql_account_store(sql::Database& db) {
    return std::make_unique<SqlAccountStore>(db);
}

}  // namespace sb::storage
