#include "connectors/kit/token_request.hpp"

#include <gtest/gtest.h>

#include "scripted_platform.hpp"

namespace sb::connectors::kit {
namespace {

using namespace std::chrono_literals;
using namespace fakes;

struct TokenRig {
    explicit TokenRig(std::vector<ScriptedPlatform::Step> script)
        : platform(std::move(script)), client(http, "Test") {}

    boost::json::object exchange() const {
        http::ClientRequest req;
        req.method = "POST";
        req.url = platform.url("/oauth/token");
        req.body = "code=single-use";
        RetryPolicy retry;
        retry.base_delay = 1ms;
        retry.max_delay = 5ms;
        return token_request(client, std::move(req), "/oauth/token", retry);
    }

    Errc failure() const {
        try {
            exchange();
        } catch (const ApiError& e) {
            return e.code();
        }
        ADD_FAILURE() << "the exchange succeeded";
        return Errc::internal_error;
    }

    ScriptedPlatform platform;
    http::Client http;
    PlatformClient client;
};

TEST(TokenRequest, ReturnsTheAnswerWithItsAccessToken) {
    TokenRig r({status(200, R"({"access_token":"tok","scope":"read_orders","expires_in":60})")});
    auto o = r.exchange();
    EXPECT_EQ(o.at("access_token"), "tok");
    EXPECT_EQ(o.at("expires_in"), 60);
}

TEST(TokenRequest, ARefusedGrantIsInvalidGrant) {
    for (int code : {400, 401, 403}) {
        TokenRig r({status(code, R"({"error":"invalid_grant"})")});
        try {
            r.exchange();
            ADD_FAILURE() << code;
        } catch (const PlatformError& e) {
            EXPECT_EQ(e.code(), Errc::invalid_grant) << code;
            EXPECT_EQ(e.platform_status(), code);
            EXPECT_NE(e.description().find("invalid_grant"), std::string::npos);
        }
        EXPECT_EQ(r.platform.requests(), 1);
    }
}

TEST(TokenRequest, IsNeverSentTwiceOnceItMayHaveArrived) {
    {
        TokenRig r({dropped(), status(200, R"({"access_token":"tok"})")});
        EXPECT_EQ(r.failure(), Errc::platform_error);
        EXPECT_EQ(r.platform.requests(), 1);
    }
    {
        TokenRig r({status(503), status(200, R"({"access_token":"tok"})")});
        EXPECT_EQ(r.failure(), Errc::platform_error);
        EXPECT_EQ(r.platform.requests(), 1);
    }
}

TEST(TokenRequest, AnAnswerWithoutATokenIsPlatformError) {
    TokenRig r({status(200, R"({"access_token":""})")});
    EXPECT_EQ(r.failure(), Errc::platform_error);
}

}  // namespace
}  // namespace sb::connectors::kit
