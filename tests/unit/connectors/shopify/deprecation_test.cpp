#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "connectors/common/deprecation_notices.hpp"
#include "connectors/shopify/shopify_connector.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"

// A Shopify that flags every call as deprecated, on a loopback port: the connector must count
// each such response in /metrics and log each distinct notice once, without the token.
namespace sb::connectors::shopify {
namespace {

constexpr const char* k_token = "shpat_secret_token_never_logged";
const std::string k_graphql_reason = "orderCancel.refund is deprecated; use refundMethod";
const std::string k_rest_reason = "The REST Admin API is legacy; use GraphQL";

class DeprecatingShop {
  public:
    DeprecatingShop() {
        http::ServerOptions so;
        so.port = 0;
        server_ =
            std::make_unique<http::Server>(so, [this](http::Request& req) { return answer(req); });
        server_->start();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
    int calls() const { return calls_; }

  private:
    http::Response answer(const http::Request& req) {
        ++calls_;
        http::Response r;
        if (req.method == "POST" && req.path.ends_with("/graphql.json")) {
            r = http::Response::json(200, R"({"data":{"shop":{"currencyCode":"EUR"}}})");
            r.set_header("X-Shopify-API-Deprecated-Reason", k_graphql_reason);
        } else if (req.path.ends_with("/shipping_zones.json")) {
            r = http::Response::json(200, R"({"shipping_zones":[]})");
            r.set_header("X-Shopify-API-Deprecated-Reason", k_rest_reason);
        } else if (req.path.ends_with("/carrier_services.json")) {
            r = http::Response::json(200, R"({"carrier_services":[]})");
            r.set_header("X-Shopify-API-Deprecated-Reason", k_rest_reason);
        } else {
            r = http::Response::json(404, R"({"errors":"Not Found"})");
        }
        return r;
    }

    std::atomic<int> calls_{0};
    std::unique_ptr<http::Server> server_;  // last: stops before the rest goes away
};

class NullSink : public RecordSink {
  public:
    bool accept(domain::RecordBatch) override { return true; }
};

std::string series(const http::Metrics& m) {
    const std::string text = m.render();
    const std::string key =
        "storebridge_platform_deprecation_notices_total{connector=\"shopify\"} ";
    const auto p = text.find(key);
    if (p == std::string::npos)
        return "absent";
    return text.substr(p + key.size(), text.find('\n', p) - p - key.size());
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1))
        ++n;
    return n;
}

TEST(ShopifyDeprecation, EveryFlaggedResponseIsCountedAndEachNoticeLoggedOnce) {
    DeprecatingShop shop;
    http::Metrics metrics;
    ShopifyOptions o;
    o.base_url_override = shop.url();
    o.metrics = &metrics;
    ShopifyConnector c(std::move(o));
    EXPECT_EQ(series(metrics), "0");  // visible before the first notice

    domain::Integration i;
    i.id = "int_test";
    i.connector_id = "shopify";
    i.credentials["shop_domain"] = "acme.myshopify.com";
    i.credentials["access_token"] = std::string(k_token);

    NullSink sink;
    testing::internal::CaptureStderr();
    // One shipping read: the shop's currency (GraphQL) and the two REST lists.
    c.fetch(FetchRequest{i, domain::DataType::shipping_service, {}, {}}, sink);
    c.fetch(FetchRequest{i, domain::DataType::shipping_service, {}, {}}, sink);
    const std::string log = testing::internal::GetCapturedStderr();

    EXPECT_EQ(shop.calls(), 6);
    EXPECT_EQ(series(metrics), "6");
    // Once per reason and request: the GraphQL operation and the two REST paths, on the first
    // read only.
    EXPECT_EQ(occurrences(log, "platform_deprecation_notice"), 3u) << log;
    EXPECT_EQ(occurrences(log, k_graphql_reason), 1u) << log;
    EXPECT_EQ(occurrences(log, k_rest_reason), 2u) << log;
    EXPECT_NE(log.find(R"("request":"ShopCurrency")"), std::string::npos) << log;
    EXPECT_NE(log.find(R"("request":"/admin/api/2026-10/shipping_zones.json")"), std::string::npos)
        << log;
    EXPECT_NE(log.find("2026-10"), std::string::npos) << log;  // the version called
    EXPECT_EQ(log.find(k_token), std::string::npos) << log;
}

TEST(ShopifyDeprecation, DistinctNoticesRememberedAreBounded) {
    http::Metrics metrics;
    DeprecationNotices notices("shopify", &metrics);
    const std::size_t n = DeprecationNotices::k_max_remembered + 6;
    testing::internal::CaptureStderr();
    for (std::size_t k = 0; k < n; ++k) {
        notices.note("reason " + std::to_string(k), "2026-10", "Page");
        notices.note("reason " + std::to_string(k), "2026-10", "Page");
    }
    const std::string log = testing::internal::GetCapturedStderr();
    EXPECT_EQ(series(metrics), std::to_string(2 * n));
    EXPECT_EQ(occurrences(log, "\"platform_deprecation_notice\""),
              DeprecationNotices::k_max_remembered);
    EXPECT_EQ(occurrences(log, "platform_deprecation_notices_not_logged"), 1u);
}

}  // namespace
}  // namespace sb::connectors::shopify
