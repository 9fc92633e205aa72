#include <set>

#include "common/webhook_receiver.hpp"
#include "crypto/crypto.hpp"
#include "emulators/common/signing.hpp"
#include "fixture.hpp"

namespace sb::emulators::shoplazza::testing {
namespace {

namespace json = boost::json;

// The callback check an app does: drop hmac, sort, join decoded key=value with '&'.
std::string expected_hmac(std::vector<std::pair<std::string, std::string>> q,
                          const std::string& secret) {
    std::erase_if(q, [](const auto& p) { return p.first == "hmac"; });
    std::sort(q.begin(), q.end());
    std::string msg;
    for (const auto& [k, v] : q)
        msg += (msg.empty() ? "" : "&") + k + "=" + v;
    return crypto::hex_encode(crypto::hmac_sha256(secret, msg));
}

TEST(ShoplazzaOAuth, InstallExchangeUseRefresh) {
    EmulatorOptions o;
    o.client_id = "app-1";
    o.client_secret = "hush";
    auto e = start_emulator(o);
    const auto q = authorize(*e, "read_order%20read_shop", "nonce%2042");
    ASSERT_FALSE(q.empty());
    EXPECT_EQ(value_of(q, "state"), "nonce 42");
    EXPECT_EQ(value_of(q, "shop"), o.shop_domain);
    EXPECT_EQ(value_of(q, "hmac"), expected_hmac(q, "hush"));
    EXPECT_NE(value_of(q, "hmac"), expected_hmac(q, "other"));
    const std::string code = value_of(q, "code");

    EXPECT_EQ(token_request(*e,
                            "client_id=app-1&client_secret=wrong&grant_type=authorization_code"
                            "&code=" +
                                code)
                  .status,
              401);
    auto tok = token_request(*e,
                             "client_id=app-1&client_secret=hush&grant_type=authorization_code"
                             "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&code=" +
                                 code);
    ASSERT_EQ(tok.status, 200) << tok.body;
    const json::value t = tok.json();
    EXPECT_EQ(t.at("scope"), "read_order read_shop");
    EXPECT_GT(t.at("expires_at").as_int64(), t.at("created_at").as_int64());
    EXPECT_EQ(t.at("token_type"), "Bearer");
    const std::string access(t.at("access_token").as_string());
    const std::string refresh(t.at("refresh_token").as_string());
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/orders", access).status, 200);
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/products", access).status, 403);

    auto reuse = token_request(*e,
                               "client_id=app-1&client_secret=hush&grant_type=authorization_code"
                               "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&code=" +
                                   code);
    EXPECT_EQ(reuse.status, 400);
    EXPECT_EQ(reuse.json().at("error"), "invalid_grant");

    auto refreshed = test::post_json(e->port(), "/admin/oauth/token",
                                     json::serialize(json::object{{"client_id", "app-1"},
                                                                  {"client_secret", "hush"},
                                                                  {"grant_type", "refresh_token"},
                                                                  {"refresh_token", refresh}}));
    ASSERT_EQ(refreshed.status, 200) << refreshed.body;
    const json::value r = refreshed.json();
    const std::string access2(r.at("access_token").as_string());
    EXPECT_NE(access2, access);
    EXPECT_NE(r.at("refresh_token").as_string(), refresh);
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/shop", access2).status, 200);
    // The spent refresh token cannot be used again.
    EXPECT_EQ(token_request(*e,
                            "client_id=app-1&client_secret=hush&grant_type=refresh_token"
                            "&refresh_token=" +
                                refresh)
                  .status,
              400);
}

TEST(ShoplazzaOAuth, ExchangeMustNameTheAuthorizedRedirectUri) {
    auto e = start_emulator();
    const auto& o = e->options();
    const std::string code = value_of(authorize(*e, "read_shop"), "code");  // to localhost/cb
    ASSERT_FALSE(code.empty());
    const std::string form = "client_id=" + o.client_id + "&client_secret=" + o.client_secret +
                             "&grant_type=authorization_code&code=" + code;
    auto other = token_request(*e, form + "&redirect_uri=http%3A%2F%2Flocalhost%2Fother");
    EXPECT_EQ(other.status, 400);
    EXPECT_EQ(other.json().at("error"), "invalid_grant");
    auto none = token_request(*e, form);
    EXPECT_EQ(none.status, 400);
    EXPECT_EQ(none.json().at("error"), "invalid_grant");
    // The refused exchange did not spend the code.
    EXPECT_EQ(token_request(*e, form + "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb").status, 200);
}

TEST(ShoplazzaOAuth, AuthorizeRejectsBadRequests) {
    auto e = start_emulator();
    EXPECT_EQ(test::get(e->port(),
                        "/admin/oauth/authorize?client_id=nope&scope=read_order"
                        "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb")
                  .status,
              400);
    EXPECT_EQ(test::get(e->port(),
                        "/admin/oauth/authorize?client_id=emulator-client-id"
                        "&scope=read_everything&redirect_uri=http%3A%2F%2Flocalhost")
                  .status,
              400);
}

TEST(ShoplazzaWebhooks, SignedDeliveryRetriedWithStableDeduplicationId) {
    test::WebhookReceiver rx(1);  // the first try fails and is retried
    EmulatorOptions o;
    o.client_secret = "hush";
    o.webhook_retry_scale = 0.001;
    auto e = start_emulator(o);
    auto sub =
        api(*e, "POST", "/openapi/2022-01/webhooks",
            json::serialize(json::object{{"address", rx.url()}, {"topic", "orders/create"}}));
    ASSERT_EQ(sub.status, 200) << sub.body;
    const std::string sub_id(sub.json().at("webhook").at("id").as_string());
    const json::value list = api_get(*e, "/openapi/2022-01/webhooks").json();
    ASSERT_EQ(list.at("webhooks").as_array().size(), 1u);
    EXPECT_EQ(list.at("webhooks").as_array().at(0).at("topic"), "orders/create");

    auto created = admin(*e, "POST", "/_emulator/orders", R"({"email":"new@example.com"})");
    ASSERT_EQ(created.status, 201);
    ASSERT_TRUE(eventually([&] { return rx.count() >= 2; }));
    const auto got = rx.requests();
    const auto& last = got.back();
    EXPECT_EQ(last.header("x-shoplazza-topic").value_or(""), "orders/create");
    EXPECT_EQ(last.header("x-shoplazza-shop-domain").value_or(""), o.shop_domain);
    EXPECT_EQ(last.header("x-shoplazza-api-version").value_or(""), "2022-01");
    EXPECT_EQ(last.header("content-type").value_or(""), "application/json");
    EXPECT_EQ(last.header("x-shoplazza-hmac-sha256").value_or(""),
              crypto::base64_encode(crypto::hmac_sha256("hush", last.body)));
    ASSERT_TRUE(last.header("x-shoplazza-deduplication-id").has_value());
    EXPECT_EQ(last.header("x-shoplazza-deduplication-id"),
              got.front().header("x-shoplazza-deduplication-id"));
    const json::value body = json::parse(last.body);
    EXPECT_EQ(body.at("order").at("email"), "new@example.com");
    EXPECT_EQ(body.at("order").at("id"), created.json().at("order").at("id"));

    EXPECT_EQ(api(*e, "DELETE", "/openapi/2022-01/webhooks/" + sub_id).status, 200);
    EXPECT_EQ(api(*e, "DELETE", "/openapi/2022-01/webhooks/" + sub_id).status, 404);
    const auto stats = test::get(e->port(), "/_emulator/stats").json();
    EXPECT_GE(stats.at("webhooks").at("failed_attempts").as_int64(), 1);
    EXPECT_GE(stats.at("webhooks").at("delivered").as_int64(), 1);
}

TEST(ShoplazzaWebhooks, AdminChangesFireTheirTopics) {
    test::WebhookReceiver rx;
    auto e = start_emulator();
    for (const char* t : {"shop/update", "products/update", "customers/update", "orders/updated",
                          "orders/delete", "app/uninstalled"}) {
        ASSERT_EQ(api(*e, "POST", "/openapi/2022-01/webhooks",
                      json::serialize(json::object{{"address", rx.url()}, {"topic", t}}))
                      .status,
                  200)
            << t;
    }
    EXPECT_EQ(api(*e, "POST", "/openapi/2022-01/webhooks",
                  R"({"address":"http://x.example","topic":"nope/never"})")
                  .status,
              400);
    const json::value orders = api_get(*e, "/openapi/2022-01/orders?limit=2").json();
    const std::string o1(orders.at("orders").as_array().at(0).at("id").as_string());
    const std::string o2(orders.at("orders").as_array().at(1).at("id").as_string());
    ASSERT_EQ(api(*e, "PUT", "/openapi/2022-01/shop", R"({"customer_email":"a@b.example"})").status,
              200);
    ASSERT_EQ(admin(*e, "PUT", "/_emulator/orders/" + o1, R"({"status":"bogus"})").status, 400);
    ASSERT_EQ(admin(*e, "PUT", "/_emulator/orders/" + o1, R"({"note":"n"})").status, 200);
    ASSERT_EQ(admin(*e, "DELETE", "/_emulator/orders/" + o2).status, 200);
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/orders/" + o2).status, 404);
    ASSERT_EQ(admin(*e, "POST", "/_emulator/uninstall").status, 200);
    ASSERT_TRUE(eventually([&] { return rx.count() >= 4; }));
    std::set<std::string> topics;
    for (const auto& r : rx.requests())
        topics.insert(std::string(r.header("x-shoplazza-topic").value_or("")));
    for (const char* t : {"shop/update", "orders/updated", "orders/delete", "app/uninstalled"})
        EXPECT_TRUE(topics.count(t)) << t;
    for (const auto& r : rx.requests()) {
        if (r.header("x-shoplazza-topic") == "shop/update") {
            EXPECT_EQ(json::parse(r.body).at("shop").at("customer_email"), "a@b.example");
        }
    }
}

TEST(ShoplazzaWebhooks, UninstallRevokesIssuedTokens) {
    auto e = start_emulator();
    const std::string token = token_with_scopes(*e, "read_shop");
    ASSERT_EQ(api_get(*e, "/openapi/2022-01/shop", token).status, 200);
    ASSERT_EQ(admin(*e, "POST", "/_emulator/uninstall").status, 200);
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/shop", token).status, 401);
    EXPECT_EQ(api_get(*e, "/openapi/2022-01/shop").status, 200);  // the admin token survives
}

}  // namespace
}  // namespace sb::emulators::shoplazza::testing
