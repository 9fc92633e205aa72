#include "emulators/common/webhooks.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "common/eventually.hpp"
#include "emulators/common/admin_endpoints.hpp"
#include "emulators/common/signing.hpp"
#include "receiver.hpp"

namespace sb::emulators::common::testing {
namespace {

using namespace std::chrono_literals;
using test::eventually;

WebhookOptions platform(int deactivate_after = 0) {
    WebhookOptions o;
    o.topics = {"orders/create", "orders/updated"};
    o.retry_schedule_s = {};  // one try: a failure is abandoned at once
    o.timeout = 2s;
    o.deactivate_after_abandoned = deactivate_after;
    o.next_id = [n = 0]() mutable { return "sub-" + std::to_string(++n); };
    o.user_agent = "Test-Hook";
    o.sign = webhook_signer("hush");
    o.headers = [](const WebhookEvent& e) {
        return Headers{{"X-Topic", e.topic},
                       {"X-Signature", e.signature},
                       {"X-Event", std::to_string(e.sequence)}};
    };
    return o;
}

std::string header(const http::Request& r, const char* name) {
    return std::string(r.header(name).value_or(""));
}

TEST(Webhooks, SignedDeliveryPerActiveSubscriptionToTheTopic) {
    TimedReceiver rx(fail_first(0));
    Webhooks w(platform());
    w.start();
    const auto a = w.subscribe("orders/create", rx.url());
    w.subscribe("orders/updated", rx.url());
    EXPECT_EQ(a.id, "sub-1");
    EXPECT_EQ(a.format, "JSON");
    EXPECT_TRUE(a.active);
    EXPECT_GT(a.created_at, 0);

    w.publish("orders/create", R"({"id":7})");
    w.publish("orders/create", R"({"id":8})");
    ASSERT_TRUE(eventually([&] { return w.stats().delivered == 2; }, 10s));
    const auto hits = rx.hits();
    ASSERT_EQ(hits.size(), 2u);
    const http::Request& first =
        header(hits[0].request, "x-event") == "0" ? hits[0].request : hits[1].request;
    EXPECT_EQ(first.body, R"({"id":7})");
    EXPECT_EQ(header(first, "content-type"), "application/json");
    EXPECT_EQ(header(first, "user-agent"), "Test-Hook");
    EXPECT_EQ(header(first, "x-topic"), "orders/create");
    EXPECT_EQ(header(first, "x-signature"), webhook_hmac(R"({"id":7})", "hush"));
    EXPECT_EQ(w.stats().published, 2);
}

TEST(Webhooks, DefaultUrlGetsEveryTopic) {
    TimedReceiver rx(fail_first(0));
    WebhookOptions o = platform();
    o.default_url = rx.url();
    Webhooks w(std::move(o));
    w.start();
    w.publish("orders/updated", "{}");
    ASSERT_TRUE(eventually([&] { return rx.count() == 1; }, 10s));
}

TEST(Webhooks, SubscriptionsAreListedInIdOrderAndRemovable) {
    Webhooks w(platform());
    w.subscribe("orders/create", "http://a");
    w.subscribe("orders/updated", "http://b");
    ASSERT_EQ(w.subscriptions().size(), 2u);
    EXPECT_EQ(w.subscriptions()[0].url, "http://a");
    EXPECT_TRUE(w.subscription("sub-2"));
    EXPECT_TRUE(w.unsubscribe("sub-1"));
    EXPECT_FALSE(w.unsubscribe("sub-1"));
    EXPECT_FALSE(w.subscription("sub-1"));
    EXPECT_TRUE(w.known_topic("orders/create"));
    EXPECT_FALSE(w.known_topic("orders/deleted"));
}

TEST(Webhooks, KeptByDefaultWhateverIsAbandoned) {
    TimedReceiver rx([](std::size_t) { return 500; });
    Webhooks w(platform());
    w.start();
    const auto s = w.subscribe("orders/create", rx.url());
    for (int i = 0; i < 3; ++i)
        w.publish("orders/create", "{}");
    ASSERT_TRUE(eventually([&] { return w.stats().abandoned == 3; }, 10s));
    EXPECT_TRUE(w.subscription(s.id)->active);
    EXPECT_FALSE(w.deactivates());
    EXPECT_FALSE(webhook_stats_json(w).contains("deactivated"));
}

TEST(Webhooks, DeactivatedAfterAbandonedDeliveriesInARow) {
    // Fails the first two, then delivers: the subscription is deactivated after two abandoned
    // deliveries, so nothing more reaches the receiver until it is turned on again.
    TimedReceiver rx(fail_first(2));
    Webhooks w(platform(2));
    w.start();
    const auto s = w.subscribe("orders/create", rx.url());
    w.publish("orders/create", R"({"n":1})");
    ASSERT_TRUE(eventually([&] { return w.stats().abandoned == 1; }, 10s));
    EXPECT_TRUE(w.subscription(s.id)->active);  // one abandoned is not enough
    w.publish("orders/create", R"({"n":2})");
    ASSERT_TRUE(eventually([&] { return w.deactivated() == 1; }, 10s));
    EXPECT_FALSE(w.subscription(s.id)->active);
    EXPECT_EQ(webhook_stats_json(w).at("deactivated").as_int64(), 1);

    w.publish("orders/create", R"({"n":3})");  // no delivery at all
    EXPECT_EQ(w.stats().published, 2);         // deliveries queued, not publishes
    EXPECT_EQ(rx.count(), 2u);

    ASSERT_TRUE(w.set_active(s.id, true));
    w.publish("orders/create", R"({"n":4})");
    ASSERT_TRUE(eventually([&] { return w.stats().delivered == 1; }, 10s));
    EXPECT_EQ(rx.hits().back().request.body, R"({"n":4})");
    EXPECT_FALSE(w.set_active("sub-404", true));
}

TEST(Webhooks, ADeliveredOneStartsTheCountAgain) {
    // fail, deliver, fail: never two abandoned in a row.
    TimedReceiver rx([](std::size_t n) { return n == 1 ? 200 : 500; });
    Webhooks w(platform(2));
    w.start();
    const auto s = w.subscribe("orders/create", rx.url());
    for (int i = 0; i < 3; ++i) {
        w.publish("orders/create", "{}");
        ASSERT_TRUE(eventually([&] { return rx.count() == static_cast<std::size_t>(i + 1); }, 10s));
    }
    ASSERT_TRUE(eventually([&] { return w.stats().abandoned == 2; }, 10s));
    EXPECT_TRUE(w.subscription(s.id)->active);
    EXPECT_EQ(w.deactivated(), 0);
}

}  // namespace
}  // namespace sb::emulators::common::testing
