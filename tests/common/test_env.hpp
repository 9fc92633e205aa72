#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "app/application.hpp"
#include "config/settings.hpp"

namespace sb::test {

// A directory under the system temp dir, removed on destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// The database the integration suite runs on: SQLite in a temp dir by default, or a fresh
// schema in the PostgreSQL server named by STOREBRIDGE_TEST_POSTGRES_URL (dropped after).
class TestDatabase {
  public:
    explicit TestDatabase(const std::string& dir);
    ~TestDatabase();
    const std::string& url() const { return url_; }
    bool is_postgres() const { return !schema_.empty(); }

  private:
    std::string url_;
    std::string schema_;
    std::string admin_url_;
};

bool postgres_selected();
std::string shared_dir();  // ../shared (fixtures, seeds)
std::string source_dir();  // the repository (tests/js: the pinned npm test tools)
std::string storebridge_binary();

// The real server, in process, on 127.0.0.1 port 0, with a fresh database.
class TestServer {
  public:
    explicit TestServer(config::Settings overrides = {});
    ~TestServer();
    std::uint16_t port() const { return app_->port(); }
    app::Application& app() { return *app_; }
    const config::Settings& settings() const { return settings_; }

    // The bootstrap client (every scope).
    const std::string& client_id() const { return bootstrap_.client_id; }
    const std::string& client_secret() const { return bootstrap_.client_secret; }
    // A token from POST /oauth/token for the bootstrap client; `scope` empty: all.
    std::string token(const std::string& scope = {});

  private:
    TempDir dir_;
    std::unique_ptr<TestDatabase> db_;
    config::Settings settings_;
    std::unique_ptr<app::Application> app_;
    domain::NewClient bootstrap_;
};

}  // namespace sb::test
