#include <libpq-fe.h>

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>

#include "storage/sql.hpp"

namespace sb::sql {

namespace {

constexpr Oid k_bool = 16, k_bytea = 17, k_int8 = 20, k_int2 = 21, k_int4 = 23, k_oid = 26,
              k_float4 = 700, k_float8 = 701, k_numeric = 1700;

struct ResultFree {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultFree>;

class Connection final : public Session {
  public:
    explicit Connection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
        if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
            std::string msg = conn_ ? PQerrorMessage(conn_) : "out of memory";
            PQfinish(conn_);
            conn_ = nullptr;
            while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
                msg.pop_back();
            throw DbError(DbError::Kind::unavailable, "cannot connect to PostgreSQL: " + msg);
        }
        PQsetNoticeProcessor(
            conn_, [](void*, const char*) {}, nullptr);
        run("SET client_min_messages TO warning");
    }
    ~Connection() override { PQfinish(conn_); }

    bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

    void run(const char* sql) {
        PgResult r(PQexec(conn_, sql));
        check(r.get());
    }

    Result exec(std::string_view sql, const std::vector<Value>& params) override {
        std::vector<std::string> text(params.size());
        std::vector<const char*> values(params.size());
        std::vector<int> lengths(params.size());
        std::vector<int> formats(params.size());
        for (std::size_t i = 0; i < params.size(); ++i) {
            const auto& v = params[i];
            if (std::holds_alternative<std::monostate>(v)) {
                values[i] = nullptr;
                continue;
            }
            if (auto n = std::get_if<std::int64_t>(&v))
                text[i] = std::to_string(*n);
            else if (auto d = std::get_if<double>(&v)) {
                char buf[64];
                auto res = std::to_chars(buf, buf + sizeof buf, *d);
                text[i].assign(buf, res.ptr);
            } else if (auto s = std::get_if<std::string>(&v))
                text[i] = *s;
            else if (auto b = std::get_if<Blob>(&v)) {
                text[i] = b->bytes;
                formats[i] = 1;
            }
            values[i] = text[i].data();
            lengths[i] = static_cast<int>(text[i].size());
        }
        const int n = static_cast<int>(params.size());
        PgResult r;
        if (const std::string* name = prepared(sql, n)) {
            r.reset(PQexecPrepared(conn_, name->c_str(), n, values.data(), lengths.data(),
                                   formats.data(), 0));
        } else {
            const std::string query(sql);
            r.reset(PQexecParams(conn_, query.c_str(), n, nullptr, values.data(), lengths.data(),
                                 formats.data(), 0));
        }
        check(r.get());
        Result out;
        const int rows = PQntuples(r.get());
        const int cols = PQnfields(r.get());
        out.rows.reserve(static_cast<std::size_t>(rows));
        for (int i = 0; i < rows; ++i) {
            std::vector<Value> row;
            row.reserve(static_cast<std::size_t>(cols));
            for (int c = 0; c < cols; ++c)
                row.push_back(cell(r.get(), i, c));
            out.rows.emplace_back(std::move(row));
        }
        const char* affected = PQcmdTuples(r.get());
        if (affected && *affected)
            out.affected = std::atoll(affected);
        return out;
    }

  private:
    // The server-side prepared statement for a DML statement, prepared on its first use on
    // this connection: PostgreSQL parses and plans it once (a plan may be kept for all
    // parameter values), not on every call. Planning a key read on the records table, with
    // its nine indexes, cost more than running it. Other statements (DDL, transaction
    // control) run unprepared. Bounded: past k_max_prepared the connection starts over.
    const std::string* prepared(std::string_view sql, int n_params) {
        const auto verb = sql.substr(0, sql.find(' '));
        if (verb != "SELECT" && verb != "INSERT" && verb != "UPDATE" && verb != "DELETE" &&
            verb != "WITH")
            return nullptr;
        if (auto it = prepared_.find(sql); it != prepared_.end())
            return &it->second;
        if (prepared_.size() >= k_max_prepared) {
            run("DEALLOCATE ALL");
            prepared_.clear();
        }
        std::string name = "sb" + std::to_string(++statements_);
        std::string query(sql);
        PgResult r(PQprepare(conn_, name.c_str(), query.c_str(), n_params, nullptr));
        check(r.get());
        return &prepared_.emplace(std::move(query), std::move(name)).first->second;
    }

    void check(PGresult* r) {
        const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
            return;
        const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
        std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
            msg.pop_back();
        DbError::Kind kind = DbError::Kind::generic;
        if (state && std::strcmp(state, "23505") == 0)
            kind = DbError::Kind::unique_violation;
        else if (state && (std::strcmp(state, "40001") == 0 || std::strcmp(state, "40P01") == 0 ||
                           std::strcmp(state, "55P03") == 0))
            kind = DbError::Kind::busy;
        else if (!healthy() || (state && std::strncmp(state, "08", 2) == 0))
            kind = DbError::Kind::unavailable;
        throw DbError(kind, msg);
    }

    static Value cell(PGresult* r, int row, int col) {
        if (PQgetisnull(r, row, col))
            return std::monostate{};
        const char* v = PQgetvalue(r, row, col);
        const auto len = static_cast<std::size_t>(PQgetlength(r, row, col));
        switch (PQftype(r, col)) {
            case k_bool:
                return std::int64_t{v[0] == 't' ? 1 : 0};
            case k_int8:
            case k_int2:
            case k_int4:
            case k_oid: {
                std::int64_t n = 0;
                std::from_chars(v, v + len, n);
                return n;
            }
            case k_float4:
            case k_float8:
            case k_numeric:
                return std::strtod(v, nullptr);
            case k_bytea: {
                std::size_t n = 0;
                unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(v), &n);
                Blob b{std::string(reinterpret_cast<const char*>(raw), n)};
                PQfreemem(raw);
                return b;
            }
            default:
                return std::string(v, len);
        }
    }

    static constexpr std::size_t k_max_prepared = 512;
    PGconn* conn_ = nullptr;
    // SQL text -> statement name; transparent lookup by string_view.
    std::map<std::string, std::string, std::less<>> prepared_;
    std::uint64_t statements_ = 0;
};

class PostgresDatabase final : public Database {
  public:
    explicit PostgresDatabase(const PostgresOptions& o)
        : url_(o.url), max_(std::max(1, o.pool_size)) {
        idle_.push_back(std::make_unique<Connection>(url_));  // fail fast on a bad URL
        open_ = 1;
    }

    std::string_view engine() const override { return "postgres"; }

    void transaction(Mode, const std::function<void(Session&)>& fn) override {
        auto c = acquire();
        try {
            c->run("BEGIN");
        } catch (...) {
            discard();
            throw;
        }
        try {
            fn(*c);
            c->run("COMMIT");
        } catch (...) {
            c->rolled_back();
            bool ok = c->healthy();
            if (ok) {
                try {
                    c->run("ROLLBACK");
                } catch (...) {
                    ok = false;
                }
            }
            if (ok)
                release(std::move(c));
            else
                discard();
            throw;
        }
        c->committed();
        release(std::move(c));
    }

    // Autocommit: PostgreSQL runs a statement outside a transaction block as a transaction of
    // its own.
    Result query(std::string_view sql, const std::vector<Value>& params) override {
        auto c = acquire();
        try {
            auto r = c->exec(sql, params);
            release(std::move(c));
            return r;
        } catch (...) {
            if (c->healthy())
                release(std::move(c));
            else
                discard();
            throw;
        }
    }

    void ping() override {
        transaction(Mode::read, [](Session& s) { s.exec("SELECT 1"); });
    }

  private:
    std::unique_ptr<Connection> acquire() {
        std::unique_lock lock(mutex_);
        if (!cv_.wait_for(lock, std::chrono::seconds(30),
                          [this] { return !idle_.empty() || open_ < max_; })) {
            throw DbError(DbError::Kind::unavailable, "PostgreSQL pool exhausted");
        }
        if (!idle_.empty()) {
            auto c = std::move(idle_.back());
            idle_.pop_back();
            if (c->healthy())
                return c;
            --open_;
        }
        ++open_;
        lock.unlock();
        try {
            return std::make_unique<Connection>(url_);
        } catch (...) {
            discard();
            throw;
        }
    }
    void release(std::unique_ptr<Connection> c) {
        {
            std::lock_guard lock(mutex_);
            idle_.push_back(std::move(c));
        }
        cv_.notify_one();
    }
    void discard() {
        {
            std::lock_guard lock(mutex_);
            --open_;
        }
        cv_.notify_one();
    }

    std::string url_;
    int max_;
    int open_ = 0;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const PostgresOptions& options) {
    return std::make_unique<PostgresDatabase>(options);
}

}  // namespace sb::sql
