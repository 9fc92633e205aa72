// `storebridge push`, the custom connector's reference client: the real binary against the
// real server over HTTP on 127.0.0.1.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "common/api_client.hpp"
#include "common/process.hpp"
#include "common/test_env.hpp"

namespace sb::test {

namespace {

namespace json = boost::json;

config::Settings api_only() {
    config::Settings s;
    s.sync_workers = 0;
    return s;
}

std::string order_line(int n, const std::string& amount = R"("12.50")") {
    const std::string id = "o" + std::to_string(n);
    return R"({"type":"COMMERCE_ORDER","external_id":")" + id +
           R"(","updated_at":"2026-11-02T10:00:00Z","data":{"name":"#)" + std::to_string(n) +
           R"(","currency":"EUR","status":"open","total":{"amount":)" + amount +
           R"(,"currency":"EUR"},"customer_id":"c)" + std::to_string(n % 50) +
           R"(","line_items":[{"id":"li1","title":"Mug","quantity":2}],)"
           R"("created_at":"2026-11-01T10:00:00Z"}})";
}

class PushCli : public ::testing::Test {
  protected:
    TestServer server{api_only()};
    Api api{server.port(), server.token()};
    TempDir dir;
    std::string org = str(api.create("/v1/organizations", R"({"name":"Acme"})").at("id"));
    std::string base = "/v1/organizations/" + org + "/integrations";
    json::object created =
        api.create(base, R"({"name":"Home-grown shop","connector_id":"custom"})");
    std::string id = str(created.at("id"));
    std::string secret = str(created.at("push_secret"));

    std::string write_file(const std::string& name, const std::vector<std::string>& lines) {
        const std::string path = dir.path() + "/" + name;
        std::ofstream out(path);
        for (const auto& l : lines)
            out << l << "\n";
        return path;
    }

    RunResult push(const std::string& file, std::vector<std::string> extra = {},
                   const std::string& key = {}) {
        std::vector<std::string> argv = {storebridge_binary(),
                                         "push",
                                         file,
                                         "--integration",
                                         id,
                                         "--url",
                                         "http://127.0.0.1:" + std::to_string(server.port())};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return run_process(argv, {{"STOREBRIDGE_PUSH_SECRET", key.empty() ? secret : key}});
    }

    // The orders the commerce read serves, all pages of it.
    std::int64_t orders() {
        std::int64_t n = 0;
        std::string path = "/api/v6/users/" + org + "/commerce-orders?limit=200";
        while (!path.empty()) {
            auto r = api.get(path);
            EXPECT_EQ(r.status, 200) << r.body;
            if (r.status != 200)
                return -1;
            const auto page = r.json();
            n += page.at("count").as_int64();
            const auto* next = page.at("_links").as_object().if_contains("next");
            path.clear();
            if (next) {
                const std::string href = str(next->at("href"));
                path = href.substr(href.find("/api/"));
            }
        }
        return n;
    }
};

json::object summary(const RunResult& r) {
    return json::parse(r.out).as_object();
}

}  // namespace

TEST_F(PushCli, AFileOfThousandsArrivesWholeAndARerunWritesNothing) {
    std::vector<std::string> lines;
    for (int n = 1; n <= 3000; ++n) {
        lines.push_back(order_line(n));
        if (n % 1000 == 0)
            lines.emplace_back();  // blank lines are skipped
    }
    const auto file = write_file("orders.jsonl", lines);

    auto first = push(file, {"--batch", "500"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.err.find("push: 3000 records, 6 batches"), std::string::npos) << first.err;
    auto s1 = summary(first);
    EXPECT_EQ(s1.at("records").as_int64(), 3000);
    EXPECT_EQ(s1.at("batches").as_int64(), 6);
    EXPECT_EQ(s1.at("written").as_int64(), 3000);
    EXPECT_EQ(s1.at("duplicate_batches").as_int64(), 0);
    EXPECT_EQ(orders(), 3000);
    auto one = api.get("/api/v6/users/" + org + "/commerce-orders/o2999");
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(one.json().at("total").at("amount"), "12.50");

    // Where the feed stands after the first run: a record pushed with the token marks it.
    auto mark = api.post(base + "/" + id + "/records",
                         R"({"records":[{"type":"COMMERCE_CUSTOMER","external_id":"c-mark",)"
                         R"("updated_at":"2026-11-02T10:00:00Z","data":{"email":"m@x.test"}}]})");
    ASSERT_EQ(mark.status, 200) << mark.body;
    const auto seq = mark.json().at("last_change_seq").as_int64();

    // A rerun (as after a crash) sends the same webhook-ids: every batch is a duplicate.
    auto again = push(file, {"--batch", "500"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    auto s2 = summary(again);
    EXPECT_EQ(s2.at("duplicate_batches").as_int64(), 6);
    EXPECT_EQ(s2.at("written").as_int64(), 0);
    EXPECT_EQ(orders(), 3000);
    auto feed = api.get("/v1/organizations/" + org + "/changes?after=" + std::to_string(seq));
    ASSERT_EQ(feed.status, 200) << feed.body;
    EXPECT_TRUE(feed.json().at("_embedded").at("items").as_array().empty()) << feed.body;
}

TEST_F(PushCli, ABadRecordFailsWithItsLineNumber) {
    std::vector<std::string> lines;
    for (int n = 1; n <= 6; ++n)
        lines.push_back(order_line(n, n == 4 ? "12.5" : R"("12.50")"));
    const auto file = write_file("bad.jsonl", lines);
    auto r = push(file, {"--batch", "3"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("batch 2 (lines 4-6) refused: validation_failed: line 4 "
                         "data.total.amount"),
              std::string::npos)
        << r.err;
    // The batch before it was accepted; the refused one stored nothing.
    EXPECT_EQ(orders(), 3);

    // A line that is not JSON fails before its batch is sent.
    const auto broken = write_file("broken.jsonl", {order_line(7), "{\"type\":", order_line(8)});
    auto b = push(broken);
    EXPECT_EQ(b.exit_code, 1);
    EXPECT_NE(b.err.find("line 2: not a JSON object"), std::string::npos) << b.err;
    EXPECT_EQ(orders(), 3);
}

TEST_F(PushCli, AWrongSecretOrNoHubFailsWithOneLine) {
    const auto file = write_file("one.jsonl", {order_line(1)});
    auto wrong = push(file, {}, "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    EXPECT_EQ(wrong.exit_code, 1);
    EXPECT_NE(wrong.err.find("refused the signature"), std::string::npos) << wrong.err;
    EXPECT_EQ(orders(), 0);

    // Nothing listens on a port this process held and closed: bounded retries, then out.
    std::uint16_t closed = 0;
    {
        TestServer gone{api_only()};
        closed = gone.port();
    }
    auto none = run_process({storebridge_binary(), "push", file, "--integration", id, "--url",
                             "http://127.0.0.1:" + std::to_string(closed), "--attempts", "2"},
                            {{"STOREBRIDGE_PUSH_SECRET", secret}});
    EXPECT_EQ(none.exit_code, 1);
    EXPECT_NE(none.err.find("gave up after 2 attempts"), std::string::npos) << none.err;
    EXPECT_EQ(std::count(none.err.begin(), none.err.end(), '\n'), 1) << none.err;

    // Bad arguments: exit 2.
    EXPECT_EQ(run_process({storebridge_binary(), "push", file}).exit_code, 2);
    EXPECT_EQ(push(file, {"--batch", "1001"}).exit_code, 2);
}

}  // namespace sb::test
