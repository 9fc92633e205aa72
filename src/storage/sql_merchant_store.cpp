#include "core/ids.hpp"
#include "core/time.hpp"
#include "storage/keyset.hpp"
#include "storage/merchant_store.hpp"

namespace sb::storage {

namespace {

using sql::Session;

constexpr std::string_view k_columns =
    "id, account_id, name, external_id, email, is_account_default, version, created_at, updated_at";

domain::Merchant from_row(const sql::Row& r) {
    return {r.text(0),         r.text(1),    r.text(2),    r.text_or_null(3), r.text_or_null(4),
            r.integer(5) != 0, r.integer(6), r.integer(7), r.integer(8)};
}

std::string_view sort_column(std::string_view field) {
    if (field == "updated_at")
        return "updated_at";
    if (field == "name")
        return "name";
    return "created_at";
}

class SqlMerchantStore final : public MerchantStore {
  public:
    explicit SqlMerchantStore(sql::Database& db) : db_(db) {}

    void insert(const domain::Merchant& m) override {
        db_.write([&](Session& s) { insert_in(s, m); });
    }

    std::optional<domain::Merchant> find(std::string_view account_id,
                                         std::string_view id) override {
        return db_.read([&](Session& s) -> std::optional<domain::Merchant> {
            auto r = s.exec("SELECT " + std::string(k_columns) +
                                " FROM merchants WHERE account_id = $1 AND id = $2",
                            {std::string(account_id), std::string(id)});
            if (r.rows.empty())
                return std::nullopt;
            return from_row(r.rows[0]);
        });
    }

    domain::Merchant account_default(std::string_view account_id) override {
        return db_.write([&](Session& s) {
            if (auto found = find_default_in(s, account_id))
                return *found;
            const auto now = now_ms();
            domain::Merchant m{new_id("org"),
                               std::string(account_id),
                               std::string(k_default_merchant_name),
                               std::nullopt,
                               std::nullopt,
                               true,
                               1,
                               now,
                               now};
            insert_in(s, m);
            return m;
        });
    }

    std::optional<domain::Merchant> find_account_default(std::string_view account_id) override {
        return db_.read([&](Session& s) { return find_default_in(s, account_id); });
    }

    domain::Page<domain::Merchant> list(std::string_view account_id,
                                        const domain::PageRequest& page) override {
        const auto col = sort_column(page.order_field);
        auto clause = keyset_clause(page, col, 2);
        std::vector<sql::Value> params{std::string(account_id)};
        params.insert(params.end(), clause.params.begin(), clause.params.end());
        auto rows = db_.read([&](Session& s) {
            std::vector<domain::Merchant> out;
            for (auto& r : s.exec("SELECT " + std::string(k_columns) +
                                      " FROM merchants WHERE account_id = $1" + clause.sql,
                                  params)
                               .rows) {
                out.push_back(from_row(r));
            }
            return out;
        });
        return make_page(std::move(rows), page,
                         [&](const domain::Merchant& m) -> domain::SortValue {
                             if (col == "name")
                                 return m.name;
                             if (col == "updated_at")
                                 return m.updated_at;
                             return m.created_at;
                         });
    }

    WriteResult update(const domain::Merchant& m, std::int64_t expected_version) override {
        return db_.write([&](Session& s) {
            auto r = s.exec(
                "UPDATE merchants SET name = $3, external_id = $4, email = $5, version = version + "
                "1, updated_at = $6"
                " WHERE account_id = $1 AND id = $2 AND ($7 = 0 OR version = $7)",
                {m.account_id, m.id, m.name, sql::opt(m.external_id), sql::opt(m.email),
                 m.updated_at, expected_version});
            if (r.affected == 1)
                return WriteResult::ok;
            return exists(s, m.account_id, m.id) ? WriteResult::version_mismatch
                                                 : WriteResult::not_found;
        });
    }

    WriteResult remove(std::string_view account_id, std::string_view id,
                       std::int64_t expected_version, bool force) override {
        return db_.write([&](Session& s) {
            auto cur = s.exec(
                "SELECT version, is_account_default FROM merchants WHERE account_id = $1 AND id = "
                "$2",
                {std::string(account_id), std::string(id)});
            if (cur.rows.empty())
                return WriteResult::not_found;
            if (expected_version != 0 && cur.rows[0].integer(0) != expected_version) {
                return WriteResult::version_mismatch;
            }
            auto n = s.exec(
                "SELECT COUNT(*) FROM integrations WHERE account_id = $1 AND merchant_id = $2"
                " AND deleted_at IS NULL",
                {std::string(account_id), std::string(id)});
            // The default merchant holds seed 000's credentials: they go through that
            // document, never as a side effect of deleting the merchant.
            const bool is_default = cur.rows[0].integer(1) != 0;
            if (n.rows[0].integer(0) > 0 && (!force || is_default))
                return WriteResult::blocked;
            // Integrations, their jobs and audit rows go with it (ON DELETE CASCADE).
            s.exec("DELETE FROM merchants WHERE account_id = $1 AND id = $2",
                   {std::string(account_id), std::string(id)});
            return WriteResult::ok;
        });
    }

  private:
    static std::optional<domain::Merchant> find_default_in(Session& s,
                                                           std::string_view account_id) {
        auto r = s.exec("SELECT " + std::string(k_columns) +
                            " FROM merchants WHERE account_id = $1 AND is_account_default = 1",
                        {std::string(account_id)});
        if (r.rows.empty())
            return std::nullopt;
        return from_row(r.rows[0]);
    }

    static void insert_in(Session& s, const domain::Merchant& m) {
        s.exec("INSERT INTO merchants (" + std::string(k_columns) +
                   ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
               {m.id, m.account_id, m.name, sql::opt(m.external_id), sql::opt(m.email),
                std::int64_t{m.is_account_default ? 1 : 0}, m.version, m.created_at, m.updated_at});
    }

    static bool exists(Session& s, const std::string& account_id, const std::string& id) {
        return !s.exec("SELECT 1 FROM merchants WHERE account_id = $1 AND id = $2",
                       {account_id, id})
                    .rows.empty();
    }

    sql::Database& db_;
};

}  // namespace

std::unique_ptr<MerchantStore> make_sql_merchant_store(sql::Database& db) {
    return std::make_unique<SqlMerchantStore>(db);
}

}  // namespace sb::storage
