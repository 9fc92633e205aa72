#include <gtest/gtest.h>

#include "http/router.hpp"

namespace sb::http {

namespace {

Handler named(std::string name) {
    return [name](const Request&, const Context&) { return Response::text(200, name); };
}

Request req(std::string method, std::string target) {
    Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    EXPECT_TRUE(parse_target(r.target, r));
    return r;
}

std::string run(const Router& router, Request r) {
    auto m = router.match(r);
    if (!m.route)
        return m.allowed.empty() ? "404" : "405";
    return m.route->handler(r, {}).body;
}

}  // namespace

TEST(Router, MatchesLiteralsAndParameters) {
    Router router;
    router.add({"GET", "/v1/organizations/{organizationId}", "s", false, named("get-org")});
    router.add({"GET", "/v1/organizations/{organizationId}/integrations/{integrationId}", "s",
                false, named("get-int")});
    auto r = req("GET", "/v1/organizations/org%201/integrations/i-2");
    auto m = router.match(r);
    ASSERT_TRUE(m.route);
    EXPECT_EQ(r.path_param("organizationId"), "org 1");
    EXPECT_EQ(r.path_param("integrationId"), "i-2");
    EXPECT_EQ(run(router, req("GET", "/v1/organizations/o1")), "get-org");
}

TEST(Router, LiteralBeatsParameter) {
    Router router;
    router.add({"GET", "/jobs/{id}", "", true, named("by-id")});
    router.add({"GET", "/jobs/summary", "", true, named("summary")});
    EXPECT_EQ(run(router, req("GET", "/jobs/summary")), "summary");
    EXPECT_EQ(run(router, req("GET", "/jobs/42")), "by-id");
}

TEST(Router, UnknownPathIs404AndWrongMethodIs405WithAllowed) {
    Router router;
    router.add({"GET", "/v1/account", "", true, named("a")});
    router.add({"PUT", "/v1/account", "", true, named("b")});
    EXPECT_EQ(run(router, req("GET", "/v1/nothing")), "404");
    EXPECT_EQ(run(router, req("GET", "/v1/account/extra")), "404");
    auto r = req("DELETE", "/v1/account");
    auto m = router.match(r);
    EXPECT_FALSE(m.route);
    EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "PUT"}));
}

TEST(Router, EncodedSlashStaysInsideOneSegment) {
    Router router;
    router.add({"GET", "/users/{userId}", "", true, named("user")});
    auto r = req("GET", "/users/a%2Fb");
    ASSERT_TRUE(router.match(r).route);
    EXPECT_EQ(r.path_param("userId"), "a/b");
}

TEST(Router, HeadFallsBackToGetAndTrailingSlashIsTolerated) {
    Router router;
    router.add({"GET", "/healthz", "", true, named("h")});
    EXPECT_EQ(run(router, req("HEAD", "/healthz")), "h");
    EXPECT_EQ(run(router, req("GET", "/healthz/")), "h");
}

TEST(Router, DuplicateRouteIsRejected) {
    Router router;
    router.add({"GET", "/a/{x}", "", true, named("1")});
    EXPECT_THROW(router.add({"GET", "/a/{x}", "", true, named("2")}), std::invalid_argument);
    EXPECT_THROW(router.add({"GET", "/a/{y}/b", "", true, named("3")}), std::invalid_argument);
}

// The server's placement matches a request before the dispatcher does: the second match
// answers from the first, with the path parameters the first filled.
TEST(Router, ASecondMatchOfARequestAnswersFromTheFirst) {
    Router router;
    router.add({"GET", "/users/{userId}", "", true, named("user")});
    router.add({"GET", "/other", "", true, named("other")});
    auto r = req("GET", "/users/u1");
    const auto* first = router.match(r).route;
    ASSERT_TRUE(first);
    EXPECT_EQ(r.matched_route, first);
    r.segments = {"other"};  // not read again
    EXPECT_EQ(router.match(r).route, first);
    EXPECT_EQ(r.path_param("userId"), "u1");
    // Without a route, nothing is remembered.
    auto none = req("GET", "/nothing");
    EXPECT_FALSE(router.match(none).route);
    EXPECT_EQ(none.matched_route, nullptr);
}

}  // namespace sb::http
