#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <thread>
#include <vector>

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

// A token request from another loopback address: the whole of 127.0.0.0/8 reaches the server
// bound to 127.0.0.1, so binding the client socket to `source` makes the server see it as a
// different remote address, without any proxy header.
HttpResponse token_request_from(const std::string& source, std::uint16_t port,
                                const std::string& body) {
    namespace asio = boost::asio;
    namespace bhttp = boost::beast::http;
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.open(asio::ip::tcp::v4());
    socket.bind(asio::ip::tcp::endpoint(asio::ip::make_address(source), 0));
    boost::beast::tcp_stream stream(std::move(socket));
    stream.expires_after(std::chrono::seconds(60));
    stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    bhttp::request<bhttp::string_body> out{bhttp::verb::post, "/oauth/token", 11};
    out.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port));
    out.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
    out.body() = body;
    out.prepare_payload();
    bhttp::write(stream, out);
    boost::beast::flat_buffer buf;
    bhttp::response<bhttp::string_body> in;
    bhttp::read(stream, buf, in);
    HttpResponse res;
    res.status = static_cast<int>(in.result_int());
    for (const auto& f : in)
        res.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    res.body = in.body();
    return res;
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

// Issue 16, finding 5: a guess is counted before its secret is checked, so a burst of
// concurrent guesses gets no more checks than the limit; the lockout holds one client from one
// address, so the owner elsewhere still gets in.
TEST_F(Auth, ConcurrentGuessesAreCountedBeforeTheyAreChecked) {
    constexpr int k_guesses = 40;
    constexpr int k_limit = 10;  // the server's limit per client and address
    std::vector<HttpResponse> answers(k_guesses);
    {
        std::vector<std::jthread> threads;
        for (int i = 0; i < k_guesses; ++i) {
            threads.emplace_back([&, i] {
                answers[i] = token_request(
                    server.port(), "grant_type=client_credentials&client_id=" + server.client_id() +
                                       "&client_secret=guess" + std::to_string(i));
            });
        }
    }
    int unauthorized = 0;
    int limited = 0;
    for (const auto& r : answers) {
        if (r.status == 401) {
            ++unauthorized;
            EXPECT_EQ(code_of(r), "invalid_client");
        } else if (r.status == 429) {
            ++limited;
            EXPECT_EQ(code_of(r), "rate_limited");
            EXPECT_GT(std::stoi(r.header("Retry-After")), 0);
        } else {
            ADD_FAILURE() << r.status << " " << r.body;
        }
    }
    EXPECT_EQ(unauthorized, k_limit);
    EXPECT_EQ(limited, k_guesses - k_limit);

    const std::string right = "grant_type=client_credentials&client_id=" + server.client_id() +
                              "&client_secret=" + server.client_secret();
    // The owner, from an address that has not failed, is not refused during the lockout.
    auto owner = token_request_from("127.0.0.2", server.port(), right);
    EXPECT_EQ(owner.status, 200) << owner.body;
    // Another client from the locked-out address is not refused either.
    auto other = server.app().auth().create_client("admin", {"account:read"});
    auto neighbour =
        token_request(server.port(), "grant_type=client_credentials&client_id=" + other.client_id +
                                         "&client_secret=" + other.client_secret);
    EXPECT_EQ(neighbour.status, 200) << neighbour.body;
    // The locked-out pair stays locked, whatever it sends.
    EXPECT_EQ(token_request(server.port(), right).status, 429);
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
