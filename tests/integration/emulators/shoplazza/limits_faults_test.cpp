#include <chrono>

#include "fixture.hpp"

namespace sb::emulators::shoplazza::testing {
namespace {

namespace json = boost::json;

TEST(ShoplazzaLimits, LeakyBucketThrottlesThenRecovers) {
    EmulatorOptions o;
    o.bucket_size = 5;
    o.leak_rate = 2;
    auto e = start_emulator(o);
    int ok = 0;
    test::HttpResponse throttled;
    for (int i = 0; i < 8; ++i) {
        auto r = api_get(*e, "/openapi/2022-01/shop");
        if (r.status == 200) {
            ++ok;
            EXPECT_EQ(r.header("X-RateLimit-Limit"), "5");
        } else if (r.status == 429) {
            throttled = r;
        }
    }
    EXPECT_GE(ok, 5);
    ASSERT_EQ(throttled.status, 429);
    EXPECT_EQ(throttled.json().at("errors").as_array().at(0), "Too Many Requests");
    EXPECT_GE(std::stoi(throttled.header("Retry-After")), 1);
    EXPECT_EQ(throttled.header("X-RateLimit-Remaining"), "0");
    // Another token has its own bucket.
    const std::string other = token_with_scopes(*e, "read_shop");
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/shop", other).status, 200);
    EXPECT_TRUE(eventually([&] { return api_get(*e, "/openapi/2022-01/shop").status == 200; },
                           std::chrono::seconds(5)));
    const json::value stats = test::get(e->port(), "/_emulator/stats").json();
    EXPECT_GE(stats.at("requests").at("throttled").as_int64(), 1);
}

TEST(ShoplazzaFaults, FailRateAnswers503AndResets) {
    auto e = start_emulator();
    ASSERT_EQ(admin(*e, "POST", "/_emulator/faults", R"({"fail_rate":1.0})").status, 200);
    auto r = api_get(*e, "/openapi/2022-01/orders");
    EXPECT_GE(r.status, 500);
    EXPECT_EQ(admin(*e, "GET", "/_emulator/stats", "").status, 200);  // admin API unaffected
    ASSERT_EQ(admin(*e, "POST", "/_emulator/faults", R"({"fail_rate":0,"reset_rate":1.0})").status,
              200);
    const std::string raw = test::raw_exchange(
        e->port(), "GET /openapi/2022-01/shop HTTP/1.1\r\nHost: x\r\nAccess-Token: " +
                       e->admin_token() + "\r\n\r\n");
    EXPECT_EQ(raw.find("HTTP/1.1"), std::string::npos);
    ASSERT_EQ(admin(*e, "POST", "/_emulator/faults", R"({"reset_rate":0})").status, 200);
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/shop").status, 200);
    const json::value stats = test::get(e->port(), "/_emulator/stats").json();
    EXPECT_EQ(stats.at("requests").at("injected_failures").as_int64(), 1);
    EXPECT_EQ(stats.at("requests").at("injected_resets").as_int64(), 1);
}

TEST(ShoplazzaLimits, LargeStoreStartsFastAndPages) {
    EmulatorOptions o;
    o.orders = 10'000;
    o.bucket_size = 1000;
    const auto t0 = std::chrono::steady_clock::now();
    auto e = start_emulator(o);
    std::string token;
    std::int64_t seen = 0;
    do {
        const json::value page = api_get(*e, "/openapi/2022-01/orders?limit=250" +
                                                 (token.empty() ? "" : "&next_token=" + token))
                                     .json();
        seen += static_cast<std::int64_t>(page.at("orders").as_array().size());
        token = std::string(page.at("next_token").as_string());
    } while (!token.empty());
    EXPECT_EQ(seen, 10'000);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(60));
}

TEST(ShoplazzaCli, ParsesFlags) {
    const auto o = parse_options({"--listen",
                                  "0.0.0.0:0",
                                  "--shop-domain=a.myshoplaza.com",
                                  "--seed",
                                  "9",
                                  "--orders",
                                  "5",
                                  "--bucket-size",
                                  "7",
                                  "--leak-rate",
                                  "3",
                                  "--client-id",
                                  "c",
                                  "--client-secret",
                                  "s",
                                  "--latency-ms",
                                  "1:5",
                                  "--fail-rate",
                                  "0.5",
                                  "--webhook-retry-scale",
                                  "0.01"});
    EXPECT_EQ(o.host, "0.0.0.0");
    EXPECT_EQ(o.port, 0);
    EXPECT_EQ(o.shop_domain, "a.myshoplaza.com");
    EXPECT_EQ(o.seed, 9u);
    EXPECT_EQ(o.bucket_size, 7);
    EXPECT_EQ(o.leak_rate, 3);
    EXPECT_EQ(o.latency_min_ms, 1);
    EXPECT_EQ(o.latency_max_ms, 5);
    EXPECT_THROW(parse_options({"--shop-domain", "a.myshopify.com"}), std::invalid_argument);
    EXPECT_THROW(parse_options({"--fail-rate", "2"}), std::invalid_argument);
    EXPECT_THROW(parse_options({"--bogus", "1"}), std::invalid_argument);
}

}  // namespace
}  // namespace sb::emulators::shoplazza::testing
