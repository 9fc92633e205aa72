#include "connectors/kit/query_signature.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace sb::connectors::kit {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

// Shopify's documented example of a signed install callback (secret "hush").
Query shopify_example() {
    return {{"code", "0907a61c0c8d55e99db179b68161bc00"},
            {"hmac", "700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf"},
            {"shop", "some-shop.myshopify.com"},
            {"state", "0.6784241404160823"},
            {"timestamp", "1337178173"}};
}

TEST(QuerySignature, AcceptsThePublishedExampleInAnyOrder) {
    auto q = shopify_example();
    EXPECT_TRUE(verify_query_hmac(q, "hush"));
    std::reverse(q.begin(), q.end());
    EXPECT_TRUE(verify_query_hmac(q, "hush"));
    // The legacy `signature` parameter is not signed.
    q.emplace_back("signature", "legacy");
    EXPECT_TRUE(verify_query_hmac(q, "hush"));
    // Hex in capitals reads the same.
    for (auto& [k, v] : q)
        if (k == "hmac")
            for (auto& c : v)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_TRUE(verify_query_hmac(q, "hush"));
}

TEST(QuerySignature, RefusesAChangedParameterAWrongSecretOrNoHmac) {
    EXPECT_FALSE(verify_query_hmac(shopify_example(), "hush!"));
    EXPECT_FALSE(verify_query_hmac(shopify_example(), ""));
    auto changed = shopify_example();
    changed[2].second = "other-shop.myshopify.com";
    EXPECT_FALSE(verify_query_hmac(changed, "hush"));
    auto added = shopify_example();
    added.emplace_back("extra", "1");
    EXPECT_FALSE(verify_query_hmac(added, "hush"));
    auto without = shopify_example();
    without.erase(without.begin() + 1);
    EXPECT_FALSE(verify_query_hmac(without, "hush"));
}

}  // namespace
}  // namespace sb::connectors::kit
