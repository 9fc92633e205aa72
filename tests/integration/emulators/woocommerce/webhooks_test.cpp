#include "common/webhook_receiver.hpp"
#include "fixture.hpp"

namespace sb::emulators::woocommerce::testing {
namespace {

namespace json = boost::json;

std::string header_of(const http::Request& r, const std::string& name) {
    return std::string(r.header(name).value_or(""));
}

// The receiver's check, written from WooCommerce's documentation rather than with the
// emulator's function: base64 of the raw HMAC-SHA256 of the body, keyed with the secret.
bool signature_valid(const http::Request& r, const std::string& secret) {
    return header_of(r, "x-wc-webhook-signature") ==
           crypto::base64_encode(crypto::hmac_sha256(secret, r.body));
}

// The deliveries among what the receiver got (the creation ping carries no topic).
std::vector<http::Request> deliveries(const test::WebhookReceiver& rx) {
    std::vector<http::Request> out;
    for (auto& r : rx.requests()) {
        if (r.header("x-wc-webhook-topic"))
            out.push_back(std::move(r));
    }
    return out;
}

json::object create_body(const std::string& topic, const std::string& url,
                         const std::string& secret) {
    return {{"name", "Storebridge " + topic},
            {"topic", topic},
            {"delivery_url", url},
            {"secret", secret}};
}

TEST(WooCommerceSigning, PublishedVector) {
    // PLATFORMS.md §2.5's vector, computed independently of the emulator.
    EXPECT_EQ(crypto::base64_encode(crypto::hmac_sha256("wc_secret", R"({"id":727})")),
              "V83ViEmLp0uBRL5OdkdQ6pFl5fcO4g5FiUW7jDqQw9c=");
}

TEST(WooCommerceWebhooks, CrudPingAndSignedDelivery) {
    auto e = start_emulator();
    test::WebhookReceiver rx;
    auto made = api(*e, "POST", "/webhooks",
                    json::serialize(create_body("order.updated", rx.url(), "whsec-order-updated")));
    ASSERT_EQ(made.status, 201) << made.body;
    const auto w = made.json();
    const std::string id = std::to_string(w.at("id").as_int64());
    EXPECT_EQ(w.at("status"), "active");
    EXPECT_EQ(w.at("resource"), "order");
    EXPECT_EQ(w.at("event"), "updated");
    EXPECT_EQ(w.at("delivery_url"), json::value(rx.url()));
    EXPECT_FALSE(w.as_object().contains("secret"));  // write-only
    // The creation ping: a form body naming the webhook, unsigned.
    ASSERT_TRUE(eventually([&] { return rx.count() >= 1; }));
    EXPECT_EQ(rx.requests()[0].body, "webhook_id=" + id);
    EXPECT_FALSE(rx.requests()[0].header("x-wc-webhook-signature"));

    EXPECT_EQ(
        api(*e, "POST", "/webhooks", R"({"topic":"order.shipped","delivery_url":"http://x/"})")
            .json()
            .at("code"),
        "woocommerce_rest_webhook_invalid_topic");
    auto missing = api(*e, "POST", "/webhooks", R"({"name":"x"})");
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(missing.json().at("code"), "rest_missing_callback_param");
    auto list = api_get(*e, "/webhooks");
    EXPECT_EQ(list.header("X-WP-Total"), "1");
    EXPECT_EQ(api_get(*e, "/webhooks/" + id).json().at("topic"), "order.updated");

    ASSERT_EQ(api(*e, "PUT", "/orders/1002", R"({"status":"completed"})").status, 200);
    ASSERT_TRUE(eventually([&] { return deliveries(rx).size() >= 1; }));
    const auto d = deliveries(rx)[0];
    EXPECT_TRUE(signature_valid(d, "whsec-order-updated")) << d.body;
    EXPECT_FALSE(signature_valid(d, e->options().consumer_secret));
    EXPECT_EQ(header_of(d, "x-wc-webhook-topic"), "order.updated");
    EXPECT_EQ(header_of(d, "x-wc-webhook-resource"), "order");
    EXPECT_EQ(header_of(d, "x-wc-webhook-event"), "updated");
    EXPECT_EQ(header_of(d, "x-wc-webhook-id"), id);
    EXPECT_EQ(header_of(d, "x-wc-webhook-source"), e->site_url() + "/");
    EXPECT_FALSE(header_of(d, "x-wc-webhook-delivery-id").empty());
    EXPECT_EQ(header_of(d, "content-type"), "application/json");
    // The body is the full order, as GET /orders/1002 answers it.
    const auto order = json::parse(d.body);
    EXPECT_EQ(order.at("id"), 1002);
    EXPECT_EQ(order.at("status"), "completed");
    EXPECT_EQ(order, api_get(*e, "/orders/1002").json());

    // Paused: nothing is sent; deleting needs force=true.
    auto paused = api(*e, "PUT", "/webhooks/" + id, R"({"status":"paused"})");
    EXPECT_EQ(paused.json().at("status"), "paused");
    EXPECT_EQ(api(*e, "DELETE", "/webhooks/" + id).status, 501);
    EXPECT_EQ(api(*e, "DELETE", "/webhooks/" + id + "?force=true").status, 200);
    EXPECT_EQ(api_get(*e, "/webhooks/" + id).json().at("code"),
              "woocommerce_rest_webhook_invalid_id");
}

TEST(WooCommerceWebhooks, DeletedOrderCarriesOnlyItsId) {
    auto e = start_emulator();
    test::WebhookReceiver rx;
    ASSERT_EQ(
        api(*e, "POST", "/webhooks", json::serialize(create_body("order.deleted", rx.url(), "s3")))
            .status,
        201);
    ASSERT_EQ(admin(*e, "DELETE", "/_emulator/orders/1004").status, 200);
    ASSERT_TRUE(eventually([&] { return deliveries(rx).size() >= 1; }));
    const auto d = deliveries(rx)[0];
    EXPECT_EQ(json::parse(d.body), json::parse(R"({"id":1004})"));
    EXPECT_TRUE(signature_valid(d, "s3"));
    EXPECT_EQ(api_get(*e, "/orders/1004").status, 404);
}

TEST(WooCommerceWebhooks, DisabledAfterMoreThanFiveFailures) {
    auto e = start_emulator();
    test::WebhookReceiver rx;
    rx.set_failing(true);
    auto made = api(*e, "POST", "/webhooks",
                    json::serialize(create_body("product.updated", rx.url(), "s")));
    ASSERT_EQ(made.status, 201);  // a failed ping does not refuse the webhook
    const std::string id = std::to_string(made.json().at("id").as_int64());
    auto touch = [&] { ASSERT_EQ(admin(*e, "PUT", "/_emulator/products/10").status, 200); };
    for (int i = 0; i < 5; ++i)
        touch();
    ASSERT_TRUE(eventually([&] { return deliveries(rx).size() >= 5; }));
    // Each failure is tried once: no retries.
    EXPECT_EQ(deliveries(rx).size(), 5u);
    EXPECT_EQ(api_get(*e, "/webhooks/" + id).json().at("status"), "active");
    touch();
    ASSERT_TRUE(eventually(
        [&] { return api_get(*e, "/webhooks/" + id).json().at("status") == "disabled"; }));
    EXPECT_EQ(api_get(*e, "/webhooks?status=disabled").header("X-WP-Total"), "1");
    auto stats = admin(*e, "GET", "/_emulator/stats", "").json();
    EXPECT_EQ(stats.at("webhooks").at("deactivated"), 1);

    // Set active again by a PUT, it delivers again.
    rx.set_failing(false);
    auto again = api(*e, "PUT", "/webhooks/" + id, R"({"status":"active"})");
    EXPECT_EQ(again.json().at("status"), "active");
    touch();
    ASSERT_TRUE(eventually([&] { return deliveries(rx).size() >= 7; }));
    EXPECT_TRUE(signature_valid(deliveries(rx).back(), "s"));
}

TEST(WooCommerceFaults, CountedFailuresAndHostThrottle) {
    auto e = start_emulator();
    ASSERT_EQ(admin(*e, "POST", "/_emulator/faults", R"({"fail_next":1,"throttle_next":1})").status,
              200);
    // A host's limiter answers before the site looks at the call.
    auto throttled = api_get(*e, "/orders");
    EXPECT_EQ(throttled.status, 429);
    EXPECT_EQ(throttled.header("Retry-After"), "1");
    // The 503 strikes as a PHP error does, after the site took the call's nonce: the same
    // signed request again is refused, so a client must sign each retry anew.
    const std::string target =
        signed_target(*e, "GET", "/wp-json/wc/v3/orders", site_key(*e), now_ms() / 1000);
    auto failed = test::get(e->port(), target);
    EXPECT_EQ(failed.status, 503);
    EXPECT_EQ(failed.json().at("data").at("status"), 503);
    EXPECT_EQ(test::get(e->port(), target).status, 401);
    EXPECT_EQ(api_get(*e, "/orders").status, 200);
    auto stats = admin(*e, "GET", "/_emulator/stats", "").json();
    EXPECT_EQ(stats.at("requests").at("injected_failures"), 1);
    EXPECT_EQ(stats.at("records").at("orders"), 60);
}

TEST(WooCommerceAdmin, CreatedOrderTakesStockAndCancelGivesItBack) {
    auto e = start_emulator();
    test::WebhookReceiver rx;
    ASSERT_EQ(
        api(*e, "POST", "/webhooks", json::serialize(create_body("order.created", rx.url(), "c")))
            .status,
        201);
    const auto before = api_get(*e, "/products/10").json();
    ASSERT_EQ(before.at("type"), "simple");
    ASSERT_EQ(api(*e, "PUT", "/products/10", R"({"manage_stock":true,"stock_quantity":9})").status,
              200);
    auto made = admin(*e, "POST", "/_emulator/orders",
                      R"({"status":"processing","line_items":[{"product_id":10,"quantity":2}]})");
    ASSERT_EQ(made.status, 201) << made.body;
    const std::string id = std::to_string(made.json().at("id").as_int64());
    EXPECT_EQ(api_get(*e, "/products/10").json().at("stock_quantity"), 7);
    ASSERT_TRUE(eventually([&] { return deliveries(rx).size() >= 1; }));
    EXPECT_EQ(json::parse(deliveries(rx)[0].body).at("id"), made.json().at("id"));
    ASSERT_EQ(admin(*e, "POST", "/_emulator/orders/" + id + "/cancel").status, 200);
    EXPECT_EQ(api_get(*e, "/products/10").json().at("stock_quantity"), 9);
    EXPECT_EQ(api_get(*e, "/orders/" + id).json().at("status"), "cancelled");
}

}  // namespace
}  // namespace sb::emulators::woocommerce::testing
