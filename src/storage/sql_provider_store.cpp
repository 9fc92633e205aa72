#include "core/time.hpp"
#include "storage/provider_store.hpp"

namespace sb::storage {

std::string provider_secret_aad(std::string_view account_id, std::string_view provider) {
    return "provider_app:" + std::string(account_id) + ":" + std::string(provider);
}

namespace {

using sql::Session;

class SqlProviderStore final : public ProviderStore {
  public:
    SqlProviderStore(sql::Database& db, const crypto::Keyring& keys) : db_(db), keys_(keys) {}

    std::optional<domain::ProviderApp> find(std::string_view account_id,
                                            std::string_view provider) override {
        return db_.read([&](Session& s) { return find_in(s, account_id, provider); });
    }

    std::optional<domain::ProviderApp> save(const domain::ProviderApp& app,
                                            std::int64_t expected_version) override {
        return db_.write([&](Session& s) -> std::optional<domain::ProviderApp> {
            if (expected_version != 0) {
                auto current = find_in(s, app.account_id, app.provider);
                if (!current || current->version != expected_version)
                    return std::nullopt;
            }
            const auto now = now_ms();
            const sql::Value sealed =
                app.client_secret
                    ? sql::Value(keys_.seal(*app.client_secret,
                                            provider_secret_aad(app.account_id, app.provider)))
                    : sql::null();
            s.exec(
                "INSERT INTO provider_apps (account_id, provider, client_id, client_secret_sealed, "
                "auto_connect,"
                " enabled, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, "
                "$7)"
                " ON CONFLICT (account_id, provider) DO UPDATE SET client_id = excluded.client_id,"
                " client_secret_sealed = excluded.client_secret_sealed, auto_connect = "
                "excluded.auto_connect,"
                " enabled = excluded.enabled, version = provider_apps.version + 1, updated_at = "
                "excluded.updated_at",
                {app.account_id, app.provider, sql::opt(app.client_id), sealed,
                 std::int64_t{app.auto_connect ? 1 : 0}, std::int64_t{app.enabled ? 1 : 0}, now});
            return find_in(s, app.account_id, app.provider);
        });
    }

  private:
    std::optional<domain::ProviderApp> find_in(Session& s, std::string_view account_id,
                                               std::string_view provider) const {
        auto r = s.exec(
            "SELECT account_id, provider, client_id, client_secret_sealed, auto_connect, enabled, "
            "version,"
            " created_at, updated_at FROM provider_apps WHERE account_id = $1 AND provider = $2",
            {std::string(account_id), std::string(provider)});
        if (r.rows.empty())
            return std::nullopt;
        const auto& row = r.rows[0];
        domain::ProviderApp app;
        app.account_id = row.text(0);
        app.provider = row.text(1);
        app.client_id = row.text_or_null(2);
        if (!row.is_null(3))
            app.client_secret =
                keys_.open(row.text(3), provider_secret_aad(app.account_id, app.provider));
        app.auto_connect = row.integer(4) != 0;
        app.enabled = row.integer(5) != 0;
        app.version = row.integer(6);
        app.created_at = row.integer(7);
        app.updated_at = row.integer(8);
        return app;
    }

    sql::Database& db_;
    const crypto::Keyring& keys_;
};

}  // namespace

std::unique_ptr<ProviderStore> make_sql_provider_store(sql::Database& db,
                                                       const crypto::Keyring& keys) {
    return std::make_unique<SqlProviderStore>(db, keys);
}

}  // namespace sb::storage
