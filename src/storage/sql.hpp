#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

// The SQL seam between repositories and the two engines. Repositories are written once in
// the SQL both engines accept (placeholders `$1..$n`, ON CONFLICT, RETURNING); the engines
// differ only behind `Database`.
namespace sb::sql {

struct Blob {
    std::string bytes;
};

using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;

inline Value null() {
    return std::monostate{};
}
template <class T>
Value opt(const std::optional<T>& v) {
    return v ? Value(*v) : Value(std::monostate{});
}

// Appends one row of a multi-row VALUES list to `sql`, "($n+1, ..., $n+k)" where n counts the
// parameters before it (after ", " unless `first`), and moves its k values onto `params`.
void append_values_row(std::string& sql, std::vector<Value>& params, std::vector<Value> row,
                       bool first);

class Row {
  public:
    explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
    bool is_null(std::size_t i) const {
        return std::holds_alternative<std::monostate>(values_.at(i));
    }
    std::int64_t integer(std::size_t i) const;
    double real(std::size_t i) const;
    const std::string& text(std::size_t i) const;
    std::string blob(std::size_t i) const;
    std::optional<std::string> text_or_null(std::size_t i) const;
    std::optional<std::int64_t> integer_or_null(std::size_t i) const;
    std::size_t size() const { return values_.size(); }

  private:
    std::vector<Value> values_;
};

struct Result {
    std::vector<Row> rows;
    std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
};

// Thrown for engine failures. Unique violations are told apart so services can map them to
// 409 without parsing messages.
class DbError : public std::runtime_error {
  public:
    enum class Kind { generic, unique_violation, busy, unavailable };
    DbError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
    Kind kind() const noexcept { return kind_; }

  private:
    Kind kind_;
};

// A connection inside an open transaction.
class Session {
  public:
    virtual ~Session() = default;
    virtual Result exec(std::string_view sql, const std::vector<Value>& params = {}) = 0;
    Result exec(std::string_view sql, std::initializer_list<Value> params) {
        return exec(sql, std::vector<Value>(params));
    }

    // Runs `f` once this transaction has committed; never when it rolls back. For telling
    // other threads that something is there to read (it must not throw).
    void after_commit(std::function<void()> f) { after_commit_.push_back(std::move(f)); }
    // The engines call these when the transaction ends.
    void committed() {
        auto fns = std::move(after_commit_);
        after_commit_.clear();
        for (auto& f : fns)
            f();
    }
    void rolled_back() { after_commit_.clear(); }

  private:
    std::vector<std::function<void()>> after_commit_;
};

enum class Mode { read, write };

class Database {
  public:
    virtual ~Database() = default;
    virtual std::string_view engine() const = 0;  // "sqlite" or "postgres"
    // Runs fn in one transaction: commit on return, rollback on exception (rethrown).
    virtual void transaction(Mode mode, const std::function<void(Session&)>& fn) = 0;
    virtual void ping() = 0;  // throws DbError(unavailable) when unreachable
    // One read statement on its own. It is its own transaction (one snapshot), as in read(),
    // but PostgreSQL runs it without the two extra round trips of BEGIN and COMMIT.
    virtual Result query(std::string_view sql, const std::vector<Value>& params);

    template <class F>
    auto read(F&& fn) {
        return run(Mode::read, std::forward<F>(fn));
    }
    template <class F>
    auto write(F&& fn) {
        return run(Mode::write, std::forward<F>(fn));
    }

  private:
    template <class F>
    auto run(Mode mode, F&& fn) {
        using R = std::invoke_result_t<F, Session&>;
        if constexpr (std::is_void_v<R>) {
            transaction(mode, [&](Session& s) { fn(s); });
        } else {
            std::optional<R> out;
            transaction(mode, [&](Session& s) { out.emplace(fn(s)); });
            return std::move(*out);
        }
    }
};

struct SqliteOptions {
    std::string path;
    int read_connections = 4;
};
std::unique_ptr<Database> open_sqlite(const SqliteOptions& options);

struct PostgresOptions {
    std::string url;  // postgres://user:pass@host:port/db or a libpq conninfo string
    int pool_size = 8;
};
std::unique_ptr<Database> open_postgres(const PostgresOptions& options);

// Picks the engine from a URL: postgres:// or postgresql:// select PostgreSQL, sqlite:PATH or
// a plain path selects SQLite.
std::unique_ptr<Database> open_database(const std::string& url);

}  // namespace sb::sql
