#include <gtest/gtest.h>

#include "domain/scopes.hpp"

namespace sb::domain {

TEST(Scopes, SplitDeduplicatesAndAcceptsCommas) {
    EXPECT_EQ(split_scopes(" a  b,c a "), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_TRUE(split_scopes("").empty());
    EXPECT_EQ(join_scopes({"a", "b"}), "a b");
}

TEST(Scopes, RegistryHasTheSeedScopes) {
    EXPECT_TRUE(is_known_scope("erc-ecommerce-connections-orders:read"));
    EXPECT_TRUE(is_known_scope("write_shop"));
    EXPECT_TRUE(is_known_scope("integrations:write"));
    EXPECT_FALSE(is_known_scope("root"));
}

}  // namespace sb::domain
