#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <set>

#include "connectors/kit/platform_error.hpp"
#include "fixture.hpp"
#include "http/client.hpp"

namespace sb::connectors::shopify::testing {
namespace {

std::uint16_t closed_port() {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return a.local_endpoint().port();  // closed again when `a` goes
}

TEST(HttpClient, SendsAndReusesConnections) {
    auto e = start_emulator();
    http::Client c;
    for (int i = 0; i < 3; ++i) {
        auto r = c.send({"GET", base_url(*e) + "/_emulator/stats", {}, {}, {}});
        EXPECT_EQ(r.status, 200);
        EXPECT_TRUE(boost::json::parse(r.body).is_object());
    }
    auto r = c.send({"POST",
                     base_url(*e) + "/admin/api/2025-01/graphql.json",
                     {{"Content-Type", "application/json"}},
                     R"({"query":"{ shop { name } }"})",
                     {}});
    EXPECT_EQ(r.status, 401);  // no token: the platform's answer comes back as a value
}

TEST(HttpClient, TypedErrorsForRefusedTimeoutAndTls) {
    http::Client c;
    try {
        c.send({"GET", "http://127.0.0.1:" + std::to_string(closed_port()) + "/", {}, {}, {}});
        FAIL() << "expected an error";
    } catch (const http::ClientError& err) {
        EXPECT_EQ(err.code(), http::ClientErrc::connection_refused);
    }

    emulators::shopify::EmulatorOptions o;
    o.latency_min_ms = o.latency_max_ms = 1500;
    auto slow = start_emulator(o);
    http::ClientRequest req{
        "POST",
        base_url(*slow) + "/admin/api/2025-01/graphql.json",
        {{"Content-Type", "application/json"}, {"X-Shopify-Access-Token", slow->admin_token()}},
        R"({"query":"{ shop { name } }"})",
        std::chrono::milliseconds(200)};
    try {
        c.send(req);
        FAIL() << "expected a timeout";
    } catch (const http::ClientError& err) {
        EXPECT_EQ(err.code(), http::ClientErrc::timeout);
    }

    // An https URL to a plain-HTTP port fails the handshake, never silently downgrades.
    try {
        c.send({"GET", "https://127.0.0.1:" + std::to_string(slow->port()) + "/", {}, {}, {}});
        FAIL() << "expected a TLS error";
    } catch (const http::ClientError& err) {
        EXPECT_TRUE(err.code() == http::ClientErrc::tls || err.code() == http::ClientErrc::reset ||
                    err.code() == http::ClientErrc::protocol)
            << http::client_errc_name(err.code());
    }
}

TEST(HttpClient, BodyLimitAndStreaming) {
    auto e = start_emulator();
    http::ClientOptions small;
    small.body_limit = 16;
    http::Client c(small);
    try {
        c.send({"GET", base_url(*e) + "/_emulator/stats", {}, {}, {}});
        FAIL() << "expected too_large";
    } catch (const http::ClientError& err) {
        EXPECT_EQ(err.code(), http::ClientErrc::too_large);
    }
    // stream() has no limit: the body arrives in chunks.
    std::string body;
    auto r = c.stream({"GET", base_url(*e) + "/_emulator/stats", {}, {}, {}},
                      [&](std::string_view chunk) {
                          body.append(chunk);
                          return true;
                      });
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(boost::json::parse(body).is_object());
}

TEST(HttpClient, PrivateTargetsAreRefusedBeforeAnyPacketAlikeForEveryPort) {
    // Issue 16, finding 1: the answers differed by port state (reset in 0.01 s, refused in
    // 5.4 s), so any API client could scan the hub's network through a store address.
    auto e = start_emulator();
    http::ClientOptions o;
    o.allow_private_targets = false;
    http::Client c(o);
    const std::vector<std::string> urls{
        base_url(*e) + "/_emulator/stats",
        "http://127.0.0.1:" + std::to_string(closed_port()) + "/",
        "http://localhost:" + std::to_string(e->port()) + "/",
        "http://[::1]:9/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3:443/",
        "http://[::ffff:127.0.0.1]:" + std::to_string(e->port()) + "/"};
    // What a job or an action reports: one code and one text for an open port, a closed
    // one and an address where nothing answers.
    std::set<std::string> reported;
    for (const auto& url : urls) {
        try {
            c.send({"GET", url, {}, {}, {}});
            ADD_FAILURE() << url << " was reached";
        } catch (const http::ClientError& err) {
            EXPECT_EQ(err.code(), http::ClientErrc::forbidden_target) << url;
            const auto e = kit::transport_error("Shopify", "ShopCurrency", err.code());
            EXPECT_EQ(error_info(e.code()).code, "platform_unreachable") << url;
            reported.insert(e.message() + "\n" + e.description());
        }
    }
    EXPECT_EQ(reported.size(), 1u);
    // Nothing reached the emulator: the one request it counted is this stats call.
    http::Client open;
    auto stats =
        boost::json::parse(open.send({"GET", base_url(*e) + "/_emulator/stats", {}, {}, {}}).body);
    EXPECT_EQ(stats.at("requests").at("total").to_number<std::int64_t>(), 1) << stats;
    for (const char* ip : {"127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
                           "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1"})
        EXPECT_TRUE(http::is_private_address(ip)) << ip;
    for (const char* ip : {"8.8.8.8", "23.227.38.65", "2606:4700::1111", "172.32.0.1"})
        EXPECT_FALSE(http::is_private_address(ip)) << ip;
}

}  // namespace
}  // namespace sb::connectors::shopify::testing
