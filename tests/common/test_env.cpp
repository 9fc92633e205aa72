#include "common/test_env.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "common/http_client.hpp"
#include "crypto/crypto.hpp"
#include "storage/sql.hpp"

namespace sb::test {

TempDir::TempDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "storebridge-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data()))
        throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

bool postgres_selected() {
    const char* v = std::getenv("STOREBRIDGE_TEST_POSTGRES_URL");
    return v && *v;
}

std::string source_dir() {
    return STOREBRIDGE_TEST_SOURCE_DIR;
}

std::string shared_dir() {
    const char* v = std::getenv("STOREBRIDGE_SHARED_DIR");
    return v ? v : STOREBRIDGE_TEST_SHARED_DIR;
}

std::string storebridge_binary() {
    const char* v = std::getenv("STOREBRIDGE_BINARY");
    return v ? v : STOREBRIDGE_TEST_BINARY;
}

TestDatabase::TestDatabase(const std::string& dir) {
    if (!postgres_selected()) {
        url_ = "sqlite:" + dir + "/storebridge.db";
        return;
    }
    admin_url_ = std::getenv("STOREBRIDGE_TEST_POSTGRES_URL");
    schema_ = "t_" + crypto::hex_encode(crypto::random_bytes(6));
    auto admin = sql::open_postgres({admin_url_, 1});
    admin->write([&](sql::Session& s) { s.exec("CREATE SCHEMA " + schema_); });
    url_ = admin_url_ + (admin_url_.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema_;
}

TestDatabase::~TestDatabase() {
    if (schema_.empty())
        return;
    try {
        auto admin = sql::open_postgres({admin_url_, 1});
        admin->write([&](sql::Session& s) { s.exec("DROP SCHEMA " + schema_ + " CASCADE"); });
    } catch (...) {
    }
}

TestServer::TestServer(config::Settings overrides) : settings_(std::move(overrides)) {
    db_ = std::make_unique<TestDatabase>(dir_.path());
    settings_.listen_host = "127.0.0.1";
    settings_.listen_port = 0;
    settings_.data_dir = dir_.path();
    settings_.database = db_->url();
    settings_.access_log = false;
    app_ = std::make_unique<app::Application>(settings_);
    auto boot = app_->ensure_bootstrap_client();
    if (!boot)
        throw std::runtime_error("fresh test database already had accounts");
    bootstrap_ = *boot;
    app_->start();
}

TestServer::~TestServer() {
    app_->stop();
    app_.reset();
}

std::string TestServer::token(const std::string& scope) {
    std::string body = "grant_type=client_credentials&client_id=" + client_id() +
                       "&client_secret=" + client_secret();
    if (!scope.empty()) {
        std::string enc;
        for (char c : scope)
            enc += (c == ' ') ? std::string("+") : std::string(1, c);
        body += "&scope=" + enc;
    }
    auto res = send(
        port(),
        {"POST", "/oauth/token", {{"Content-Type", "application/x-www-form-urlencoded"}}, body});
    if (res.status != 200)
        throw std::runtime_error("token request failed: " + res.body);
    return std::string(res.json().at("access_token").as_string());
}

}  // namespace sb::test
