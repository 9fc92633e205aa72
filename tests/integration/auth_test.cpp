#include <gtest/gtest.h>

#include <thread>
#include "common/http_client.hpp"
#include "common/test_env.hpp"
#include "core/error.hpp"
#include "crypto/crypto.hpp"

namespace sb::test {

namespace {

HttpResponse token_request(std::uint16_t port, const std::string& body,
                           std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return send(port, {"POST", "/oauth/token", headers, body});
}

std::string code_of(const HttpResponse& r) {
    return std::string(r.json().at("code").as_string());
}

}  // namespace

class Auth : public ::testing::Test {
  protected:
    TestServer server;
};

TEST_F(Auth, ClientCredentialsWithBasicAuthThenAccount) {
    const auto basic = crypto::base64_encode(server.client_id() + ":" + server.client_secret());
    auto r = token_request(server.port(), "grant_type=client_credentials",
                           {{"Authorization", "Basic " + basic}});
    ASSERT_EQ(r.status, 200) << r.body;
    auto tok = r.json().as_object();
    EXPECT_EQ(tok.at("token_type"), "Bearer");
    EXPECT_EQ(tok.at("expires_in").as_int64(), 3600);
    EXPECT_NE(std::string(tok.at("scope").as_string()).find("account:read"), std::string::npos);
    EXPECT_EQ(r.header("Cache-Control"), "no-store");

    auto acct = get(server.port(), "/v1/account", std::string(tok.at("access_token").as_string()));
    ASSERT_EQ(acct.status, 200) << acct.body;
    auto a = acct.json().as_object();
    EXPECT_EQ(a.at("name"), "admin");
    EXPECT_TRUE(std::string(a.at("id").as_string()).starts_with("acct_"));
    EXPECT_EQ(a.at("_links").at("self").at("href").as_string(),
              "http://127.0.0.1:" + std::to_string(server.port()) + "/v1/account");
}

TEST_F(Auth, ClientCredentialsInJsonBody) {
    auto r = post_json(server.port(), "/oauth/token",
                       R"({"grant_type":"client_credentials","client_id":")" + server.client_id() +
                           R"(","client_secret":")" + server.client_secret() +
                           R"(","scope":"account:read"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().at("scope"), "account:read");
}

TEST_F(Auth, BadClientIs401InvalidClient) {
    auto r = token_request(server.port(), "grant_type=client_credentials&client_id=" +
                                              server.client_id() + "&client_secret=wrong");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(code_of(r), "invalid_client");
    EXPECT_EQ(r.body.find("wrong"), std::string::npos);
    auto u = token_request(server.port(),
                           "grant_type=client_credentials&client_id=nobody&client_secret=x");
    EXPECT_EQ(u.status, 401);
    EXPECT_EQ(code_of(u), "invalid_client");
}

TEST_F(Auth, GrantTypeAndScopeErrors) {
    auto missing = token_request(server.port(), "client_id=a&client_secret=b");
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(code_of(missing), "invalid_request");
    auto wrong = token_request(server.port(), "grant_type=password&username=a&password=b");
    EXPECT_EQ(wrong.status, 400);
    EXPECT_EQ(code_of(wrong), "unsupported_grant_type");
    auto scope = token_request(server.port(),
                               "grant_type=client_credentials&client_id=" + server.client_id() +
                                   "&client_secret=" + server.client_secret() + "&scope=root");
    EXPECT_EQ(scope.status, 400);
    EXPECT_EQ(code_of(scope), "invalid_scope");
}

TEST_F(Auth, BruteForceIsRateLimitedWithRetryAfter) {
    int limited_at = -1;
    for (int i = 0; i < 15; ++i) {
        auto r = token_request(server.port(),
                               "grant_type=client_credentials&client_id=" + server.client_id() +
                                   "&client_secret=guess" + std::to_string(i));
        if (r.status == 429) {
            EXPECT_EQ(code_of(r), "rate_limited");
            EXPECT_GT(std::stoi(r.header("Retry-After")), 0);
            limited_at = i;
            break;
        }
        EXPECT_EQ(r.status, 401);
    }
    EXPECT_EQ(limited_at, 10);
    // While limited, even the right secret is refused from this address.
    auto r = token_request(server.port(),
                           "grant_type=client_credentials&client_id=" + server.client_id() +
                               "&client_secret=" + server.client_secret());
    EXPECT_EQ(r.status, 429);
}

TEST_F(Auth, MissingInvalidAndExpiredTokensAre401WithChallenge) {
    auto none = get(server.port(), "/v1/account");
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(code_of(none), "unauthorized");
    EXPECT_TRUE(none.header("WWW-Authenticate").starts_with("Bearer"));

    auto bad = get(server.port(), "/v1/account", "sbat_not-a-real-token");
    EXPECT_EQ(bad.status, 401);
    EXPECT_EQ(code_of(bad), "invalid_token");
    EXPECT_NE(bad.header("WWW-Authenticate").find("invalid_token"), std::string::npos);

    auto basic = send(server.port(), {"GET", "/v1/account", {{"Authorization", "Basic abc"}}, {}});
    EXPECT_EQ(basic.status, 401);
    EXPECT_EQ(code_of(basic), "invalid_token");
}

TEST(AuthExpiry, ExpiredTokenIsRejected) {
    config::Settings s;
    s.token_ttl_seconds = 1;  // below the CLI minimum, set directly for the test
    TestServer server(s);
    const auto token = server.token();
    EXPECT_EQ(get(server.port(), "/v1/account", token).status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    auto r = get(server.port(), "/v1/account", token);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(code_of(r), "invalid_token");
}

TEST_F(Auth, MissingScopeIs403InsufficientScope) {
    auto c = server.app().auth().create_client("admin", {"integrations:read"});
    auto r = token_request(server.port(), "grant_type=client_credentials&client_id=" + c.client_id +
                                              "&client_secret=" + c.client_secret);
    ASSERT_EQ(r.status, 200);
    auto acct =
        get(server.port(), "/v1/account", std::string(r.json().at("access_token").as_string()));
    EXPECT_EQ(acct.status, 403);
    EXPECT_EQ(code_of(acct), "insufficient_scope");
    EXPECT_NE(acct.header("WWW-Authenticate").find("account:read"), std::string::npos);
    // And the client cannot ask for more than it has.
    auto more = token_request(server.port(),
                              "grant_type=client_credentials&client_id=" + c.client_id +
                                  "&client_secret=" + c.client_secret + "&scope=account:read");
    EXPECT_EQ(more.status, 400);
    EXPECT_EQ(code_of(more), "invalid_scope");
}

TEST_F(Auth, AccountsAreIsolated) {
    auto& auth = server.app().auth();
    auto other = auth.create_account("other-co");
    auto c = auth.create_client("other-co", {"account:read"});
    EXPECT_EQ(c.account_id, other.id);
    auto tok = auth.issue_token(c.client_id, c.client_secret, {});
    auto r = get(server.port(), "/v1/account", tok.access_token);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.json().at("name"), "other-co");
    EXPECT_THROW(auth.create_account("other-co"), ApiError);
}

}  // namespace sb::test
