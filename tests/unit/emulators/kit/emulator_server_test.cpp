#include "emulators/common/emulator_server.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <stdexcept>
#include <vector>

#include "common/http_client.hpp"
#include "emulators/common/admin_endpoints.hpp"
#include "emulators/common/signing.hpp"

// The kit as a new emulator uses it: a runtime, a router with one API route and the shared
// control API, the dispatch, served on port 0 and asked over real HTTP.
namespace sb::emulators::common::testing {
namespace {

namespace json = boost::json;

struct ToyOptions : BaseOptions {
    std::string secret = "toy-secret";
};

struct ToyStore {
    int widgets = 3;
};

http::Response toy_error(int status, const std::string& message) {
    return http::Response::json(status, json::serialize(json::object{{"error", message}}));
}

WebhookOptions toy_webhooks() {
    WebhookOptions w;
    w.topics = {"app/uninstalled"};
    w.next_id = [] { return random_uuid(); };
    w.sign = webhook_signer("toy-secret");
    w.headers = [](const WebhookEvent&) { return Headers{}; };
    return w;
}

struct ToyRuntime : Runtime<ToyOptions, ToyStore> {
    explicit ToyRuntime(ToyOptions o, bool strict)
        : Runtime<ToyOptions, ToyStore>(o, {{}, "toy-admin", {"read_widgets"}, toy_webhooks()},
                                        std::make_unique<ToyStore>()),
          strict(strict) {}
    bool strict;
    std::atomic<std::int64_t> api_calls{0};
    bool announced = false;
};

class ToyEmulator : public Emulator<ToyOptions> {
  public:
    ToyEmulator(ToyOptions o, bool strict, std::vector<std::string>* log)
        : rt_(std::move(o), strict) {
        router_.add(
            {"GET", "/api/widgets", "", true, [this](const http::Request&, const http::Context&) {
                 ++rt_.api_calls;
                 return http::Response::json(
                     200, json::serialize(json::object{{"widgets", rt_.store->widgets}}));
             }});
        router_.add({"GET", "/api/broken", "", true,
                     [](const http::Request&, const http::Context&) -> http::Response {
                         throw std::runtime_error("boom");
                     }});
        AdminOptions admin;
        admin.error = toy_error;
        admin.strict = strict;
        admin.counted_faults = true;
        admin.throttle_storms = true;
        admin.stats = [this] {
            StatsParts p;
            p.shop = "toy";
            p.state = {{"mode", "test"}};
            p.records = {{"widgets", rt_.store->widgets}};
            p.requests = {{"api", rt_.api_calls.load()}};
            p.limits = {{"none", true}};
            return p;
        };
        admin.announce_uninstall = [this] { rt_.announced = true; };
        add_common_admin_routes(router_, rt_, std::move(admin));
        serve(rt_, rt_.options,
              [this](http::Request& req) {
                  ++rt_.requests;
                  if (req.path.rfind("/api/", 0) == 0) {
                      if (auto r = rt_.faults.inject(toy_error))
                          return *r;
                  }
                  return route(router_, req, toy_error);
              },
              {{[log] { log->push_back("start a"); }, [log] { log->push_back("stop a"); }},
               {[log] { log->push_back("start b"); }, [log] { log->push_back("stop b"); }}});
    }
    ~ToyEmulator() { stop(); }
    ToyRuntime& runtime() { return rt_; }

  private:
    ToyRuntime rt_;
    http::Router router_;
};

std::unique_ptr<ToyEmulator> start_toy(bool strict, std::vector<std::string>* log) {
    ToyOptions o;
    o.port = 0;
    auto e = std::make_unique<ToyEmulator>(o, strict, log);
    e->start();
    return e;
}

test::HttpResponse post(const ToyEmulator& e, const std::string& target, const std::string& body) {
    return test::post_json(e.port(), target, body);
}

TEST(EmulatorServer, ServesOnAFreePortAndRunsWorkersAroundTheServer) {
    std::vector<std::string> log;
    auto e = start_toy(false, &log);
    EXPECT_NE(e->port(), 0);
    EXPECT_EQ(e->admin_token(), "toy-admin");
    EXPECT_EQ(e->options().secret, "toy-secret");
    EXPECT_EQ(log, (std::vector<std::string>{"start a", "start b"}));
    const auto r = test::get(e->port(), "/api/widgets");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.json().at("widgets").as_int64(), 3);
    e->stop();
    EXPECT_EQ(log, (std::vector<std::string>{"start a", "start b", "stop b", "stop a"}));
    e->stop();  // safe again
}

TEST(EmulatorServer, RoutingErrorsInThePlatformsShape) {
    std::vector<std::string> log;
    auto e = start_toy(false, &log);
    auto r = test::get(e->port(), "/nothing");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.json().at("error"), "Not Found");
    r = post(*e, "/api/widgets", "{}");
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.json().at("error"), "Method Not Allowed");
    r = test::get(e->port(), "/api/broken");
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.json().at("error"), "boom");
}

TEST(AdminEndpoints, FaultsReachTheApiNotTheControlApi) {
    std::vector<std::string> log;
    auto e = start_toy(false, &log);
    auto f = post(*e, "/_emulator/faults", R"({"fail_next":2,"fail_rate":0})");
    ASSERT_EQ(f.status, 200);
    EXPECT_EQ(f.json().at("fail_next").as_int64(), 2);
    EXPECT_TRUE(f.json().at("throttle_until").is_null());
    EXPECT_EQ(test::get(e->port(), "/api/widgets").status, 503);
    EXPECT_EQ(test::get(e->port(), "/_emulator/stats").status, 200);
    EXPECT_EQ(test::get(e->port(), "/api/widgets").status, 503);
    EXPECT_EQ(test::get(e->port(), "/api/widgets").status, 200);

    post(*e, "/_emulator/faults", R"({"reset_rate":1})");
    EXPECT_EQ(test::raw_exchange(e->port(), "GET /api/widgets HTTP/1.1\r\nHost: x\r\n\r\n"), "");
    f = post(*e, "/_emulator/faults", R"({"reset_rate":0,"throttle_storm_seconds":30})");
    EXPECT_TRUE(f.json().at("throttle_until").is_string());
    EXPECT_TRUE(e->runtime().faults.storm());

    const json::value s = test::get(e->port(), "/_emulator/stats").json();
    EXPECT_EQ(s.at("requests").at("injected_failures").as_int64(), 2);
    EXPECT_EQ(s.at("requests").at("injected_resets").as_int64(), 1);
}

TEST(AdminEndpoints, StatsPutThePlatformsPartsInPlace) {
    std::vector<std::string> log;
    auto e = start_toy(false, &log);
    test::get(e->port(), "/api/widgets");
    const json::object s = test::get(e->port(), "/_emulator/stats").json().as_object();
    std::vector<std::string> keys;
    for (const auto& kv : s)
        keys.emplace_back(kv.key());
    EXPECT_EQ(keys, (std::vector<std::string>{"shop", "mode", "installed", "records", "requests",
                                              "limits", "webhooks"}));
    std::vector<std::string> request_keys;
    for (const auto& kv : s.at("requests").as_object())
        request_keys.emplace_back(kv.key());
    EXPECT_EQ(request_keys,
              (std::vector<std::string>{"total", "api", "injected_failures", "injected_resets"}));
    EXPECT_EQ(s.at("requests").at("total").as_int64(), 2);  // the API call and this one
    EXPECT_EQ(s.at("requests").at("api").as_int64(), 1);
    EXPECT_EQ(s.at("records").at("widgets").as_int64(), 3);
    EXPECT_EQ(s.at("webhooks").at("published").as_int64(), 0);
}

TEST(AdminEndpoints, StrictBodiesAreRefusedKeepingWhatCameBefore) {
    std::vector<std::string> log;
    auto e = start_toy(true, &log);
    auto r = post(*e, "/_emulator/faults", "[1]");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json().at("error"), "body must be a JSON object");
    r = post(*e, "/_emulator/faults", R"({"latency_max_ms":5,"fail_rate":"high"})");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json().at("error"), "fail_rate must be a number");
    EXPECT_EQ(e->runtime().faults.settings().latency_max_ms, 5);
}

TEST(AdminEndpoints, LenientBodiesPassOverWhatTheyCannotUse) {
    std::vector<std::string> log;
    auto e = start_toy(false, &log);
    EXPECT_EQ(post(*e, "/_emulator/faults", "nonsense").status, 200);
    const auto r = post(*e, "/_emulator/faults", R"({"latency_max_ms":5,"fail_rate":"high"})");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.json().at("latency_max_ms").as_int64(), 5);
    EXPECT_EQ(r.json().at("fail_rate").as_double(), 0.0);
}

TEST(AdminEndpoints, UninstallRevokesEveryTokenButTheEmulatorsOwn) {
    std::vector<std::string> log;
    auto e = start_toy(false, &log);
    AppInstall& app = e->runtime().app;
    const std::string code = app.tokens().issue_code({"read_widgets"});
    const auto token = app.tokens().exchange(code, false);
    ASSERT_TRUE(token);
    ASSERT_TRUE(app.tokens().lookup(token->access_token));
    const auto r = post(*e, "/_emulator/uninstall", "");
    EXPECT_EQ(r.body, R"({"uninstalled":true})");
    EXPECT_FALSE(app.tokens().lookup(token->access_token));
    EXPECT_TRUE(app.tokens().lookup("toy-admin"));
    EXPECT_FALSE(app.installed());
    EXPECT_TRUE(e->runtime().announced);
    EXPECT_FALSE(test::get(e->port(), "/_emulator/stats").json().at("installed").as_bool());
}

TEST(EmulatorServer, APortInUseThrows) {
    std::vector<std::string> log;
    auto first = start_toy(false, &log);
    ToyOptions o;
    o.port = first->port();
    ToyEmulator second(o, false, &log);
    EXPECT_THROW(second.start(), std::runtime_error);  // boost::system::system_error
}

}  // namespace
}  // namespace sb::emulators::common::testing
