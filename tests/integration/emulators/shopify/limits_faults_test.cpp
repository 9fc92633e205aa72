#include <stdexcept>

#include "fixture.hpp"

// Rate limits given as parameters (--bucket-size & co.) and the connection-reset fault.
namespace sb::emulators::shopify::testing {
namespace {

namespace json = boost::json;

// A raw HTTP/1.1 exchange that closes after the answer, so a missing answer shows as "".
std::string raw_request(std::uint16_t port, const std::string& method, const std::string& target,
                        const std::string& token, const std::string& body = {}) {
    std::string req = method + " " + target +
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                      "Content-Type: application/json\r\n";
    if (!token.empty())
        req += "X-Shopify-Access-Token: " + token + "\r\n";
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return test::raw_exchange(port, req, 5000);
}

json::value post_faults(const Emulator& e, const std::string& body) {
    auto r = test::post_json(e.port(), "/_emulator/faults", body);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
}

json::value stats(const Emulator& e) {
    return test::get(e.port(), "/_emulator/stats").json();
}

TEST(EmulatorLimits, FlagsOverrideThePlan) {
    const auto o =
        parse_options({"--plan", "plus", "--bucket-size", "100", "--restore-rate=10",
                       "--rest-bucket-size", "5", "--rest-leak-rate", "1", "--reset-rate", "0.3"});
    EXPECT_EQ(o.plan, "plus");
    EXPECT_EQ(o.graphql_bucket_size, 100);
    EXPECT_EQ(o.graphql_restore_rate, 10);
    EXPECT_EQ(o.rest_bucket_size, 5);
    EXPECT_EQ(o.rest_leak_rate, 1);
    EXPECT_DOUBLE_EQ(o.reset_rate, 0.3);
    const auto defaults = parse_options({});
    EXPECT_EQ(defaults.graphql_bucket_size, 0);  // 0: the plan's figure
    EXPECT_EQ(defaults.reset_rate, 0);
    const std::vector<std::vector<std::string>> bad_args{
        {"--bucket-size", "0"},      {"--restore-rate", "-5"}, {"--rest-bucket-size", "many"},
        {"--rest-leak-rate", "1.5"}, {"--reset-rate", "1.5"},  {"--bucket-size"}};
    for (const auto& bad : bad_args)
        EXPECT_THROW(parse_options(bad), std::invalid_argument) << bad[0];
}

TEST(EmulatorLimits, GraphqlBucketFromFlagsThrottlesAndRecovers) {
    EmulatorOptions o;
    o.plan = "enterprise";  // overridden below
    o.graphql_bucket_size = 100;
    o.graphql_restore_rate = 10;
    auto e = start_emulator(o);
    const std::string q = "{ orders(first: 80) { nodes { id } } }";  // 82 points

    auto first = graphql(*e, q).json();
    ASSERT_FALSE(first.as_object().contains("errors")) << json::serialize(first);
    const auto& status = first.at("extensions").at("cost").at("throttleStatus");
    EXPECT_EQ(status.at("maximumAvailable").as_int64(), 100);
    EXPECT_EQ(status.at("restoreRate").as_int64(), 10);
    EXPECT_LT(status.at("currentlyAvailable").as_int64(), 82);

    // Paying 82 again needs more than 6 s of restore; a few calls in a row cannot all pass.
    json::value throttled;
    for (int i = 0; i < 5 && throttled.is_null(); ++i) {
        auto r = graphql(*e, q).json();
        if (r.as_object().contains("errors"))
            throttled = r;
    }
    ASSERT_FALSE(throttled.is_null());
    EXPECT_EQ(throttled.at("errors").as_array()[0].at("extensions").at("code"), "THROTTLED");
    const auto& ts = throttled.at("extensions").at("cost").at("throttleStatus");
    EXPECT_EQ(ts.at("maximumAvailable").as_int64(), 100);
    EXPECT_EQ(ts.at("restoreRate").as_int64(), 10);
    EXPECT_LT(ts.at("currentlyAvailable").as_int64(), 82);

    // Recovers once the bucket has restored (about 6 s at 10 points per second).
    EXPECT_TRUE(eventually([&] { return !graphql(*e, q).json().as_object().contains("errors"); }));
    EXPECT_GE(stats(*e).at("requests").at("graphql_throttled").as_int64(), 1);

    // A query the bucket can never pay is refused outright, not throttled forever.
    auto big = graphql(*e, "{ orders(first: 150) { nodes { id } } }").json();
    EXPECT_EQ(big.at("errors").as_array()[0].at("extensions").at("code"), "MAX_COST_EXCEEDED");
    EXPECT_EQ(big.at("errors").as_array()[0].at("extensions").at("maxCost").as_int64(), 100);

    const auto limits = stats(*e).at("limits");
    EXPECT_EQ(limits.at("graphql_bucket_size").as_int64(), 100);
    EXPECT_EQ(limits.at("graphql_restore_rate").as_int64(), 10);
    EXPECT_EQ(limits.at("rest_bucket_size").as_int64(), 800);  // enterprise's, not overridden
}

TEST(EmulatorLimits, RestBucketFromFlags) {
    EmulatorOptions o;
    o.plan = "plus";  // 400 / 20 without the flags
    o.rest_bucket_size = 5;
    o.rest_leak_rate = 1;
    auto e = start_emulator(o);
    int ok = 0, limited = 0;
    std::string limit_header, retry_after;
    for (int i = 0; i < 12; ++i) {
        auto r = rest_get(*e, "/admin/api/2025-01/shop.json");
        limit_header = r.header("X-Shopify-Shop-Api-Call-Limit");
        if (r.status == 200)
            ++ok;
        if (r.status == 429) {
            ++limited;
            retry_after = r.header("Retry-After");
        }
    }
    EXPECT_GE(ok, 5);
    EXPECT_GE(limited, 1);
    EXPECT_EQ(limit_header.substr(limit_header.find('/')), "/5");
    EXPECT_FALSE(retry_after.empty());
    EXPECT_TRUE(
        eventually([&] { return rest_get(*e, "/admin/api/2025-01/shop.json").status == 200; }));
    const auto limits = stats(*e).at("limits");
    EXPECT_EQ(limits.at("rest_bucket_size").as_int64(), 5);
    EXPECT_EQ(limits.at("rest_leak_rate").as_int64(), 1);
    EXPECT_EQ(limits.at("graphql_bucket_size").as_int64(), 20000);  // plus, not overridden
}

TEST(EmulatorFaults, ResetRateClosesConnectionsWithoutAnAnswer) {
    EmulatorOptions o;
    o.plan = "plus";
    auto e = start_emulator(o);
    const std::string token = e->admin_token();
    const std::string gql_body = R"({"query":"{ shop { name } }"})";

    auto faults = post_faults(*e, R"({"reset_rate":1.0})");
    EXPECT_EQ(faults.at("reset_rate").as_double(), 1.0);
    EXPECT_EQ(raw_request(e->port(), "GET", "/admin/api/2025-01/shop.json", token), "");
    EXPECT_EQ(raw_request(e->port(), "GET", "/admin/api/2025-01/orders.json?limit=1", token), "");
    EXPECT_EQ(raw_request(e->port(), "POST", "/admin/api/2025-01/graphql.json", token, gql_body),
              "");
    // The control API is never faulted, so a test can always switch the fault off.
    EXPECT_EQ(stats(*e).at("requests").at("injected_resets").as_int64(), 3);

    post_faults(*e, R"({"reset_rate":0})");
    const auto rest = raw_request(e->port(), "GET", "/admin/api/2025-01/shop.json", token);
    EXPECT_EQ(rest.rfind("HTTP/1.1 200", 0), 0u) << rest;
    const auto gql =
        raw_request(e->port(), "POST", "/admin/api/2025-01/graphql.json", token, gql_body);
    EXPECT_EQ(gql.rfind("HTTP/1.1 200", 0), 0u) << gql;
    EXPECT_EQ(stats(*e).at("requests").at("injected_resets").as_int64(), 3);

    // A share of requests: some answered, some reset (0.5 over 40 requests: both, nearly surely).
    post_faults(*e, R"({"reset_rate":0.5})");
    int answered = 0, reset = 0;
    for (int i = 0; i < 40; ++i) {
        const auto r = raw_request(e->port(), "GET", "/admin/api/2025-01/shop.json", token);
        (r.empty() ? reset : answered) += 1;
    }
    EXPECT_GT(answered, 0);
    EXPECT_GT(reset, 0);
    EXPECT_EQ(stats(*e).at("requests").at("injected_resets").as_int64(), 3 + reset);
}

TEST(EmulatorFaults, ResetRateAppliesToBulkDownloads) {
    EmulatorOptions o;
    o.orders = 20;
    auto e = start_emulator(o);
    auto r = graphql(*e,
                     "mutation { bulkOperationRunQuery(query: \"{ orders { edges { node { id } } } "
                     "}\") { bulkOperation { id } userErrors { message } } }")
                 .json();
    const std::string id(
        r.at("data").at("bulkOperationRunQuery").at("bulkOperation").at("id").as_string());
    std::string url;
    ASSERT_TRUE(eventually([&] {
        auto op = graphql(*e,
                          "query($id: ID!) { node(id: $id) { ... on BulkOperation { status url } "
                          "} }",
                          {{"id", id}})
                      .json()
                      .at("data")
                      .at("node");
        if (op.at("status") != "COMPLETED")
            return false;
        url = std::string(op.at("url").as_string());
        return true;
    }));
    const auto path = url.substr(url.find('/', url.find("//") + 2));
    const auto download = [&] { return raw_request(e->storage_port(), "GET", path, /*token=*/{}); };
    EXPECT_EQ(download().rfind("HTTP/1.1 200", 0), 0u);
    post_faults(*e, R"({"reset_rate":1})");
    EXPECT_EQ(download(), "");
    post_faults(*e, R"({"reset_rate":0})");
    EXPECT_EQ(download().rfind("HTTP/1.1 200", 0), 0u);
    EXPECT_EQ(stats(*e).at("requests").at("injected_resets").as_int64(), 1);
}

TEST(EmulatorFaults, FailRateAndStatsStillWork) {
    EmulatorOptions o;
    o.plan = "plus";
    o.fail_rate = 1.0;  // --fail-rate: every Admin API request answered 503
    auto e = start_emulator(o);
    EXPECT_EQ(rest_get(*e, "/admin/api/2025-01/shop.json").status, 503);
    EXPECT_EQ(graphql(*e, "{ shop { name } }").status, 503);
    auto s = stats(*e);
    EXPECT_EQ(s.at("requests").at("injected_failures").as_int64(), 2);
    EXPECT_EQ(s.at("requests").at("injected_resets").as_int64(), 0);

    // Both faults at once: the reset comes first, so nothing is answered.
    auto f = post_faults(*e, R"({"fail_rate":1,"reset_rate":1})");
    EXPECT_EQ(f.at("fail_rate").as_double(), 1.0);
    EXPECT_EQ(f.at("reset_rate").as_double(), 1.0);
    EXPECT_EQ(raw_request(e->port(), "GET", "/admin/api/2025-01/shop.json", e->admin_token()), "");

    post_faults(*e, R"({"fail_rate":0,"reset_rate":0})");
    EXPECT_EQ(rest_get(*e, "/admin/api/2025-01/shop.json").status, 200);
    s = stats(*e);
    EXPECT_EQ(s.at("requests").at("injected_failures").as_int64(), 2);
    EXPECT_EQ(s.at("requests").at("injected_resets").as_int64(), 1);
    EXPECT_GE(s.at("requests").at("total").as_int64(), 4);
    EXPECT_EQ(s.at("records").at("shipping_zones").as_int64(), 4);
    EXPECT_EQ(s.at("records").at("carrier_services").as_int64(), 2);
}

// --reset-rate seeds the fault at start.
TEST(EmulatorFaults, ResetRateOption) {
    EmulatorOptions o;
    o.reset_rate = 1.0;
    auto e = start_emulator(o);
    EXPECT_EQ(raw_request(e->port(), "GET", "/admin/api/2025-01/shop.json", e->admin_token()), "");
    // OAuth and the control API are not Admin API calls.
    EXPECT_EQ(test::get(e->port(), "/_emulator/stats").status, 200);
}

}  // namespace
}  // namespace sb::emulators::shopify::testing
