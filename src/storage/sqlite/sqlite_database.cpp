#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "storage/sql.hpp"

namespace sb::sql {

namespace {

class Connection final : public Session {
    static constexpr std::size_t k_max_cached = 256;
    struct Cached {
        sqlite3_stmt* stmt;
        std::list<std::string>::iterator use;  // place in by_use_
        std::vector<std::size_t> value_of;     // per parameter, N of its $N (0: none)
    };

  public:
    Connection(const std::string& path, bool read_only) {
        const int flags =
            (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
            SQLITE_OPEN_NOMUTEX;
        if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
            std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            throw DbError(DbError::Kind::unavailable,
                          "cannot open SQLite database " + path + ": " + msg);
        }
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, 10'000);
        if (!read_only) {
            run("PRAGMA journal_mode=WAL");
            run("PRAGMA synchronous=NORMAL");
        }
        run("PRAGMA foreign_keys=ON");
    }
    ~Connection() override {
        for (auto& [_, entry] : cache_)
            sqlite3_finalize(entry.stmt);
        sqlite3_close(db_);
    }

    sqlite3* handle() const { return db_; }

    void run(const char* sql) {
        char* err = nullptr;
        if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
            std::string msg = err ? err : "unknown error";
            sqlite3_free(err);
            throw DbError(classify(sqlite3_extended_errcode(db_)), msg);
        }
    }

    Result exec(std::string_view sql, const std::vector<Value>& params) override {
        const Cached& cached = prepare(sql);
        sqlite3_stmt* stmt = cached.stmt;
        struct Reset {
            sqlite3_stmt* s;
            ~Reset() {
                sqlite3_reset(s);
                sqlite3_clear_bindings(s);
            }
        } reset{stmt};
        for (std::size_t idx = 0; idx < cached.value_of.size(); ++idx) {
            const auto n = cached.value_of[idx];
            if (n == 0)
                continue;
            if (n > params.size())
                throw DbError(DbError::Kind::generic, "statement has more parameters than values");
            bind(stmt, static_cast<int>(idx + 1), params[n - 1]);
        }
        Result result;
        const int cols = sqlite3_column_count(stmt);
        for (;;) {
            const int rc = sqlite3_step(stmt);
            if (rc == SQLITE_DONE)
                break;
            if (rc != SQLITE_ROW) {
                throw DbError(classify(sqlite3_extended_errcode(db_)), sqlite3_errmsg(db_));
            }
            std::vector<Value> row;
            row.reserve(static_cast<std::size_t>(cols));
            for (int c = 0; c < cols; ++c)
                row.push_back(column(stmt, c));
            result.rows.emplace_back(std::move(row));
        }
        result.affected = sqlite3_changes64(db_);
        return result;
    }

  private:
    static DbError::Kind classify(int code) {
        switch (code) {
            case SQLITE_CONSTRAINT_UNIQUE:
            case SQLITE_CONSTRAINT_PRIMARYKEY:
                return DbError::Kind::unique_violation;
            case SQLITE_BUSY:
            case SQLITE_LOCKED:
                return DbError::Kind::busy;
            default:
                return DbError::Kind::generic;
        }
    }

    // Prepared statements are kept by SQL text, the least recently used dropped past
    // k_max_cached: statement texts vary with what a request asks (a list's LIMIT, its filters
    // and order), and each kept statement costs kilobytes per connection.
    const Cached& prepare(std::string_view sql) {
        std::string key(sql);
        if (auto it = cache_.find(key); it != cache_.end()) {
            by_use_.splice(by_use_.end(), by_use_, it->second.use);
            return it->second;
        }
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
            SQLITE_OK) {
            throw DbError(DbError::Kind::generic,
                          std::string("prepare failed: ") + sqlite3_errmsg(db_));
        }
        // Each of the statement's parameters ($N) takes params[N - 1]. Read once here:
        // SQLite finds a parameter's name by a scan of them all, which a statement of many
        // rows' values paid per value on every run.
        std::vector<std::size_t> value_of(
            static_cast<std::size_t>(sqlite3_bind_parameter_count(stmt)));
        for (std::size_t idx = 0; idx < value_of.size(); ++idx) {
            const char* name = sqlite3_bind_parameter_name(stmt, static_cast<int>(idx + 1));
            value_of[idx] = name && name[0] == '$' ? std::strtoul(name + 1, nullptr, 10) : 0;
            if (value_of[idx] == 0 && name) {
                sqlite3_finalize(stmt);
                throw DbError(DbError::Kind::generic, std::string("unsupported parameter ") + name);
            }
        }
        if (cache_.size() >= k_max_cached) {
            auto oldest = cache_.find(by_use_.front());
            sqlite3_finalize(oldest->second.stmt);
            cache_.erase(oldest);
            by_use_.pop_front();
        }
        by_use_.push_back(key);
        return cache_
            .emplace(std::move(key), Cached{stmt, std::prev(by_use_.end()), std::move(value_of)})
            .first->second;
    }

    // The values outlive the statement's run (exec clears the bindings before it returns), so
    // SQLite reads them in place rather than copying each text.
    void bind(sqlite3_stmt* stmt, int idx, const Value& v) {
        int rc = SQLITE_OK;
        if (std::holds_alternative<std::monostate>(v))
            rc = sqlite3_bind_null(stmt, idx);
        else if (auto i = std::get_if<std::int64_t>(&v))
            rc = sqlite3_bind_int64(stmt, idx, *i);
        else if (auto d = std::get_if<double>(&v))
            rc = sqlite3_bind_double(stmt, idx, *d);
        else if (auto s = std::get_if<std::string>(&v))
            rc = sqlite3_bind_text64(stmt, idx, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
        else if (auto b = std::get_if<Blob>(&v))
            rc = sqlite3_bind_blob64(stmt, idx, b->bytes.data(), b->bytes.size(), SQLITE_STATIC);
        if (rc != SQLITE_OK)
            throw DbError(DbError::Kind::generic, sqlite3_errmsg(db_));
    }

    static Value column(sqlite3_stmt* stmt, int c) {
        switch (sqlite3_column_type(stmt, c)) {
            case SQLITE_INTEGER:
                return std::int64_t{sqlite3_column_int64(stmt, c)};
            case SQLITE_FLOAT:
                return sqlite3_column_double(stmt, c);
            case SQLITE_TEXT:
                return std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)),
                                   static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
            case SQLITE_BLOB: {
                const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, c));
                return Blob{std::string(p ? p : "",
                                        static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)))};
            }
            default:
                return std::monostate{};
        }
    }

    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, Cached> cache_;
    std::list<std::string> by_use_;  // SQL texts, least recently used first
};

// One writer connection (SQLite allows one writer at a time; serializing here avoids
// SQLITE_BUSY storms) and a pool of readers, which WAL lets run beside the writer.
class SqliteDatabase final : public Database {
  public:
    explicit SqliteDatabase(const SqliteOptions& o) {
        const auto parent = std::filesystem::path(o.path).parent_path();
        if (!parent.empty())
            std::filesystem::create_directories(parent);
        writer_ = std::make_unique<Connection>(o.path, false);
        // The writer's page cache holds the pages its writes keep coming back to (the
        // records' indexes and the rows an upsert replaces); SQLite's default (2 MiB) made
        // the webhook intake read them from the file again in every group commit.
        writer_->run("PRAGMA cache_size=-32768");
        for (int i = 0; i < std::max(1, o.read_connections); ++i) {
            readers_.push_back(std::make_unique<Connection>(o.path, false));
        }
        for (auto& r : readers_)
            idle_.push_back(r.get());
        if (!o.path.empty() && o.path != ":memory:" && o.path.rfind("file:", 0) != 0)
            start_checkpointer(o.path);
    }

    ~SqliteDatabase() override {
        if (!checkpointer_.joinable())
            return;
        {
            std::lock_guard lock(checkpoint_mutex_);
            checkpoint_stop_ = true;
        }
        checkpoint_cv_.notify_one();
        checkpointer_.join();
    }

    std::string_view engine() const override { return "sqlite"; }

    void transaction(Mode mode, const std::function<void(Session&)>& fn) override {
        if (mode == Mode::write) {
            std::lock_guard lock(write_mutex_);
            run_in(*writer_, "BEGIN IMMEDIATE", fn);
            return;
        }
        Connection* c = acquire();
        struct Release {
            SqliteDatabase* self;
            Connection* c;
            ~Release() { self->release(c); }
        } release{this, c};
        run_in(*c, "BEGIN", fn);
    }

    void ping() override {
        read([](Session& s) { s.exec("SELECT 1"); });
    }

  private:
    // BEGIN, COMMIT and ROLLBACK go through exec's prepared-statement cache: parsing them
    // again per transaction was a tenth of a point read's time.
    static void run_in(Connection& c, const char* begin, const std::function<void(Session&)>& fn) {
        c.exec(begin, {});
        try {
            fn(c);
            c.exec("COMMIT", {});
        } catch (...) {
            c.rolled_back();
            try {
                c.exec("ROLLBACK", {});
            } catch (...) {
            }
            throw;
        }
        c.committed();
    }

    // Checkpoints (copying the WAL into the database file, then its fsync) run on their own
    // connection and thread, so that no commit waits for one: the writer's WAL hook, which
    // replaces SQLite's automatic checkpoint, wakes the thread once the WAL holds as many
    // pages as SQLite's default would checkpoint at. PASSIVE: it never blocks the writer or
    // the readers, and copies what they let it.
    static constexpr int k_checkpoint_pages = 1000;

    void start_checkpointer(const std::string& path) {
        checkpoint_conn_ = std::make_unique<Connection>(path, false);
        sqlite3_wal_hook(writer_->handle(), &SqliteDatabase::on_wal_commit, this);
        checkpointer_ = std::thread([this] { checkpoint_loop(); });
    }

    static int on_wal_commit(void* self, sqlite3*, const char*, int pages) {
        if (pages < k_checkpoint_pages)
            return SQLITE_OK;
        auto* db = static_cast<SqliteDatabase*>(self);
        {
            std::lock_guard lock(db->checkpoint_mutex_);
            db->checkpoint_wanted_ = true;
        }
        db->checkpoint_cv_.notify_one();
        return SQLITE_OK;
    }

    void checkpoint_loop() {
        // Below the request path (nice +10; a thread may lower its own priority unprivileged):
        // on a busy machine the commits and the requests waiting on them come first, and the
        // checkpoint takes the time they leave, the WAL growing meanwhile (PASSIVE ones never
        // hold up a commit). Webhook intake on 2 cores: 3,733 against 3,470 deliveries/s, six
        // alternated runs each (bench/README.md, Run G).
        setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
        std::unique_lock lock(checkpoint_mutex_);
        for (;;) {
            checkpoint_cv_.wait(lock, [this] { return checkpoint_wanted_ || checkpoint_stop_; });
            if (checkpoint_stop_)
                return;
            checkpoint_wanted_ = false;
            lock.unlock();
            // A failure (e.g. the disk is full) is the next commit's to report; this one
            // tries again at the next wake.
            sqlite3_wal_checkpoint_v2(checkpoint_conn_->handle(), nullptr,
                                      SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
            lock.lock();
        }
    }

    Connection* acquire() {
        std::unique_lock lock(pool_mutex_);
        pool_cv_.wait(lock, [this] { return !idle_.empty(); });
        Connection* c = idle_.back();
        idle_.pop_back();
        return c;
    }
    void release(Connection* c) {
        {
            std::lock_guard lock(pool_mutex_);
            idle_.push_back(c);
        }
        pool_cv_.notify_one();
    }

    std::mutex write_mutex_;
    std::unique_ptr<Connection> writer_;
    std::mutex pool_mutex_;
    std::condition_variable pool_cv_;
    std::vector<std::unique_ptr<Connection>> readers_;
    std::vector<Connection*> idle_;
    std::unique_ptr<Connection> checkpoint_conn_;
    std::mutex checkpoint_mutex_;
    std::condition_variable checkpoint_cv_;
    bool checkpoint_wanted_ = false;
    bool checkpoint_stop_ = false;
    std::thread checkpointer_;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const SqliteOptions& options) {
    return std::make_unique<SqliteDatabase>(options);
}

}  // namespace sb::sql
