#include <set>

#include "common/webhook_receiver.hpp"
#include "crypto/crypto.hpp"
#include "emulators/shopify/auth/signing.hpp"
#include "fixture.hpp"

namespace sb::emulators::shopify::testing {
namespace {

namespace json = boost::json;

TEST(EmulatorOAuth, AuthorizeRedirectIsSignedAndCodeExchangesForScopedToken) {
    EmulatorOptions o;
    o.api_key = "key-1";
    o.api_secret = "hush";
    auto e = start_emulator(o);
    auto r = test::get(e->port(),
                       "/admin/oauth/"
                       "authorize?client_id=key-1&scope=read_products&redirect_uri=https%3A%2F%"
                       "2Fapp.example%2Fcb&state=nonce42");
    ASSERT_EQ(r.status, 302) << r.body;
    const std::string loc = r.header("Location");
    ASSERT_EQ(loc.rfind("https://app.example/cb?", 0), 0u) << loc;
    http::Request parsed;
    ASSERT_TRUE(http::parse_target(loc.substr(loc.find("/cb")), parsed));
    std::string hmac;
    for (const auto& [k, v] : parsed.query) {
        if (k == "hmac")
            hmac = v;
    }
    EXPECT_EQ(hmac, oauth_hmac(parsed.query, "hush"));
    EXPECT_EQ(parsed.query_param("state").value_or(""), "nonce42");
    EXPECT_EQ(parsed.query_param("shop").value_or(""), o.shop_domain);
    EXPECT_TRUE(parsed.query_param("host").has_value());
    EXPECT_TRUE(parsed.query_param("timestamp").has_value());
    const std::string code(parsed.query_param("code").value_or(""));

    auto bad =
        test::post_json(e->port(), "/admin/oauth/access_token",
                        R"({"client_id":"key-1","client_secret":"wrong","code":")" + code + "\"}");
    EXPECT_EQ(bad.status, 400);
    auto tok =
        test::post_json(e->port(), "/admin/oauth/access_token",
                        R"({"client_id":"key-1","client_secret":"hush","code":")" + code + "\"}");
    ASSERT_EQ(tok.status, 200) << tok.body;
    const std::string token(tok.json().at("access_token").as_string());
    EXPECT_EQ(tok.json().at("scope"), "read_products");
    // Codes are single use.
    EXPECT_EQ(
        test::post_json(e->port(), "/admin/oauth/access_token",
                        R"({"client_id":"key-1","client_secret":"hush","code":")" + code + "\"}")
            .status,
        400);

    auto ok = graphql(*e, "{ products(first: 1) { nodes { id } } }", {}, token).json();
    EXPECT_FALSE(ok.as_object().contains("errors"));
    auto denied = graphql(*e, "{ orders(first: 1) { nodes { id } } }", {}, token).json();
    EXPECT_EQ(denied.at("errors").as_array()[0].at("extensions").at("code"), "ACCESS_DENIED");
    EXPECT_EQ(rest_get(*e, "/admin/api/2025-01/orders.json", token).status, 403);
}

TEST(EmulatorOAuth, ExpiringTokensRotateRefreshTokens) {
    auto e = start_emulator();
    const auto& o = e->options();
    auto r = test::get(e->port(),
                       "/admin/oauth/authorize?client_id=" + o.api_key +
                           "&scope=read_orders&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&state=s");
    http::Request parsed;
    const std::string loc = r.header("Location");
    ASSERT_TRUE(http::parse_target(loc.substr(loc.find("/cb")), parsed));
    const std::string code(parsed.query_param("code").value_or(""));
    auto tok = test::post_json(e->port(), "/admin/oauth/access_token",
                               json::serialize(json::object{{"client_id", o.api_key},
                                                            {"client_secret", o.api_secret},
                                                            {"code", code},
                                                            {"expiring", "1"}}));
    ASSERT_EQ(tok.status, 200) << tok.body;
    EXPECT_EQ(tok.json().at("expires_in").as_int64(), 3600);
    const std::string refresh(tok.json().at("refresh_token").as_string());
    auto refreshed = test::post_json(e->port(), "/admin/oauth/access_token",
                                     json::serialize(json::object{{"client_id", o.api_key},
                                                                  {"client_secret", o.api_secret},
                                                                  {"grant_type", "refresh_token"},
                                                                  {"refresh_token", refresh}}));
    ASSERT_EQ(refreshed.status, 200);
    EXPECT_NE(refreshed.json().at("refresh_token").as_string(), refresh);
    auto reuse = test::post_json(e->port(), "/admin/oauth/access_token",
                                 json::serialize(json::object{{"client_id", o.api_key},
                                                              {"client_secret", o.api_secret},
                                                              {"grant_type", "refresh_token"},
                                                              {"refresh_token", refresh}}));
    EXPECT_EQ(reuse.status, 400);
}

TEST(EmulatorWebhooks, DeliversSignedRestShapedBodiesAndRetries) {
    test::WebhookReceiver rx(1);  // the first try fails and is retried
    EmulatorOptions o;
    o.api_secret = "hush";
    o.webhook_retry_scale = 0.001;
    auto e = start_emulator(o);
    auto sub =
        graphql(
            *e,
            R"(mutation($url: URL!) { webhookSubscriptionCreate(topic: ORDERS_CREATE, webhookSubscription: {callbackUrl: $url, format: JSON}) { webhookSubscription { id topic } userErrors { message } } })",
            {{"url", rx.url()}})
            .json();
    ASSERT_TRUE(sub.at("data").at("webhookSubscriptionCreate").at("userErrors").as_array().empty())
        << json::serialize(sub);
    auto created =
        test::post_json(e->port(), "/_emulator/orders", R"({"order":{"email":"new@example.com"}})");
    ASSERT_EQ(created.status, 201);
    ASSERT_TRUE(eventually([&] { return rx.count() >= 2; }));
    const auto got = rx.requests();
    const auto& req = got.back();
    EXPECT_EQ(req.header("x-shopify-topic").value_or(""), "orders/create");
    EXPECT_EQ(req.header("x-shopify-hmac-sha256").value_or(""), webhook_hmac(req.body, "hush"));
    EXPECT_EQ(req.header("x-shopify-shop-domain").value_or(""), o.shop_domain);
    EXPECT_EQ(req.header("x-shopify-webhook-id"), got.front().header("x-shopify-webhook-id"));
    EXPECT_TRUE(req.header("x-shopify-event-id").has_value());
    EXPECT_TRUE(req.header("x-shopify-triggered-at").has_value());
    EXPECT_TRUE(req.header("x-shopify-api-version").has_value());
    auto body = json::parse(req.body);
    EXPECT_EQ(body.at("email"), "new@example.com");
    EXPECT_EQ(body.at("id").as_int64(), 5'000'000'001'000LL);
}

TEST(EmulatorWebhooks, AdminApiChangesAndStats) {
    test::WebhookReceiver rx;
    EmulatorOptions o;
    o.webhook_url = rx.url();  // every topic
    auto e = start_emulator(o);
    EXPECT_EQ(test::post_json(e->port(), "/_emulator/orders/5000000000003/cancel", "{}").status,
              200);
    EXPECT_EQ(test::send(e->port(), test::HttpRequest{"PUT",
                                                      "/_emulator/orders/5000000000004",
                                                      {{"Content-Type", "application/json"}},
                                                      R"({"note":"hi"})"})
                  .status,
              200);
    EXPECT_EQ(test::post_json(
                  e->port(), "/_emulator/inventory",
                  R"({"inventory_item_id":46000000000000,"location_id":70000000001,"available":7})")
                  .status,
              200);
    EXPECT_EQ(test::post_json(e->port(), "/_emulator/gdpr/customers-redact", "{}").status, 200);
    EXPECT_EQ(test::post_json(e->port(), "/_emulator/uninstall", "{}").status, 200);
    ASSERT_TRUE(eventually([&] { return rx.count() >= 6; }));
    std::set<std::string> topics;
    for (const auto& r : rx.requests())
        topics.insert(std::string(r.header("x-shopify-topic").value_or("")));
    for (const char* t : {"orders/cancelled", "orders/updated", "inventory_levels/update",
                          "customers/redact", "app/uninstalled"}) {
        EXPECT_TRUE(topics.count(t)) << t;
    }
    auto faults = test::post_json(e->port(), "/_emulator/faults", R"({"fail_rate":1.0})");
    EXPECT_EQ(faults.status, 200);
    EXPECT_EQ(rest_get(*e, "/admin/api/2025-01/shop.json").status, 503);
    test::post_json(e->port(), "/_emulator/faults", R"({"fail_rate":0})");
    auto stats = test::get(e->port(), "/_emulator/stats").json();
    EXPECT_GE(stats.at("webhooks").at("delivered").as_int64(), 6);
    EXPECT_EQ(stats.at("requests").at("injected_failures").as_int64(), 1);
}

}  // namespace
}  // namespace sb::emulators::shopify::testing
