#include "connectors/kit/platform_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <string>
#include <tuple>
#include <vector>

#include "scripted_platform.hpp"

// PlatformClient against a real platform on a loopback port whose answers each test scripts.
namespace sb::connectors::kit {
namespace {

using namespace std::chrono_literals;
using namespace fakes;
using Clock = std::chrono::steady_clock;

// A loopback port nothing listens on: bound for a moment, then closed.
std::uint16_t unused_port() {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor a(
        ioc, {boost::asio::ip::address_v4::loopback(), static_cast<unsigned short>(0)});
    const auto port = a.local_endpoint().port();
    a.close();
    return port;
}

// A scripted platform and a client for it.
struct Rig {
    explicit Rig(std::vector<ScriptedPlatform::Step> script, AnswerHook on_answer = {})
        : platform(std::move(script)),
          client(http, "Test", "store.example", std::move(on_answer)) {}

    // Quick retries, so that a wait a test measures can only come from a Retry-After.
    Call call(bool idempotent = true) const {
        Call c;
        c.request.method = idempotent ? "GET" : "POST";
        c.request.url = platform.url();
        c.label = c.request.method + " thing";
        c.policy.idempotent = idempotent;
        c.policy.retry.max_attempts = 3;
        c.policy.retry.base_delay = 1ms;
        c.policy.retry.max_delay = 5ms;
        c.policy.retry.max_throttled = 3;
        return c;
    }

    // The error a call ends with, JSON body checked; fails the test when it succeeds.
    PlatformError failure(const Call& c) const {
        try {
            client.json_object(client.send(c), c.label);
        } catch (const PlatformError& e) {
            return e;
        }
        ADD_FAILURE() << "the call succeeded";
        return PlatformError(Errc::internal_error, "", "", 0);
    }

    int requests() const { return platform.requests(); }

    ScriptedPlatform platform;
    http::Client http;
    PlatformClient client;
};

TEST(PlatformClient, RetriesA503ThenReturnsTheAnswer) {
    Rig r({status(503), status(503), status(200)});
    auto answer = r.client.send(r.call());
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(r.client.json_object(answer, "GET thing").at("ok"), true);
    EXPECT_EQ(r.requests(), 3);
}

TEST(PlatformClient, WaitsAtLeastTheRetryAfterSecondsOf429And503) {
    for (int code : {429, 503}) {
        Rig r({with_header(code, "Retry-After", "1"), status(200)});
        const auto start = Clock::now();
        EXPECT_EQ(r.client.send(r.call()).status, 200);
        EXPECT_GE(Clock::now() - start, 1000ms) << code;
        EXPECT_EQ(r.requests(), 2);
    }
}

TEST(PlatformClient, WaitsUntilTheRetryAfterDate) {
    // Whole seconds: a date 2 s ahead is more than 1 s ahead once truncated.
    const auto at = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + 2s;
    const std::time_t t = std::chrono::system_clock::to_time_t(at);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char date[64];
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    Rig r({with_header(429, "Retry-After", date), status(200)});
    const auto start = Clock::now();
    EXPECT_EQ(r.client.send(r.call()).status, 200);
    EXPECT_GE(Clock::now() - start, 900ms) << date;
}

TEST(PlatformClient, AThrottleWithoutRetryAfterBacksOffAtLeastHalfTheWindow) {
    Rig r({status(429), status(429), status(200)});
    auto call = r.call();
    call.policy.retry.base_delay = 100ms;
    call.policy.retry.max_delay = 1000ms;
    const auto start = Clock::now();
    EXPECT_EQ(r.client.send(call).status, 200);
    EXPECT_GE(Clock::now() - start, 150ms);  // half of 100 ms, then half of 200 ms
}

TEST(PlatformClient, ARetryAfterPastTheLimitEndsTheCallAtOnce) {
    Rig r({with_header(429, "Retry-After", "3600"), status(200)});
    const auto start = Clock::now();
    auto e = r.failure(r.call());
    EXPECT_EQ(e.code(), Errc::rate_limited);
    EXPECT_EQ(e.platform_status(), 429);
    EXPECT_LT(Clock::now() - start, 1000ms);
    EXPECT_EQ(r.requests(), 1);
}

TEST(PlatformClient, ACallThatIsNotIdempotentIsNotSentAgainOnceItMayHaveArrived) {
    {  // the connection dropped after the request went out
        Rig r({dropped(), status(200)});
        auto e = r.failure(r.call(false));
        EXPECT_EQ(e.code(), Errc::platform_error);
        EXPECT_EQ(e.transport(), http::ClientErrc::reset);
        EXPECT_EQ(r.requests(), 1);
    }
    {  // no answer in time
        Rig r({slow(400ms), status(200)});
        auto call = r.call(false);
        call.policy.timeout = 100ms;
        auto e = r.failure(call);
        EXPECT_EQ(e.code(), Errc::platform_timeout);
        EXPECT_EQ(r.requests(), 1);
    }
    {  // the platform failed while running it
        Rig r({status(503), status(200)});
        auto e = r.failure(r.call(false));
        EXPECT_EQ(e.code(), Errc::platform_error);
        EXPECT_EQ(e.platform_status(), 503);
        EXPECT_EQ(r.requests(), 1);
    }
    {  // a 429 says it was not run: sent again
        Rig r({with_header(429, "Retry-After", "0"), status(200)});
        EXPECT_EQ(r.client.send(r.call(false)).status, 200);
        EXPECT_EQ(r.requests(), 2);
    }
}

TEST(PlatformClient, AnIdempotentCallIsSentAgainAfterADropOrATimeout) {
    Rig r({dropped(), slow(400ms), status(200)});
    auto call = r.call();
    call.policy.timeout = 100ms;
    EXPECT_EQ(r.client.send(call).status, 200);
    EXPECT_EQ(r.requests(), 3);
}

TEST(PlatformClient, AForbiddenTargetIsPlatformUnreachableInWordsThatTellNoPortState) {
    const auto e = transport_error("Shopify", "ShopCurrency", http::ClientErrc::forbidden_target);
    EXPECT_EQ(e.code(), Errc::platform_unreachable);
    EXPECT_EQ(error_info(e.code()).code, "platform_unreachable");
    EXPECT_EQ(e.transport(), http::ClientErrc::forbidden_target);
    EXPECT_EQ(e.platform_status(), 0);
    // Neither the client's words nor the detail name a transport outcome.
    for (const std::string& text : {e.message(), e.description()}) {
        for (const char* word : {"refused", "reset", "timeout", "timed out", "open", "closed"})
            EXPECT_EQ(text.find(word), std::string::npos) << text;
    }
    // An allowed address that refuses stays platform_error, with other words.
    const auto refused =
        transport_error("Shopify", "ShopCurrency", http::ClientErrc::connection_refused);
    EXPECT_EQ(refused.code(), Errc::platform_error);
    EXPECT_NE(refused.message(), e.message());
}

TEST(PlatformClient, ErrorCodeTable) {
    EXPECT_EQ(error_code(http::ClientErrc::timeout), Errc::platform_timeout);
    // Refused, DNS (both connection_refused) and TLS: platform_error, see platform_error.hpp.
    EXPECT_EQ(error_code(http::ClientErrc::connection_refused), Errc::platform_error);
    EXPECT_EQ(error_code(http::ClientErrc::tls), Errc::platform_error);
    EXPECT_EQ(error_code(http::ClientErrc::reset), Errc::platform_error);
    EXPECT_EQ(error_code(http::ClientErrc::protocol), Errc::platform_error);
    EXPECT_EQ(error_code(http::ClientErrc::too_large), Errc::platform_error);
    // A store address calls may not go to (issue 16, finding 1): its own code.
    EXPECT_EQ(error_code(http::ClientErrc::forbidden_target), Errc::platform_unreachable);
    const std::vector<std::pair<int, Errc>> statuses{
        {400, Errc::validation_failed},    {401, Errc::platform_unauthorized},
        {403, Errc::platform_auth_failed}, {404, Errc::not_found},
        {409, Errc::platform_error},       {422, Errc::validation_failed},
        {429, Errc::rate_limited},         {500, Errc::platform_error},
        {502, Errc::platform_error},       {503, Errc::platform_error},
        {504, Errc::platform_error},       {302, Errc::platform_error},
    };
    for (const auto& [code, expected] : statuses)
        EXPECT_EQ(error_code(code), expected) << code;
}

TEST(PlatformClient, EachFailedAnswerEndsWithItsCodeAndStatus) {
    const std::vector<std::tuple<int, Errc, int>> cases{
        // answer, code, requests (429 and 5xx spend the policy: 3 throttles + 1, 3 attempts)
        {401, Errc::platform_unauthorized, 1},
        {403, Errc::platform_auth_failed, 1},
        {404, Errc::not_found, 1},
        {422, Errc::validation_failed, 1},
        {429, Errc::rate_limited, 4},
        {500, Errc::platform_error, 3},
        {503, Errc::platform_error, 3},
    };
    for (const auto& [answer, code, requests] : cases) {
        Rig r({status(answer, R"({"errors":"no"})")});
        auto e = r.failure(r.call());
        EXPECT_EQ(e.code(), code) << answer;
        EXPECT_EQ(e.platform_status(), answer);
        EXPECT_FALSE(e.transport());
        EXPECT_EQ(r.requests(), requests) << answer;
        EXPECT_NE(e.description().find("HTTP " + std::to_string(answer)), std::string::npos);
    }
}

// A store that does not know the token (a placeholder "shpat_..."): one request, then
// platform_unauthorized, however often the call may be retried. The 200 scripted after the
// 401 is never reached.
TEST(PlatformClient, A401IsPlatformUnauthorizedAtOnceWithoutARetry) {
    const std::string shopify_401 =
        "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong "
        "password)\"}";
    for (bool idempotent : {true, false}) {
        Rig r({status(401, shopify_401), status(200)});
        auto call = r.call(idempotent);
        call.policy.retry.max_attempts = 5;
        const auto e = r.failure(call);
        EXPECT_EQ(e.code(), Errc::platform_unauthorized) << idempotent;
        EXPECT_EQ(e.platform_status(), 401);
        EXPECT_EQ(r.requests(), 1) << idempotent;
    }
    // The hub answers it as 409 platform_unauthorized, the store's words in the detail.
    const auto e = status_error("Shopify", "shop", 401, "[API] Invalid API key or access token");
    EXPECT_EQ(error_info(e.code()).code, "platform_unauthorized");
    EXPECT_EQ(error_info(e.code()).status, 409);
    EXPECT_NE(e.description().find("Invalid API key"), std::string::npos);
}

TEST(PlatformClient, TimeoutAndRefusedConnectionsEndWithTheirCodes) {
    Rig r({slow(400ms)});
    auto call = r.call();
    call.policy.timeout = 100ms;
    auto e = r.failure(call);
    EXPECT_EQ(e.code(), Errc::platform_timeout);
    EXPECT_EQ(e.transport(), http::ClientErrc::timeout);
    EXPECT_EQ(e.platform_status(), 0);
    EXPECT_EQ(r.requests(), 3);

    call = r.call(false);
    call.request.url = "http://127.0.0.1:" + std::to_string(unused_port()) + "/thing";
    e = r.failure(call);
    EXPECT_EQ(e.code(), Errc::platform_error);
    EXPECT_EQ(e.transport(), http::ClientErrc::connection_refused);
}

// Records what the client tells it; reads X-Throttled and X-Transient as its verdicts.
class RecordingBudget : public Budget {
  public:
    void acquire() override { ++acquired; }
    Verdict settle(const http::ClientResponse* answer) override {
        settled.push_back(answer ? answer->status : 0);
        if (answer && answer->header("X-Throttled"))
            return Verdict::throttled;
        if (answer && answer->header("X-Transient"))
            return Verdict::transient;
        return Verdict::answer;
    }
    int acquired = 0;
    std::vector<int> settled;
};

TEST(PlatformClient, TheBudgetAndAnswerHooksAreCalledAroundEveryAttempt) {
    int seen = 0;
    Rig r({dropped(), with_header(429, "Retry-After", "0"), with_header(200, "X-Throttled", "1"),
           with_header(200, "X-Transient", "1"), status(503), status(200)},
          [&](const http::ClientResponse&, std::string_view label) {
              EXPECT_EQ(label, "GET thing");
              ++seen;
          });
    RecordingBudget budget;
    auto call = r.call();
    call.policy.retry.max_attempts = 4;  // the drop, the transient answer, the 503, the answer
    call.budget = &budget;
    EXPECT_EQ(r.client.send(call).status, 200);
    EXPECT_EQ(budget.acquired, 6);
    EXPECT_EQ(budget.settled, (std::vector<int>{0, 429, 200, 200, 503, 200}));
    EXPECT_EQ(seen, 5);  // every answer; the drop had none
}

TEST(PlatformClient, ABudgetsVerdictsLastUntilThePolicyIsSpent) {
    RecordingBudget budget;
    {
        Rig r({with_header(200, "X-Throttled", "1")});
        auto call = r.call();
        call.budget = &budget;
        EXPECT_EQ(r.failure(call).code(), Errc::rate_limited);
        EXPECT_EQ(r.requests(), 4);  // max_throttled (3) throttles, then the one too many
    }
    {
        // A transient answer is the call's answer once retries are spent, or at once when
        // the call is not idempotent.
        Rig r({with_header(200, "X-Transient", "1")});
        auto call = r.call();
        call.budget = &budget;
        EXPECT_EQ(r.client.send(call).status, 200);
        EXPECT_EQ(r.requests(), 3);
        call.policy.idempotent = false;
        EXPECT_EQ(r.client.send(call).status, 200);
        EXPECT_EQ(r.requests(), 4);
    }
}

TEST(PlatformClient, AnUnusableBodyIsPlatformError) {
    Rig r({{http::Response::text(200, "<html>maintenance</html>")}});
    auto e = r.failure(r.call());
    EXPECT_EQ(e.code(), Errc::platform_error);
    EXPECT_EQ(e.platform_status(), 200);
}

TEST(PlatformClient, AStreamStartsOverForEachAttempt) {
    Rig r({status(503), status(200, "line one\nline two\n")});
    int restarts = 0;
    std::string body;
    auto answer = r.client.stream(
        r.call(),
        [&] {
            ++restarts;
            body.clear();
        },
        [&](std::string_view chunk) {
            body.append(chunk);
            return true;
        });
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(restarts, 2);
    EXPECT_EQ(body, "line one\nline two\n");
}

}  // namespace
}  // namespace sb::connectors::kit
