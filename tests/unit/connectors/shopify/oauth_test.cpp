#include <gtest/gtest.h>

#include "connectors/shopify/oauth.hpp"
#include "crypto/crypto.hpp"

namespace sb::connectors::shopify::oauth {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

Query signed_query(Query q, const std::string& secret) {
    auto sorted = q;
    std::sort(sorted.begin(), sorted.end());
    std::string msg;
    for (const auto& [k, v] : sorted)
        msg += (msg.empty() ? "" : "&") + k + "=" + v;
    q.emplace_back("hmac", crypto::hex_encode(crypto::hmac_sha256(secret, msg)));
    return q;
}

TEST(ShopifyOAuth, ShopHostNames) {
    EXPECT_TRUE(valid_shop_domain("my-shop.myshopify.com"));
    EXPECT_TRUE(valid_shop_domain("0shop.myshopify.com"));
    EXPECT_FALSE(valid_shop_domain("-shop.myshopify.com"));
    EXPECT_FALSE(valid_shop_domain("My-Shop.myshopify.com"));
    EXPECT_FALSE(valid_shop_domain("shop.myshopify.com.evil.com"));
    EXPECT_FALSE(valid_shop_domain("evil.com/shop.myshopify.com"));
    EXPECT_FALSE(valid_shop_domain("a.b.myshopify.com"));
    EXPECT_FALSE(valid_shop_domain(".myshopify.com"));
}

TEST(ShopifyOAuth, CallbackChecks) {
    const std::int64_t now = 1'700'000'000;
    Query base{{"code", "c0de"},
               {"shop", "my-shop.myshopify.com"},
               {"state", "s"},
               {"timestamp", std::to_string(now)},
               {"host", "aG9zdA=="}};
    auto ok = verify_callback(signed_query(base, "sec"), "sec", now);
    ASSERT_TRUE(ok.callback);
    EXPECT_EQ(ok.callback->code, "c0de");
    EXPECT_EQ(verify_callback(signed_query(base, "sec"), "other", now).error,
              CallbackError::bad_hmac);
    EXPECT_EQ(verify_callback(signed_query(base, "sec"), "sec", now + 3600).error,
              CallbackError::stale_timestamp);
    auto bad_shop = base;
    bad_shop[1].second = "evil.example.com";
    EXPECT_EQ(verify_callback(signed_query(bad_shop, "sec"), "sec", now).error,
              CallbackError::bad_shop);
    EXPECT_EQ(verify_callback(base, "sec", now).error, CallbackError::missing_parameter);
}

TEST(ShopifyOAuth, AuthorizeUrlAndRefreshWindow) {
    auto u =
        authorize_url("https://my-shop.myshopify.com", "key", {"read_orders", "write_inventory"},
                      "https://hub.example/callback/shopify", "st");
    EXPECT_EQ(u.rfind("https://my-shop.myshopify.com/admin/oauth/authorize?client_id=key", 0), 0u);
    EXPECT_NE(u.find("scope=read_orders%2Cwrite_inventory"), std::string::npos);
    EXPECT_NE(u.find("redirect_uri=https%3A%2F%2Fhub.example%2Fcallback%2Fshopify"),
              std::string::npos);
    EXPECT_FALSE(needs_refresh(std::nullopt, 0));
    EXPECT_TRUE(needs_refresh(1000, 0));
    EXPECT_FALSE(needs_refresh(3'600'000, 0));
}

}  // namespace
}  // namespace sb::connectors::shopify::oauth
