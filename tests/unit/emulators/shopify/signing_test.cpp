#include <gtest/gtest.h>

#include "emulators/shopify/auth/signing.hpp"

namespace sb::emulators::shopify {
namespace {

TEST(Signing, WebhookVector) {
    EXPECT_EQ(webhook_hmac(R"({"id":1})", "hush"), "VnKUjZsLuN5iZWjn5EntcBVCF9kMN43LglzCE1/GSeY=");
}

TEST(Signing, OAuthVector) {
    const std::vector<std::pair<std::string, std::string>> params{
        {"shop", "some-shop.myshopify.com"},
        {"timestamp", "1337178173"},
        {"hmac", "ignored"},
        {"code", "0907a61c0c8d55e99db179b68161bc00"}};
    EXPECT_EQ(
        oauth_message(params),
        "code=0907a61c0c8d55e99db179b68161bc00&shop=some-shop.myshopify.com&timestamp=1337178173");
    EXPECT_EQ(oauth_hmac(params, "hush"),
              "4712bf92ffc2917d15a2f5a273e39f0116667419aa4b6ac0b3baaf26fa3c4d20");
}

}  // namespace
}  // namespace sb::emulators::shopify
