#include <gtest/gtest.h>

#include "domain/auth_service.hpp"

namespace sb::domain {

TEST(FailureLimiter, BlocksAfterMaxFailuresWithinWindow) {
    FailureLimiter limiter(3, std::chrono::seconds(60));
    EXPECT_EQ(limiter.retry_after("k"), 0);
    limiter.record_failure("k");
    limiter.record_failure("k");
    EXPECT_EQ(limiter.retry_after("k"), 0);
    limiter.record_failure("k");
    const auto wait = limiter.retry_after("k");
    EXPECT_GT(wait, 0);
    EXPECT_LE(wait, 61);
    EXPECT_EQ(limiter.retry_after("other"), 0);
    limiter.reset("k");
    EXPECT_EQ(limiter.retry_after("k"), 0);
}

TEST(FailureLimiter, ForgetsFailuresOutsideTheWindow) {
    FailureLimiter limiter(1, std::chrono::seconds(0));
    limiter.record_failure("k");
    EXPECT_EQ(limiter.retry_after("k"), 0);
}

}  // namespace sb::domain
