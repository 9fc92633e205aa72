#include <gtest/gtest.h>

#include "http/metrics.hpp"

namespace sb::http {

TEST(Metrics, CountsAndBucketsByRouteAndStatus) {
    Metrics m;
    m.observe("GET", "/v1/account", 200, 0.003);
    m.observe("GET", "/v1/account", 200, 0.2);
    m.observe("GET", "", 404, 0.0001);
    const auto text = m.render();
    EXPECT_NE(
        text.find(
            R"(storebridge_http_requests_total{method="GET",route="/v1/account",status="200"} 2)"),
        std::string::npos);
    EXPECT_NE(text.find(R"(route="unmatched",status="404"} 1)"), std::string::npos);
    EXPECT_NE(
        text.find(
            R"(storebridge_http_request_duration_seconds_bucket{method="GET",route="/v1/account",status="200",le="0.005"} 1)"),
        std::string::npos);
    EXPECT_NE(
        text.find(
            R"(storebridge_http_request_duration_seconds_bucket{method="GET",route="/v1/account",status="200",le="+Inf"} 2)"),
        std::string::npos);
    EXPECT_NE(text.find("# TYPE storebridge_http_request_duration_seconds histogram"),
              std::string::npos);
}

TEST(Metrics, CountersOfOtherComponentsAreRenderedWithTheirLabels) {
    Metrics m;
    EXPECT_EQ(m.render().find("storebridge_platform_deprecation_notices_total"), std::string::npos);
    m.count(k_platform_deprecation_notices, {{"connector", "shopify"}}, 0);
    m.count(k_platform_deprecation_notices, {{"connector", "shoplazza"}});
    m.count(k_platform_deprecation_notices, {{"connector", "shoplazza"}});
    const auto text = m.render();
    EXPECT_NE(text.find("# TYPE storebridge_platform_deprecation_notices_total counter"),
              std::string::npos);
    EXPECT_NE(text.find(R"(storebridge_platform_deprecation_notices_total{connector="shopify"} 0)"),
              std::string::npos);
    EXPECT_NE(
        text.find(R"(storebridge_platform_deprecation_notices_total{connector="shoplazza"} 2)"),
        std::string::npos);
}

TEST(Metrics, MethodsOutsideTheStandardSetShareOneSeries) {
    Metrics m;
    for (int i = 0; i < 1000; ++i)
        m.observe("M" + std::to_string(i), "/healthz", 405, 0.001);
    m.observe("PATCH", "/healthz", 405, 0.001);
    const auto text = m.render();
    EXPECT_NE(
        text.find(
            R"(storebridge_http_requests_total{method="other",route="/healthz",status="405"} 1000)"),
        std::string::npos);
    EXPECT_NE(text.find(R"(method="PATCH",route="/healthz",status="405"} 1)"), std::string::npos);
    EXPECT_EQ(text.find(R"(method="M1")"), std::string::npos);
}

}  // namespace sb::http
