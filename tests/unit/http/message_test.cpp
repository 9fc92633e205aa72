#include <gtest/gtest.h>

#include "core/error.hpp"
#include "http/error_response.hpp"
#include "http/message.hpp"

namespace sb::http {

TEST(Message, ParsesTargetAndDecodesQuery) {
    Request r;
    ASSERT_TRUE(parse_target("/v1/x?limit=10&order_by=created_at%3Adesc&flag", r));
    EXPECT_EQ(r.path, "/v1/x");
    EXPECT_EQ(r.query_param("limit"), "10");
    EXPECT_EQ(r.query_param("order_by"), "created_at:desc");
    EXPECT_EQ(r.query_param("flag"), "");
    EXPECT_FALSE(r.query_param("missing"));
}

TEST(Message, RejectsNonOriginTargets) {
    Request r;
    EXPECT_FALSE(parse_target("http://example.com/", r));
    EXPECT_FALSE(parse_target("/a b", r));
}

TEST(Message, MediaTypeIgnoresParametersAndCase) {
    Request r;
    r.headers.emplace_back("content-type", "Application/JSON; charset=utf-8");
    EXPECT_EQ(r.media_type(), "application/json");
}

TEST(ErrorResponse, HasTheSeedSchema) {
    ApiError e(Errc::validation_failed, "Invalid input", "details", {{"name", "required"}});
    e.headers.emplace_back("X-Extra", "1");
    auto res = error_response(e);
    EXPECT_EQ(res.status, 400);
    EXPECT_EQ(res.header("content-type"), "application/json");
    EXPECT_EQ(res.header("x-extra"), "1");
    EXPECT_EQ(res.body,
              R"({"code":"validation_failed","message":"Invalid input","description":"details",)"
              R"("fields":[{"name":"name","description":"required"}]})");
}

}  // namespace sb::http
