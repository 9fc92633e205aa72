#include "emulators/common/faults.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "core/time.hpp"

namespace sb::emulators::common::testing {
namespace {

using namespace std::chrono_literals;

http::Response platform_error(int status, const std::string& message) {
    return http::Response::json(status, "{\"message\":\"" + message + "\"}");
}

Faults faults_with(double fail_rate, double reset_rate, int latency_ms = 0) {
    BaseOptions o;
    o.fail_rate = fail_rate;
    o.reset_rate = reset_rate;
    o.latency_min_ms = o.latency_max_ms = latency_ms;
    return Faults(o);
}

TEST(Faults, NoneByDefault) {
    Faults f(BaseOptions{});
    for (int i = 0; i < 50; ++i)
        EXPECT_FALSE(f.inject(platform_error));
    EXPECT_FALSE(f.reset());
    EXPECT_FALSE(f.take_throttle_next());
    EXPECT_FALSE(f.storm());
    EXPECT_EQ(f.injected_failures() + f.injected_resets(), 0);
}

TEST(Faults, FailRateAnswers503InThePlatformsShape) {
    Faults f = faults_with(1.0, 0);
    const auto r = f.inject(platform_error);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503);
    EXPECT_EQ(r->body, R"({"message":"Service Unavailable"})");
    EXPECT_FALSE(r->abort_connection);
    EXPECT_EQ(f.injected_failures(), 1);
}

TEST(Faults, AResetComesBeforeAFailure) {
    Faults f = faults_with(1.0, 1.0);
    const auto r = f.inject(platform_error);
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->abort_connection);
    EXPECT_EQ(f.injected_resets(), 1);
    EXPECT_EQ(f.injected_failures(), 0);
    EXPECT_TRUE(f.reset());  // a second listener's roll counts too
    EXPECT_EQ(f.injected_resets(), 2);
}

TEST(Faults, RatesAreAShare) {
    Faults f = faults_with(0.5, 0);
    int failed = 0;
    for (int i = 0; i < 400; ++i)
        failed += f.inject(platform_error) ? 1 : 0;
    EXPECT_GT(failed, 120);
    EXPECT_LT(failed, 280);
    EXPECT_EQ(f.injected_failures(), failed);
}

TEST(Faults, CountedFaultsAreExact) {
    Faults f(BaseOptions{});
    f.update([](FaultSettings& s) {
        s.fail_next = 2;
        s.throttle_next = 1;
    });
    EXPECT_TRUE(f.inject(platform_error));
    EXPECT_TRUE(f.inject(platform_error));
    EXPECT_FALSE(f.inject(platform_error));
    EXPECT_EQ(f.injected_failures(), 2);
    EXPECT_TRUE(f.take_throttle_next());
    EXPECT_FALSE(f.take_throttle_next());
    EXPECT_EQ(f.settings().fail_next, 0);
}

TEST(Faults, ThrottleStormLastsUntilItsEnd) {
    Faults f(BaseOptions{});
    f.update([](FaultSettings& s) { s.throttle_until_ms = now_ms() + 60'000; });
    EXPECT_TRUE(f.storm());
    f.update([](FaultSettings& s) { s.throttle_until_ms = now_ms() - 1; });
    EXPECT_FALSE(f.storm());
}

TEST(Faults, LatencyIsAddedBeforeTheAnswer) {
    Faults f = faults_with(0, 0, 40);
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_FALSE(f.inject(platform_error));
    EXPECT_GE(std::chrono::steady_clock::now() - t0, 40ms);
}

}  // namespace
}  // namespace sb::emulators::common::testing
