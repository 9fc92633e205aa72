#include <boost/url/parse.hpp>

#include "connectors/shopify/oauth.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "fixture.hpp"
#include "http/message.hpp"

namespace sb::connectors::shopify::testing {
namespace {

namespace json = boost::json;

TEST(ShopifyActions, SetStockLevelIsVisibleInTheNextStockSync) {
    auto e = start_big_plan();
    ShopifyConnector c(fast_options(*e));
    const auto integ = integration_for(*e);
    CollectingSink before;
    c.fetch(FetchRequest{integ, domain::DataType::stock, {}, {}}, before);
    ASSERT_FALSE(before.records.empty());
    auto first = json::parse(before.records[0].data).as_object();
    const std::string item(first.at("inventory_item_id").as_string());
    const std::string location(first.at("location_id").as_string());
    auto out = c.set_stock_level(integ, item, location, 4242);
    EXPECT_EQ(std::get<std::int64_t>(out.result.at("available")), 4242);
    CollectingSink after;
    c.fetch(FetchRequest{integ, domain::DataType::stock, {}, {}}, after);
    bool seen = false;
    for (const auto& r : after.records) {
        if (r.external_id == item + ":" + location) {
            seen = true;
            EXPECT_EQ(json::parse(r.data).at("available").as_int64(), 4242);
        }
    }
    EXPECT_TRUE(seen);
    try {
        c.set_stock_level(integ, "1", location, 1);
        FAIL();
    } catch (const ApiError& err) {
        EXPECT_EQ(err.code(), Errc::not_found);
        EXPECT_FALSE(err.fields().empty());
    }
}

TEST(ShopifyActions, CancelOrderAddTrackingAndWebhooks) {
    auto e = start_big_plan();
    ShopifyConnector c(fast_options(*e));
    const auto integ = integration_for(*e);
    EXPECT_NO_THROW(c.cancel_order(integ, "5000000000007", "customer", false));
    try {
        c.cancel_order(integ, "5000000000007", "customer", false);
        FAIL();
    } catch (const ApiError& err) {
        EXPECT_EQ(err.code(), Errc::unprocessable_entity);
    }
    try {
        c.cancel_order(integ, "1", "customer", false);
        FAIL();
    } catch (const ApiError& err) {
        EXPECT_EQ(err.code(), Errc::not_found);
    }

    // A fulfillment from a synced order.
    CollectingSink orders;
    c.fetch(FetchRequest{integ, domain::DataType::order, {}, {}}, orders);
    std::string fulfillment;
    for (const auto& r : orders.records) {
        auto d = json::parse(r.data).as_object();
        if (!d.at("deliveries").as_array().empty()) {
            fulfillment = std::string(d.at("deliveries").as_array()[0].at("id").as_string());
            break;
        }
    }
    ASSERT_FALSE(fulfillment.empty());
    auto t = c.add_tracking(integ, fulfillment, "1Z999", "UPS", "https://ups.example/1Z999");
    EXPECT_EQ(std::get<std::string>(t.result.at("tracking_number")), "1Z999");
    // fulfillmentTrackingInfoUpdate answers a plain UserError, without a code: the message
    // alone tells an unknown fulfillment.
    try {
        c.add_tracking(integ, "1", "1Z999", "UPS", "");
        FAIL();
    } catch (const ApiError& err) {
        EXPECT_EQ(err.code(), Errc::not_found);
        EXPECT_FALSE(err.fields().empty());
    }

    const std::vector<std::string> topics{"orders/updated", "app/uninstalled"};
    auto w1 = c.register_webhooks(integ, "http://127.0.0.1:1/webhooks/shopify", topics);
    EXPECT_EQ(std::get<std::int64_t>(w1.result.at("created")), 2);
    auto w2 = c.register_webhooks(integ, "http://127.0.0.1:1/webhooks/shopify", topics);
    EXPECT_EQ(std::get<std::int64_t>(w2.result.at("already_registered")), 2);
}

TEST(ShopifyOAuth, InstallExchangeAndRefresh) {
    auto e = start_emulator();
    ShopifyConnector c(fast_options(*e));
    const auto& eo = e->options();
    const std::string url =
        oauth::authorize_url(base_url(*e), eo.api_key, {"read_orders", "write_inventory"},
                             "http://127.0.0.1:1/callback/shopify", "st4te");
    auto u = boost::urls::parse_absolute_uri(url);
    ASSERT_TRUE(u);
    test::HttpRequest get;
    get.target = std::string(u->encoded_target());
    auto r = test::send(e->port(), get);
    ASSERT_EQ(r.status, 302);
    http::Request cb;
    const std::string location = r.header("Location");
    ASSERT_TRUE(http::parse_target(location.substr(location.find("/callback")), cb));

    auto ok = oauth::verify_callback(cb.query, eo.api_secret, now_ms() / 1000);
    ASSERT_TRUE(ok.callback) << oauth::callback_error_name(*ok.error);
    EXPECT_EQ(ok.callback->shop, eo.shop_domain);
    EXPECT_EQ(ok.callback->state, "st4te");

    auto tampered = cb.query;
    for (auto& [k, v] : tampered) {
        if (k == "shop")
            v = "evil.myshopify.com";
    }
    EXPECT_EQ(oauth::verify_callback(tampered, eo.api_secret, now_ms() / 1000).error,
              oauth::CallbackError::bad_hmac);
    EXPECT_EQ(oauth::verify_callback(cb.query, eo.api_secret, now_ms() / 1000 + 3600).error,
              oauth::CallbackError::stale_timestamp);

    auto tokens = oauth::exchange_code(c.http(), base_url(*e), eo.api_key, eo.api_secret,
                                       ok.callback->code, true);
    EXPECT_FALSE(tokens.access_token.empty());
    ASSERT_TRUE(tokens.refresh_token);
    ASSERT_TRUE(tokens.expires_at);
    // The code is single use.
    try {
        oauth::exchange_code(c.http(), base_url(*e), eo.api_key, eo.api_secret, ok.callback->code,
                             true);
        FAIL();
    } catch (const ApiError& err) {
        EXPECT_EQ(err.code(), Errc::invalid_grant);
    }

    auto integ = integration_for(*e, tokens.access_token);
    integ.credentials["refresh_token"] = *tokens.refresh_token;
    auto fresh = c.refresh_token(integ, eo.api_key, eo.api_secret);
    EXPECT_NE(fresh.access_token, tokens.access_token);
    // The new token works; the spent refresh token does not.
    auto gql = c.graphql(integration_for(*e, fresh.access_token));
    EXPECT_NO_THROW(gql.execute("{ shop { name } }"));
    try {
        c.refresh_token(integ, eo.api_key, eo.api_secret);
        FAIL();
    } catch (const ApiError& err) {
        EXPECT_EQ(err.code(), Errc::invalid_grant);
    }
}

}  // namespace
}  // namespace sb::connectors::shopify::testing
