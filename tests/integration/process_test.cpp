#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <csignal>
#include <thread>

#include "common/http_client.hpp"
#include "common/process.hpp"
#include "common/test_env.hpp"

namespace sb::test {

namespace {

// Where the binary keeps its data: a temp data dir, plus the test database URL on PostgreSQL.
std::vector<std::string> storage_flags(const TempDir& dir, const TestDatabase& db) {
    std::vector<std::string> flags = {"--data-dir", dir.path()};
    if (db.is_postgres()) {
        flags.push_back("--database");
        flags.push_back(db.url());
    }
    return flags;
}

std::vector<std::string> cmd(std::vector<std::string> head, const std::vector<std::string>& tail) {
    head.insert(head.begin(), storebridge_binary());
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
}

int count_lines(const std::string& s) {
    int n = 0;
    for (char c : s)
        n += c == '\n';
    return n;
}

}  // namespace

TEST(Process, BadConfigurationExitsNonZeroWithOneLine) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"serve", "--listen", "nowhere"},
             {"serve", "--database", "mysql://x"},
             {"serve", "--no-such-flag"},
         }) {
        auto r = run_process(cmd(args, {}));
        EXPECT_EQ(r.exit_code, 2) << args[1];
        EXPECT_EQ(count_lines(r.err), 1) << r.err;
        EXPECT_TRUE(r.err.starts_with("storebridge: ")) << r.err;
    }
    auto env = run_process(cmd({"serve"}, {}), {{"STOREBRIDGE_IO_THREADS", "lots"}});
    EXPECT_EQ(env.exit_code, 2);
    EXPECT_NE(env.err.find("STOREBRIDGE_IO_THREADS"), std::string::npos);
    auto key = run_process(cmd({"serve"}, {}), {{"STOREBRIDGE_MASTER_KEY", "too-short"}});
    EXPECT_EQ(key.exit_code, 2);
    EXPECT_NE(key.err.find("STOREBRIDGE_MASTER_KEY"), std::string::npos);
    EXPECT_EQ(run_process(cmd({"frobnicate"}, {})).exit_code, 2);
}

TEST(Process, AdminCommandsThenServeThenGracefulStop) {
    TempDir dir;
    TestDatabase db(dir.path());
    const auto flags = storage_flags(dir, db);

    auto acct = run_process(cmd({"admin", "create-account", "acme"}, flags));
    ASSERT_EQ(acct.exit_code, 0) << acct.err;
    auto a = boost::json::parse(acct.out).as_object();
    EXPECT_EQ(a.at("name"), "acme");
    EXPECT_TRUE(a.contains("id"));

    auto dup = run_process(cmd({"admin", "create-account", "acme"}, flags));
    EXPECT_NE(dup.exit_code, 0);
    EXPECT_NE(dup.err.find("conflict"), std::string::npos) << dup.err;

    auto client = run_process(
        cmd({"admin", "create-client", "--account", "acme", "--scopes", "account:read"}, flags));
    ASSERT_EQ(client.exit_code, 0) << client.err;
    auto c = boost::json::parse(client.out).as_object();
    const std::string id(c.at("client_id").as_string()), secret(c.at("client_secret").as_string());
    EXPECT_EQ(c.at("scopes").as_array().size(), 1u);

    auto bad_scope = run_process(
        cmd({"admin", "create-client", "--account", "acme", "--scopes", "root"}, flags));
    EXPECT_NE(bad_scope.exit_code, 0);

    ChildProcess server(cmd({"serve", "--listen", "127.0.0.1:0"}, flags));
    auto line = server.wait_for_line("\"listening\"");
    ASSERT_TRUE(line) << server.stderr_text();
    const auto port = static_cast<std::uint16_t>(boost::json::parse(*line).at("port").as_int64());
    // Accounts existed, so no bootstrap client was created or printed.
    EXPECT_EQ(server.stdout_text().find("client_secret"), std::string::npos);

    auto tok =
        send(port, {"POST",
                    "/oauth/token",
                    {{"Content-Type", "application/x-www-form-urlencoded"}},
                    "grant_type=client_credentials&client_id=" + id + "&client_secret=" + secret});
    ASSERT_EQ(tok.status, 200) << tok.body;
    auto me = get(port, "/v1/account", std::string(tok.json().at("access_token").as_string()));
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(me.json().at("name"), "acme");

    auto log_line = server.wait_for_line("\"event\":\"request\"");
    ASSERT_TRUE(log_line);
    auto entry = boost::json::parse(*log_line).as_object();
    EXPECT_TRUE(entry.contains("request_id"));
    EXPECT_TRUE(entry.contains("duration_us"));
    // The secret never reaches the log.
    EXPECT_EQ(server.stderr_text().find(secret), std::string::npos);

    server.signal(SIGTERM);
    EXPECT_EQ(server.wait(std::chrono::seconds(20)), 0);
}

TEST(Process, FirstStartPrintsBootstrapClientOnce) {
    TempDir dir;
    TestDatabase db(dir.path());
    const auto flags = storage_flags(dir, db);
    std::string secret;
    {
        ChildProcess server(cmd({"serve", "--listen", "127.0.0.1:0"}, flags));
        ASSERT_TRUE(server.wait_for_line("\"listening\""));
        std::string out;
        for (int i = 0; i < 100 && out.find("curl") == std::string::npos; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            out = server.stdout_text();
        }
        auto pos = out.find("client_secret: ");
        ASSERT_NE(pos, std::string::npos) << out;
        secret = out.substr(pos + 15, out.find('\n', pos) - pos - 15);
        EXPECT_FALSE(secret.empty());
        server.signal(SIGINT);
        EXPECT_EQ(server.wait(), 0);
        EXPECT_EQ(server.stderr_text().find(secret), std::string::npos);
    }
    ChildProcess again(cmd({"serve", "--listen", "127.0.0.1:0"}, flags));
    ASSERT_TRUE(again.wait_for_line("\"listening\""));
    EXPECT_EQ(again.stdout_text().find("client_secret"), std::string::npos);
    again.signal(SIGTERM);
    EXPECT_EQ(again.wait(), 0);
}

}  // namespace sb::test
