#include "app/application.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "api/deps.hpp"
#include "api/dispatcher.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "domain/scopes.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"
#include "log/logger.hpp"
#include "storage/migrations.hpp"
#include "storage/sql.hpp"
#include "storage/sql_account_store.hpp"

namespace sb::app {

std::string load_master_key(const config::Settings& s) {
    std::string key;
    if (!s.master_key.empty()) {
        if (!crypto::base64_decode(s.master_key, key) || key.size() != 32) {
            throw config::ConfigError(
                "STOREBRIDGE_MASTER_KEY: expected base64 of exactly 32 bytes");
        }
        return key;
    }
    const auto path = std::filesystem::path(s.data_dir) / "master.key";
    if (std::filesystem::exists(path)) {
        std::ifstream in(path);
        std::string text;
        std::getline(in, text);
        if (!crypto::base64_decode(text, key) || key.size() != 32) {
            throw config::ConfigError(path.string() + ": expected base64 of exactly 32 bytes");
        }
        return key;
    }
    std::filesystem::create_directories(s.data_dir);
    key = crypto::random_bytes(32);
    const auto old_mask = ::umask(077);
    {
        std::ofstream out(path);
        out << crypto::base64_encode(key) << "\n";
        if (!out) {
            ::umask(old_mask);
            throw config::ConfigError("cannot write " + path.string());
        }
    }
    ::umask(old_mask);
    std::filesystem::permissions(
        path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    return key;
}

struct Application::Parts {
    config::Settings settings;
    std::unique_ptr<sql::Database> db;
    std::unique_ptr<storage::AccountStore> accounts;
    std::unique_ptr<domain::AuthService> auth;
    domain::FailureLimiter token_failures{10, std::chrono::seconds(60)};
    http::Metrics metrics;
    std::unique_ptr<api::Dispatcher> dispatcher;
    std::unique_ptr<http::Server> server;
};

Application::Application(config::Settings settings) : parts_(std::make_unique<Parts>()) {
    auto& p = *parts_;
    p.settings = std::move(settings);
    load_master_key(p.settings);  // validated now; the encrypted stores that use it come later
    p.db = sql::open_database(p.settings.database_url());
    const int applied = storage::migrate(*p.db);
    log::info("database_ready", {{"engine", p.db->engine()},
                                 {"schema_version", storage::latest_schema_version()},
                                 {"migrations_applied", applied}});
    p.accounts = storage::make_sql_account_store(*p.db);
    p.auth = std::make_unique<domain::AuthService>(
        *p.accounts, domain::AuthOptions{p.settings.token_ttl_seconds, 210'000});
}

Application::~Application() {
    stop();
}

domain::AuthService& Application::auth() {
    return *parts_->auth;
}

std::optional<domain::NewClient> Application::ensure_bootstrap_client() {
    auto& p = *parts_;
    if (p.auth->has_accounts())
        return std::nullopt;
    p.auth->create_account("admin");
    std::vector<std::string> all;
    for (auto s : domain::known_scopes())
        all.emplace_back(s);
    return p.auth->create_client("admin", all);
}

void Application::start() {
    auto& p = *parts_;
    http::ServerOptions opts;
    opts.address = p.settings.listen_host;
    opts.port = p.settings.listen_port;
    opts.io_threads = p.settings.io_threads;
    opts.handler_threads = p.settings.handler_threads;
    opts.body_limit = p.settings.body_limit;
    opts.read_timeout = std::chrono::seconds(p.settings.request_timeout_seconds);
    opts.write_timeout = std::chrono::seconds(p.settings.request_timeout_seconds);
    opts.drain_timeout = std::chrono::seconds(p.settings.shutdown_grace_seconds);

    Parts* parts = &p;
    const bool access_log = p.settings.access_log;
    p.server = std::make_unique<http::Server>(
        opts, [parts](http::Request& req) { return parts->dispatcher->handle(req); },
        [parts, access_log](const http::Exchange& x) {
            const double seconds = std::chrono::duration<double>(x.elapsed).count();
            parts->metrics.observe(x.request.method, x.request.route, x.response.status, seconds);
            if (!access_log)
                return;
            // The path only: query strings may carry codes or tokens.
            log::info("request", {{"request_id", x.request.request_id},
                                  {"method", x.request.method},
                                  {"path", x.request.path},
                                  {"route", x.request.route},
                                  {"status", x.response.status},
                                  {"duration_ms", seconds * 1000.0},
                                  {"bytes", x.response.body.size()},
                                  {"remote", x.request.remote_address}});
        });
    // Bind first so that a port picked by the OS (listen port 0) is in the public URL.
    p.server->bind();
    if (p.settings.listen_port == 0)
        p.settings.listen_port = p.server->port();

    sql::Database* db = p.db.get();
    api::Deps deps{*p.auth,
                   p.token_failures,
                   p.metrics,
                   [db] { db->ping(); },
                   p.settings.effective_public_url(),
                   std::string(db->engine())};
    p.dispatcher = std::make_unique<api::Dispatcher>(api::make_router(deps), *p.auth);
    p.server->start();
    log::info("listening", {{"address", p.settings.listen_host},
                            {"port", p.server->port()},
                            {"public_url", p.settings.effective_public_url()}});
}

std::uint16_t Application::port() const {
    return parts_->server ? parts_->server->port() : 0;
}

void Application::stop() {
    if (parts_ && parts_->server) {
        parts_->server->stop();
        log::info("stopped");
        parts_->server.reset();
    }
}

void Application::run_until_signal() {
    if (parts_->server) {
        parts_->server->run_until_signal();
        log::info("stopped");
        parts_->server.reset();
    }
}

}  // namespace sb::app
