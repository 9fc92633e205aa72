#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "api/dispatcher.hpp"
#include "common/eventually.hpp"
#include "common/http_client.hpp"
#include "common/test_env.hpp"
#include "http/server.hpp"
#include "storage/migrations.hpp"
#include "storage/sql.hpp"
#include "storage/sql_account_store.hpp"

namespace sb::test {

namespace {

std::string code_of(const HttpResponse& r) {
    auto v = r.json();
    return std::string(v.at("code").as_string());
}

void expect_error_shape(const HttpResponse& r) {
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    auto v = r.json().as_object();
    EXPECT_TRUE(v.at("code").is_string());
    EXPECT_TRUE(v.at("message").is_string());
    EXPECT_TRUE(v.at("description").is_string());
    EXPECT_TRUE(v.at("fields").is_array());
}

}  // namespace

class HttpCore : public ::testing::Test {
  protected:
    TestServer server;
};

TEST_F(HttpCore, HealthAndReadiness) {
    auto h = get(server.port(), "/healthz");
    EXPECT_EQ(h.status, 200);
    EXPECT_EQ(h.json().at("status"), "ok");
    auto r = get(server.port(), "/readyz");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.json().at("database"), postgres_selected() ? "postgres" : "sqlite");
}

TEST_F(HttpCore, UnknownPathIs404InTheErrorShape) {
    auto r = get(server.port(), "/nope");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(code_of(r), "not_found");
    expect_error_shape(r);
}

TEST_F(HttpCore, WrongMethodIs405WithAllow) {
    auto r = send(server.port(), {"DELETE", "/healthz", {}, {}});
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(code_of(r), "method_not_allowed");
    EXPECT_EQ(r.header("Allow"), "GET");
    expect_error_shape(r);
}

TEST_F(HttpCore, MalformedJsonIs400) {
    auto r =
        send(server.port(),
             {"POST", "/oauth/token", {{"Content-Type", "application/json"}}, "{\"grant_type\":"});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(code_of(r), "invalid_json");
    expect_error_shape(r);
}

TEST_F(HttpCore, WrongContentTypeIs415) {
    auto r =
        send(server.port(), {"POST", "/oauth/token", {{"Content-Type", "text/plain"}}, "hello"});
    EXPECT_EQ(r.status, 415);
    EXPECT_EQ(code_of(r), "unsupported_media_type");
    expect_error_shape(r);
}

TEST_F(HttpCore, BodyOverLimitIs413) {
    std::string big(server.settings().body_limit + 10, 'x');
    auto r =
        send(server.port(), {"POST", "/oauth/token", {{"Content-Type", "application/json"}}, big});
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(code_of(r), "payload_too_large");
    expect_error_shape(r);
}

// The routes a store pushes its batches to read up to 16 MiB; the rest keep --body-limit.
TEST_F(HttpCore, PushRoutesTakeLargerBodiesThanTheRest) {
    const std::string two_mb(2 * 1024 * 1024, ' ');
    const std::string body = "{}" + two_mb;
    const std::vector<std::pair<std::string, std::string>> json{
        {"Content-Type", "application/json"}};
    // Read whole, then refused for what it is (no token): not for its size.
    auto push =
        send(server.port(), {"POST", "/v1/organizations/o/integrations/i/records", json, body});
    EXPECT_EQ(push.status, 401) << push.body;
    auto signed_push = send(server.port(), {"POST", "/webhooks/custom/i?x=1", json, body});
    EXPECT_NE(signed_push.status, 413) << signed_push.body;
    // Another route, the same body: over the server's limit.
    auto other = send(server.port(), {"POST", "/v1/organizations", json, body});
    EXPECT_EQ(other.status, 413);
    EXPECT_NE(other.body.find(std::to_string(server.settings().body_limit)), std::string::npos);
    // Over the push routes' own limit.
    const std::string huge(16 * 1024 * 1024 + 1, ' ');
    auto too_big = send(server.port(), {"POST", "/webhooks/custom/i", json, huge});
    EXPECT_EQ(too_big.status, 413);
    EXPECT_NE(too_big.body.find("16777216"), std::string::npos) << too_big.body;
}

// Load shedding: past max_queued_requests waiting for a handler thread, a request is answered
// 503 with Retry-After at once instead of waiting without bound.
TEST(HttpShedding, RequestsPastTheQueueBoundAreShedWithRetryAfter) {
    http::ServerOptions so;
    so.port = 0;
    so.handler_threads = 1;
    so.max_queued_requests = 2;
    std::mutex mutex;
    std::condition_variable cv;
    bool release = false;
    http::Server server(so, [&](http::Request&) {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return release; });
        return http::Response::text(200, "ok");
    });
    server.start();
    std::vector<std::thread> clients;
    std::vector<int> statuses(6, 0);
    std::vector<std::string> retry_after(6);
    for (int i = 0; i < 6; ++i) {
        clients.emplace_back([&, i] {
            auto r = send(server.port(), {"GET", "/slow", {}, {}});
            statuses[static_cast<std::size_t>(i)] = r.status;
            retry_after[static_cast<std::size_t>(i)] = r.header("Retry-After");
        });
    }
    // Two are held (one running, one waiting); the other four are shed without waiting.
    ASSERT_TRUE(eventually([&] { return std::count(statuses.begin(), statuses.end(), 503) == 4; },
                           std::chrono::seconds(10)));
    {
        std::lock_guard lock(mutex);
        release = true;
    }
    cv.notify_all();
    for (auto& t : clients)
        t.join();
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 2);
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        if (statuses[i] == 503) {
            EXPECT_EQ(retry_after[i], "1");
        }
    }
}

TEST_F(HttpCore, RequestIdIsEchoedOrGenerated) {
    auto r = send(server.port(), {"GET", "/healthz", {{"X-Request-Id", "abc-123"}}, {}});
    EXPECT_EQ(r.header("X-Request-Id"), "abc-123");
    auto g = get(server.port(), "/healthz");
    EXPECT_FALSE(g.header("X-Request-Id").empty());
    EXPECT_NE(g.header("X-Request-Id"), get(server.port(), "/healthz").header("X-Request-Id"));
    // A hostile id is replaced, not echoed.
    auto h = send(server.port(), {"GET", "/healthz", {{"X-Request-Id", "a b<script>"}}, {}});
    EXPECT_NE(h.header("X-Request-Id"), "a b<script>");
}

TEST_F(HttpCore, KeepAliveServesSeveralRequestsOnOneConnection) {
    const std::string one = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    const std::string last = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    auto out = raw_exchange(server.port(), one + one + last);
    std::size_t count = 0;
    for (std::size_t pos = 0; (pos = out.find("HTTP/1.1 200", pos)) != std::string::npos; ++pos)
        ++count;
    EXPECT_EQ(count, 3u);
}

TEST_F(HttpCore, GarbageRequestClosesWithoutCrashing) {
    raw_exchange(server.port(), "NOT HTTP AT ALL\r\n\r\n", 500);
    EXPECT_EQ(get(server.port(), "/healthz").status, 200);
}

TEST_F(HttpCore, MetricsCountRequestsByRouteAndStatus) {
    get(server.port(), "/healthz");
    get(server.port(), "/nope");
    // An exchange is counted once its answer is written, which may be just after the client
    // has read it: poll, bounded.
    const std::string healthz_line =
        R"(storebridge_http_requests_total{method="GET",route="/healthz",status="200"} 1)";
    HttpResponse r;
    for (int i = 0; i < 100; ++i) {
        r = get(server.port(), "/metrics");
        if (r.body.find(healthz_line) != std::string::npos &&
            r.body.find(R"(route="unmatched",status="404"} 1)") != std::string::npos)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find(healthz_line), std::string::npos) << r.body;
    EXPECT_NE(r.body.find(R"(route="unmatched",status="404"} 1)"), std::string::npos);
    EXPECT_NE(r.body.find("storebridge_http_request_duration_seconds_bucket"), std::string::npos);
}

// An in-flight request finishes when the server is asked to stop mid-body.
TEST(HttpDrain, InFlightRequestCompletesDuringShutdown) {
    TestServer server;
    namespace asio = boost::asio;
    const std::string body = R"({"grant_type":"client_credentials"})";
    const std::string head =
        "POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n";
    asio::io_context ioc;
    asio::ip::tcp::socket sock(ioc);
    sock.connect({asio::ip::make_address("127.0.0.1"), server.port()});
    asio::write(sock, asio::buffer(head + body.substr(0, 5)));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::thread stopper([&] { server.app().stop(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    asio::write(sock, asio::buffer(body.substr(5)));
    std::string out;
    char buf[4096];
    boost::system::error_code ec;
    for (;;) {
        auto n = sock.read_some(asio::buffer(buf), ec);
        out.append(buf, n);
        if (ec)
            break;
    }
    stopper.join();
    // The handler ran: the answer is an OAuth error for the missing client, with close.
    EXPECT_NE(out.find("HTTP/1.1 401"), std::string::npos) << out;
    EXPECT_NE(out.find("Connection: close"), std::string::npos) << out;
}

// An AuthService on a fresh, migrated SQLite file, for Dispatchers over routes a test adds.
class DispatcherTest : public ::testing::Test {
  protected:
    TempDir dir;
    std::unique_ptr<sql::Database> db = sql::open_sqlite({dir.path() + "/t.db"});
    std::unique_ptr<storage::AccountStore> store = migrated_store(*db);
    domain::AuthService auth{*store};

  private:
    static std::unique_ptr<storage::AccountStore> migrated_store(sql::Database& d) {
        storage::migrate(d);
        return storage::make_sql_account_store(d);
    }
};

// Unknown exceptions become a 500 with no internals in the body.
TEST_F(DispatcherTest, UnknownExceptionIs500WithoutInternals) {
    http::Router router;
    router.add({"GET", "/boom", "", true,
                [](const http::Request&, const http::Context&) -> http::Response {
                    throw std::runtime_error("secret internal detail at /srv/db");
                }});
    api::Dispatcher dispatcher(std::move(router), auth);
    http::Request req;
    req.method = "GET";
    ASSERT_TRUE(http::parse_target("/boom", req));
    req.request_id = "rid-1";
    auto res = dispatcher.handle(req);
    EXPECT_EQ(res.status, 500);
    EXPECT_EQ(res.body.find("secret internal detail"), std::string::npos);
    EXPECT_NE(res.body.find("\"code\":\"internal_error\""), std::string::npos);
}

// A request the placement keeps on the I/O thread is answered while the only handler thread
// is held by another request; the held one then finishes on the pool.
TEST(HttpPlacement, LocalReadsAnswerWhileEveryHandlerThreadIsBusy) {
    std::promise<void> slow_started, release_slow;
    auto released = release_slow.get_future().share();
    std::atomic<bool> slow_done{false};
    std::thread::id fast_thread, slow_thread;
    http::ServerOptions opts;
    opts.port = 0;
    opts.io_threads = 1;
    opts.handler_threads = 1;
    http::Server server(
        opts,
        [&](http::Request& req) {
            if (req.path == "/slow") {
                slow_thread = std::this_thread::get_id();
                slow_started.set_value();
                // Bounded: if /fast queued behind this handler, the test fails instead of hanging.
                released.wait_for(std::chrono::seconds(5));
                slow_done = true;
                return http::Response::json(200, R"({"slow":true})");
            }
            fast_thread = std::this_thread::get_id();
            return http::Response::json(200, R"({"fast":true})");
        },
        {}, [](http::Request& req) { return req.path == "/fast"; });
    server.start();
    auto slow = std::async(std::launch::async, [&] { return get(server.port(), "/slow"); });
    slow_started.get_future().wait();
    const auto fast = get(server.port(), "/fast");
    EXPECT_EQ(fast.status, 200);
    EXPECT_FALSE(slow_done) << "/fast waited for the busy handler thread";
    release_slow.set_value();
    EXPECT_EQ(slow.get().status, 200);
    EXPECT_NE(fast_thread, slow_thread);
    server.stop();
}

// Which requests the hub may answer on an I/O thread: GETs (and HEADs) of routes that call no
// platform, and paths no route takes.
TEST_F(DispatcherTest, LocalReadsAreGetsThatCallNoPlatform) {
    auto ok = [](const http::Request&, const http::Context&) { return http::Response{}; };
    http::Router router;
    router.add({"GET", "/records/{id}", "", true, ok});
    router.add({"POST", "/records", "", true, ok});
    router.add({"GET", "/callback/{provider}", "", true, ok, /*calls_platform=*/true});
    api::Dispatcher dispatcher(std::move(router), auth);
    auto local = [&](const char* method, const char* target) {
        http::Request req;
        req.method = method;
        EXPECT_TRUE(http::parse_target(target, req));
        return dispatcher.is_local_read(req);
    };
    EXPECT_TRUE(local("GET", "/records/7"));
    EXPECT_TRUE(local("HEAD", "/records/7"));
    EXPECT_FALSE(local("POST", "/records"));
    EXPECT_FALSE(local("GET", "/callback/shopify?code=abc"));
    EXPECT_TRUE(local("GET", "/nothing/here"));
}

}  // namespace sb::test
