#include <gtest/gtest.h>

#include <map>

#include "config/settings.hpp"

namespace sb::config {

namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
    return [vars](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(std::string(name));
        if (it == vars.end())
            return std::nullopt;
        return it->second;
    };
}

}  // namespace

TEST(Settings, DefaultsToEmbeddedSqlite) {
    auto s = parse({}, env_of({}));
    EXPECT_EQ(s.listen_host, "127.0.0.1");
    EXPECT_EQ(s.listen_port, 8080);
    EXPECT_EQ(s.database_url(), "sqlite:./data/storebridge.db");
}

TEST(Settings, FlagsOverrideEnvironment) {
    auto s =
        parse({"--listen", "0.0.0.0:9000", "--data-dir=/tmp/x"},
              env_of({{"STOREBRIDGE_LISTEN", "127.0.0.1:7000"}, {"STOREBRIDGE_IO_THREADS", "3"}}));
    EXPECT_EQ(s.listen_host, "0.0.0.0");
    EXPECT_EQ(s.listen_port, 9000);
    EXPECT_EQ(s.data_dir, "/tmp/x");
    EXPECT_EQ(s.io_threads, 3);
    EXPECT_EQ(s.database_url(), "sqlite:/tmp/x/storebridge.db");
}

TEST(Settings, PostgresUrlSelectsPostgres) {
    auto s = parse({"--database", "postgres://u:p@127.0.0.1:5432/db"}, env_of({}));
    EXPECT_EQ(s.database_url(), "postgres://u:p@127.0.0.1:5432/db");
}

TEST(Settings, BadValuesThrowOneClearLine) {
    EXPECT_THROW(parse({"--listen", "nope"}, env_of({})), ConfigError);
    EXPECT_THROW(parse({"--listen", "127.0.0.1:99999"}, env_of({})), ConfigError);
    EXPECT_THROW(parse({"--database", "mysql://x"}, env_of({})), ConfigError);
    EXPECT_THROW(parse({"--io-threads", "0"}, env_of({})), ConfigError);
    EXPECT_THROW(parse({"--public-url", "ftp://x"}, env_of({})), ConfigError);
    EXPECT_THROW(parse({"--bogus"}, env_of({})), ConfigError);
    EXPECT_THROW(parse({"--listen"}, env_of({})), ConfigError);
    EXPECT_THROW(parse({}, env_of({{"STOREBRIDGE_IO_THREADS", "many"}})), ConfigError);
    try {
        parse({}, env_of({{"STOREBRIDGE_IO_THREADS", "many"}}));
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("STOREBRIDGE_IO_THREADS"), std::string::npos);
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    }
}

TEST(Settings, ConnectorBaseUrls) {
    auto s = parse(
        {"--connector-base-url", "shopify=http://127.0.0.1:9001/,shoplazza=http://127.0.0.1:9002"},
        env_of({}));
    EXPECT_EQ(s.connector_base_urls.at("shopify"), "http://127.0.0.1:9001");
    EXPECT_EQ(s.connector_base_urls.at("shoplazza"), "http://127.0.0.1:9002");
    EXPECT_THROW(parse({"--connector-base-url", "shopify"}, env_of({})), ConfigError);
    EXPECT_THROW(parse({"--connector-base-url", "shopify=ftp://x"}, env_of({})), ConfigError);
    EXPECT_THROW(parse({"--connector-base-url", "=http://x"}, env_of({})), ConfigError);
}

TEST(Settings, ExtraFlagsAndPositionalsForSubcommands) {
    std::vector<std::string> pos;
    std::vector<std::pair<std::string, std::string>> extra;
    auto s = parse({"acme", "--account", "a1", "--data-dir", "d"}, env_of({}), &pos, {"--account"},
                   &extra);
    EXPECT_EQ(pos, std::vector<std::string>{"acme"});
    ASSERT_EQ(extra.size(), 1u);
    EXPECT_EQ(extra[0].second, "a1");
    EXPECT_EQ(s.data_dir, "d");
}

}  // namespace sb::config

namespace sb::config {
namespace {

// Every flag is listed, however long its name (--allow-private-targets once wrapped the
// padding count around and threw std::length_error from --help).
TEST(Settings, UsageListsEveryFlag) {
    const std::string text = usage();
    for (const char* flag : {"--allow-private-targets", "--connector-base-url", "--data-dir"})
        EXPECT_NE(text.find(flag), std::string::npos) << flag;
    EXPECT_LT(text.size(), 20000u);
}

}  // namespace
}  // namespace sb::config
