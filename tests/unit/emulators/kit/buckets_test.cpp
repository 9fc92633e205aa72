#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "emulators/common/cost_bucket.hpp"
#include "emulators/common/request_bucket.hpp"

namespace sb::emulators::common::testing {
namespace {

using namespace std::chrono_literals;

TEST(RequestBucket, TakesUpToItsSizeThenRefusesWithTheWait) {
    RequestBucket b(3, 2);  // 3 requests, leaks 2 per second
    for (int i = 1; i <= 3; ++i) {
        const auto s = b.try_take();
        EXPECT_TRUE(s.ok);
        EXPECT_EQ(s.used, i);
        EXPECT_EQ(s.size, 3);
    }
    const auto refused = b.try_take();
    EXPECT_FALSE(refused.ok);
    EXPECT_EQ(refused.used, 3);
    EXPECT_GT(refused.retry_after_s, 0.3);  // one request leaks out in 0.5 s
    EXPECT_LE(refused.retry_after_s, 0.5);
}

TEST(RequestBucket, LeaksAtItsRate) {
    RequestBucket b(2, 20);  // one request every 50 ms
    int taken = 0;
    while (b.try_take().ok && taken < 100)
        ++taken;
    EXPECT_GE(taken, 2);
    std::this_thread::sleep_for(120ms);
    EXPECT_TRUE(b.try_take().ok);
}

TEST(RequestBucket, FillRefusesAtOnce) {
    RequestBucket b(40, 2);
    b.fill();
    EXPECT_FALSE(b.try_take().ok);
}

TEST(RequestBuckets, OneBucketPerKey) {
    RequestBuckets buckets(1, 0.001);
    EXPECT_TRUE(buckets.take("token-a").ok);
    EXPECT_FALSE(buckets.take("token-a").ok);
    EXPECT_TRUE(buckets.take("token-b").ok);
    EXPECT_EQ(buckets.size(), 1);
    EXPECT_EQ(buckets.leak_rate(), 0.001);
}

TEST(CostBucket, DebitsTheRequestedCostAndRefundsTheUnused) {
    CostBucket b(100, 0.001);  // restores too slowly to matter here
    auto s = b.try_debit(80);
    EXPECT_TRUE(s.ok);
    EXPECT_EQ(s.maximum, 100);
    EXPECT_EQ(s.available, 20);
    EXPECT_FALSE(b.try_debit(30).ok);  // more than is left: refused, nothing taken
    EXPECT_EQ(b.peek().available, 20);
    s = b.refund(50);  // the query cost 30 in the end
    EXPECT_EQ(s.available, 70);
    EXPECT_EQ(b.refund(1000).available, 100);  // never above the maximum
    EXPECT_EQ(b.refund(-5).available, 100);
}

TEST(CostBucket, RestoresAtItsRateAndDrains) {
    CostBucket b(100, 200);  // 50 points in 250 ms
    b.drain();
    EXPECT_FALSE(b.try_debit(50).ok);
    std::this_thread::sleep_for(400ms);
    EXPECT_TRUE(b.try_debit(50).ok);
    EXPECT_EQ(b.peek().restore_rate, 200);
}

}  // namespace
}  // namespace sb::emulators::common::testing
