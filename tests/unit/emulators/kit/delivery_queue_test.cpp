#include "emulators/common/delivery_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "common/eventually.hpp"
#include "receiver.hpp"

namespace sb::emulators::common::testing {
namespace {

using namespace std::chrono_literals;
using test::eventually;

DeliveryOptions compressed(std::vector<int> schedule_s, double scale) {
    DeliveryOptions o;
    o.retry_schedule_s = std::move(schedule_s);
    o.retry_scale = scale;
    o.timeout = 2s;
    return o;
}

Delivery delivery_to(const std::string& url) {
    return {url, "orders/create", R"({"id":1})", {{"X-Test", "same-on-every-try"}}, "sub-1"};
}

TEST(RetryDelay, FollowsTheScheduleScaledThenGivesUp) {
    const DeliveryOptions o = compressed({10, 60, 300}, 0.5);
    EXPECT_EQ(retry_delay(o, 1), 5000ms);
    EXPECT_EQ(retry_delay(o, 2), 30000ms);
    EXPECT_EQ(retry_delay(o, 3), 150000ms);
    EXPECT_FALSE(retry_delay(o, 4));  // 4 tries failed: that was the last
    EXPECT_FALSE(retry_delay(o, 0));
    EXPECT_FALSE(retry_delay(compressed({}, 1), 1));  // one try only
}

TEST(DeliveryQueue, RetriesOnTheScheduleWithTheSameHeadersUntilDelivered) {
    TimedReceiver rx(fail_first(2));
    DeliveryQueue q(compressed({2, 4, 8}, 0.05));  // 100, 200, 400 ms
    q.start();
    q.enqueue(delivery_to(rx.url()));
    ASSERT_TRUE(eventually([&] { return q.stats().delivered == 1; }, 10s));
    const auto hits = rx.hits();
    ASSERT_EQ(hits.size(), 3u);
    EXPECT_GE(hits[1].at - hits[0].at, 100ms);
    EXPECT_GE(hits[2].at - hits[1].at, 200ms);
    for (const auto& h : hits) {
        EXPECT_EQ(h.request.header("x-test").value_or(""), "same-on-every-try");
        EXPECT_EQ(h.request.body, R"({"id":1})");
    }
    const DeliveryStats s = q.stats();
    EXPECT_EQ(s.published, 1);
    EXPECT_EQ(s.failed_attempts, 2);
    EXPECT_EQ(s.abandoned, 0);
    EXPECT_EQ(s.pending, 0);
}

TEST(DeliveryQueue, AbandonsAfterTheLastTryAndSaysSo) {
    TimedReceiver rx([](std::size_t) { return 503; });
    std::atomic<int> abandoned{0}, delivered{0};
    DeliveryOptions o = compressed({1, 1}, 0.02);  // 3 tries, 20 ms apart
    o.on_settled = [&](const Delivery& d, bool ok) {
        EXPECT_EQ(d.subscription_id, "sub-1");
        ++(ok ? delivered : abandoned);
    };
    DeliveryQueue q(std::move(o));
    q.start();
    q.enqueue(delivery_to(rx.url()));
    ASSERT_TRUE(eventually([&] { return q.stats().abandoned == 1; }, 10s));
    EXPECT_EQ(rx.count(), 3u);
    EXPECT_EQ(q.stats().failed_attempts, 3);
    EXPECT_TRUE(eventually([&] { return abandoned == 1; }, 2s));
    EXPECT_EQ(delivered, 0);
}

TEST(DeliveryQueue, AnUnreachableEndpointIsRetriedLikeAFailure) {
    DeliveryQueue q(compressed({1}, 0.01));
    q.start();
    q.enqueue(delivery_to("http://127.0.0.1:1/nobody-listens"));
    ASSERT_TRUE(eventually([&] { return q.stats().abandoned == 1; }, 10s));
    EXPECT_EQ(q.stats().failed_attempts, 2);
}

TEST(DeliveryQueue, DropAndDuplicateFaults) {
    TimedReceiver rx(fail_first(0));
    DeliveryQueue q(compressed({}, 1));
    q.start();
    q.set_faults(1.0, 0.0);
    q.enqueue(delivery_to(rx.url()));
    EXPECT_EQ(q.stats().dropped, 1);
    q.set_faults(0.0, 1.0);
    q.enqueue(delivery_to(rx.url()));
    ASSERT_TRUE(eventually([&] { return q.stats().delivered == 2; }, 10s));
    const auto hits = rx.hits();
    ASSERT_EQ(hits.size(), 2u);  // the duplicate only: the dropped one never left
    EXPECT_EQ(hits[0].request.header("x-test"), hits[1].request.header("x-test"));
    const DeliveryStats s = q.stats();
    EXPECT_EQ(s.published, 2);
    EXPECT_EQ(s.duplicated, 1);
}

TEST(DeliveryQueue, StopLeavesPendingDeliveriesCounted) {
    TimedReceiver rx([](std::size_t) { return 500; });
    DeliveryQueue q(compressed({3600}, 1));  // the retry would come in an hour
    q.start();
    q.enqueue(delivery_to(rx.url()));
    ASSERT_TRUE(eventually([&] { return q.stats().failed_attempts == 1; }, 10s));
    q.stop();
    EXPECT_EQ(q.stats().pending, 1);
}

}  // namespace
}  // namespace sb::emulators::common::testing
