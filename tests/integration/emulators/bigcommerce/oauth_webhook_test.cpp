#include "common/webhook_receiver.hpp"
#include "crypto/crypto.hpp"
#include "emulators/bigcommerce/webhooks/webhooks.hpp"
#include "fixture.hpp"

namespace sb::emulators::bigcommerce::testing {
namespace {

namespace json = boost::json;

std::string header_of(const http::Request& r, const std::string& name) {
    return std::string(r.header(name).value_or(""));
}

// The receiver's check, written from the Standard Webhooks spec rather than with the
// emulator's function.
bool signature_valid(const http::Request& r, const std::string& secret) {
    const std::string msg =
        header_of(r, "webhook-id") + "." + header_of(r, "webhook-timestamp") + "." + r.body;
    return header_of(r, "webhook-signature") ==
           "v1," + crypto::base64_encode(crypto::hmac_sha256(secret, msg));
}

TEST(BigCommerceSigning, StandardWebhooksVectors) {
    std::string key;
    ASSERT_TRUE(crypto::base64_decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", key));
    EXPECT_EQ(standard_webhook_signature(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                                         R"({"test": 2432232314})"),
              "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    EXPECT_EQ(standard_webhook_signature("bc_client_secret", "msg_1", 1700000000,
                                         R"({"scope":"store/order/created"})"),
              "v1,B1R1dx5EUiS2Sy+MnDvLZvbtSRk8P3sB5LUDvFn1L64=");
    EXPECT_EQ(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(BigCommerceSigning, CallbackJwtVector) {
    CallbackClaims c;
    c.aud = "client_id_x";
    c.iat = 1700000000;
    c.jti = "j1";
    c.sub = "stores/abc123";
    c.url = "/";
    c.user_id = c.owner_id = 1;
    c.user_email = c.owner_email = "u@example.com";
    EXPECT_EQ(signed_payload_jwt(c, "client_secret_x"),
              "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."
              "eyJhdWQiOiJjbGllbnRfaWRfeCIsImlzcyI6ImJjIiwiaWF0IjoxNzAwMDAwMDAwLCJuYmYiOjE3MDAwMDAw"
              "MDAsImV4cCI6MTcwMDA4NjQwMCwianRpIjoiajEiLCJzdWIiOiJzdG9yZXMvYWJjMTIzIiwidXNlciI6eyJp"
              "ZCI6MSwiZW1haWwiOiJ1QGV4YW1wbGUuY29tIn0sIm93bmVyIjp7ImlkIjoxLCJlbWFpbCI6InVAZXhhbXBs"
              "ZS5jb20ifSwidXJsIjoiLyIsImNoYW5uZWxfaWQiOm51bGx9."
              "CilPb9U2gkNZsQY_wVxU9rCwEIS9wnuk12j4YptfLMY");
}

TEST(BigCommerceOAuth, InstallAndFormAndJsonExchange) {
    EmulatorOptions o;
    o.client_id = "app-1";
    o.client_secret = "hush";
    auto e = start_emulator(o);
    const auto q = install(*e, "store_v2_orders_read_only store_v2_products");
    ASSERT_FALSE(q.empty());
    EXPECT_EQ(value_of(q, "context"), "stores/" + o.store_hash);
    EXPECT_EQ(value_of(q, "scope"), "store_v2_orders_read_only store_v2_products");
    EXPECT_FALSE(value_of(q, "account_uuid").empty());
    const std::string code = value_of(q, "code");

    const std::string rest = "&grant_type=authorization_code&context=stores%2F" + o.store_hash +
                             "&redirect_uri=http%3A%2F%2Flocalhost%2Fauth&code=" + code;
    EXPECT_EQ(token_form(*e, "client_id=app-1&client_secret=wrong" + rest).status, 401);
    auto form = token_form(*e, "client_id=app-1&client_secret=hush" + rest);
    ASSERT_EQ(form.status, 200) << form.body;
    const auto t = form.json();
    EXPECT_EQ(t.at("context"), json::value("stores/" + o.store_hash));
    EXPECT_EQ(t.at("scope"), "store_v2_orders_read_only store_v2_products");
    EXPECT_EQ(t.at("account_uuid"), json::value(value_of(q, "account_uuid")));
    EXPECT_TRUE(t.at("user").at("email").is_string());
    EXPECT_TRUE(t.at("owner").at("id").is_int64());
    const std::string first(t.at("access_token").as_string());
    EXPECT_EQ(api_get(*e, "/v3/catalog/products", first).status, 200);
    EXPECT_EQ(token_form(*e, "client_id=app-1&client_secret=hush" + rest).status, 400);  // used

    // A JSON exchange of a second install: its token replaces the first.
    const std::string code2 = value_of(install(*e, "store_v2_orders"), "code");
    json::object body{{"client_id", "app-1"},
                      {"client_secret", "hush"},
                      {"code", code2},
                      {"context", "stores/" + o.store_hash},
                      {"scope", "store_v2_orders"},
                      {"grant_type", "authorization_code"},
                      {"redirect_uri", "http://localhost/auth"}};
    auto js = test::send(e->port(), test::HttpRequest{"POST",
                                                      "/oauth2/token",
                                                      {{"Content-Type", "application/json"}},
                                                      json::serialize(body)});
    ASSERT_EQ(js.status, 200) << js.body;
    const std::string second(js.json().at("access_token").as_string());
    EXPECT_EQ(api_get(*e, "/v2/orders", second).status, 200);
    EXPECT_EQ(api_get(*e, "/v2/orders", first).status, 401);
    // The registered callback only: the exchange refuses any other redirect_uri, an unknown
    // scope is not registered, another app's install link does not exist.
    const std::string code3 = value_of(install(*e, "store_v2_orders"), "code");
    ASSERT_FALSE(code3.empty());
    auto other = token_form(
        *e,
        "client_id=app-1&client_secret=hush&grant_type=authorization_code"
        "&context=stores%2F" +
            o.store_hash + "&redirect_uri=http%3A%2F%2Flocalhost%2Fauth%3Fstate%3Dx&code=" + code3);
    EXPECT_EQ(other.status, 400) << other.body;
    EXPECT_EQ(admin(*e, "POST", "/_emulator/app",
                    R"({"auth_callback":"http://localhost/auth","scopes":"store_bogus"})")
                  .status,
              400);
    EXPECT_EQ(test::get(e->port(), "/app/someone-else/install").status, 404);
}

TEST(BigCommerceHooks, CrudAndSignedDelivery) {
    EmulatorOptions o;
    o.client_secret = "bc-secret";
    auto e = start_emulator(o);
    test::WebhookReceiver rx;
    json::object create{{"scope", "store/order/*"},
                        {"destination", rx.url()},
                        {"is_active", true},
                        {"headers", json::object{{"X-Custom-Auth", "shared"}}}};
    auto made = api(*e, "POST", "/v3/hooks", json::serialize(create));
    ASSERT_EQ(made.status, 200) << made.body;
    const auto hook = made.json().at("data");
    const std::string id = std::to_string(hook.at("id").as_int64());
    EXPECT_EQ(hook.at("scope"), "store/order/*");
    EXPECT_EQ(hook.at("is_active"), true);
    EXPECT_EQ(hook.at("store_hash"), json::value(o.store_hash));
    EXPECT_EQ(hook.at("headers").at("X-Custom-Auth"), "shared");
    EXPECT_EQ(api_get(*e, "/v3/hooks").json().at("data").as_array().size(), 1u);
    EXPECT_EQ(api_get(*e, "/v3/hooks/" + id).status, 200);
    EXPECT_EQ(api(*e, "POST", "/v3/hooks", R"({"scope":"store/nothing","destination":"x"})").status,
              422);

    ASSERT_EQ(api(*e, "PUT", "/v2/orders/103", R"({"status_id":9})").status, 200);
    ASSERT_TRUE(eventually([&] { return rx.count() >= 2; }));
    bool saw_status = false;
    for (const auto& r : rx.requests()) {
        EXPECT_TRUE(signature_valid(r, "bc-secret")) << r.body;
        EXPECT_FALSE(signature_valid(r, "other-secret"));
        EXPECT_EQ(header_of(r, "x-custom-auth"), "shared");
        const auto p = json::parse(r.body);
        EXPECT_EQ(p.at("data").at("id"), 103);
        EXPECT_EQ(p.at("producer"), json::value("stores/" + o.store_hash));
        EXPECT_EQ(p.at("hash").as_string().size(), 40u);
        EXPECT_TRUE(p.at("store_id").is_string());
        EXPECT_TRUE(p.at("created_at").is_int64());
        if (p.at("scope") == "store/order/statusUpdated") {
            saw_status = true;
            EXPECT_EQ(p.at("data").at("status").at("new_status_id"), 9);
            EXPECT_EQ(p.at("data").at("status").at("previous_status_id"), 3);
        }
    }
    EXPECT_TRUE(saw_status);

    // Off, then deleted: nothing more arrives for an edit.
    auto off = api(*e, "PUT", "/v3/hooks/" + id, R"({"is_active":false})");
    ASSERT_EQ(off.status, 200);
    EXPECT_EQ(off.json().at("data").at("is_active"), false);
    EXPECT_EQ(api(*e, "DELETE", "/v3/hooks/" + id).status, 200);
    EXPECT_EQ(api_get(*e, "/v3/hooks/" + id).status, 404);
    EXPECT_EQ(api_get(*e, "/v3/hooks").json().at("data").as_array().size(), 0u);
}

TEST(BigCommerceHooks, StockShipmentAndAbandonedDeactivation) {
    EmulatorOptions o;
    o.webhook_retry_scale = 0.00005;  // the two-day schedule in about 9 seconds
    o.quota = 1'000'000;              // the polling below must not be throttled
    auto e = start_emulator(o);
    test::WebhookReceiver rx;
    ASSERT_EQ(api(*e, "POST", "/v3/hooks",
                  R"({"scope":"store/sku/inventory/updated","destination":")" + rx.url() + "\"}")
                  .status,
              200);
    ASSERT_EQ(api(*e, "POST", "/v3/hooks",
                  R"({"scope":"store/shipment/created","destination":")" + rx.url() + "\"}")
                  .status,
              200);
    ASSERT_EQ(
        admin(*e, "PUT", "/_emulator/stock", R"({"variant_id":1001,"location_id":1,"quantity":4})")
            .status,
        200);
    const auto line = api_get(*e, "/v2/orders/112/products").json().at(0);
    const auto addr = api_get(*e, "/v2/orders/112/shipping_addresses").json().at(0);
    ASSERT_EQ(api(*e, "POST", "/v2/orders/112/shipments",
                  R"({"order_address_id":)" + std::to_string(addr.at("id").as_int64()) +
                      R"(,"items":[{"order_product_id":)" +
                      std::to_string(line.at("id").as_int64()) + R"(,"quantity":1}]})")
                  .status,
              201);
    ASSERT_TRUE(eventually([&] { return rx.count() >= 2; }));
    bool stock = false, shipment = false;
    for (const auto& r : rx.requests()) {
        const auto p = json::parse(r.body);
        if (p.at("scope") == "store/sku/inventory/updated") {
            stock = true;
            EXPECT_EQ(p.at("data").at("inventory").at("variant_id"), 1001);
            EXPECT_EQ(p.at("data").at("inventory").at("value"), 4);
            EXPECT_EQ(p.at("data").at("inventory").at("method"), "absolute");
        } else if (p.at("scope") == "store/shipment/created") {
            shipment = true;
            EXPECT_EQ(p.at("data").at("orderId"), 112);
        }
    }
    EXPECT_TRUE(stock);
    EXPECT_TRUE(shipment);

    // A destination that never answers 2xx: after the last retry the hook turns inactive.
    auto dead = api(*e, "POST", "/v3/hooks",
                    R"({"scope":"store/customer/updated","destination":"http://127.0.0.1:1/x"})");
    ASSERT_EQ(dead.status, 200);
    const std::string dead_id = std::to_string(dead.json().at("data").at("id").as_int64());
    ASSERT_EQ(admin(*e, "PUT", "/_emulator/customers/3").status, 200);
    EXPECT_TRUE(eventually(
        [&] {
            return api_get(*e, "/v3/hooks/" + dead_id).json().at("data").at("is_active") == false;
        },
        std::chrono::seconds(60)));
}

TEST(BigCommerceCallbacks, UninstallCallsTheAppAndDropsTokensAndHooks) {
    EmulatorOptions o;
    o.client_id = "app-9";
    o.client_secret = "s9";
    auto e = start_emulator(o);
    test::WebhookReceiver app;
    const std::string token = token_with_scopes(*e, "store_v2_orders");
    ASSERT_FALSE(token.empty());
    ASSERT_EQ(api(*e, "POST", "/v3/hooks",
                  R"({"scope":"store/app/uninstalled","destination":")" + app.url() + "\"}", token)
                  .status,
              200);
    auto r = admin(*e, "POST", "/_emulator/callbacks/uninstall",
                   json::serialize(json::object{{"url", app.url()}}));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().at("status"), 200);
    ASSERT_TRUE(eventually([&] { return app.count() >= 2; }));
    bool called = false, announced = false;
    for (const auto& req : app.requests()) {
        if (req.method == "GET") {
            called = true;
            const std::string jwt(req.query_param("signed_payload_jwt").value_or(""));
            const auto dot = jwt.rfind('.');
            ASSERT_NE(dot, std::string::npos);
            EXPECT_EQ(jwt.substr(dot + 1),
                      crypto::base64url_encode(crypto::hmac_sha256("s9", jwt.substr(0, dot))));
            std::string claims;
            const auto first = jwt.find('.');
            ASSERT_TRUE(crypto::base64url_decode(jwt.substr(first + 1, dot - first - 1), claims));
            const auto c = json::parse(claims);
            EXPECT_EQ(c.at("aud"), "app-9");
            EXPECT_EQ(c.at("iss"), "bc");
            EXPECT_EQ(c.at("sub"), json::value("stores/" + o.store_hash));
        } else if (json::parse(req.body).at("scope") == "store/app/uninstalled") {
            announced = true;
        }
    }
    EXPECT_TRUE(called);
    EXPECT_TRUE(announced);
    EXPECT_EQ(api_get(*e, "/v2/orders", token).status, 401);
    EXPECT_EQ(api_get(*e, "/v2/orders").status, 200);  // the store-level account stays
    EXPECT_EQ(admin(*e, "GET", "/_emulator/stats").json().at("records").at("hooks"), 0);
}

}  // namespace
}  // namespace sb::emulators::bigcommerce::testing
