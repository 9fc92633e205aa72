#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "domain/auth_service.hpp"

namespace sb::domain {

namespace {

using std::chrono::seconds;

// A clock the test moves by hand.
struct ManualClock {
    std::chrono::steady_clock::time_point now{std::chrono::hours(1)};
    FailureLimiter::Clock fn() {
        return [this] { return now; };
    }
};

AttemptLimits limits(int max_attempts) {
    AttemptLimits l;
    l.max_attempts = max_attempts;
    l.window = seconds(60);
    l.base_lockout = seconds(60);
    l.max_lockout = seconds(600);
    return l;
}

// Uses up the pair's guesses; returns the lockout the next guess is told to wait.
std::int64_t exhaust(FailureLimiter& limiter, int max_attempts, const std::string& client,
                     const std::string& address) {
    for (int i = 0; i < max_attempts; ++i)
        EXPECT_EQ(limiter.begin_attempt(client, address), 0) << "guess " << i;
    return limiter.begin_attempt(client, address);
}

}  // namespace

TEST(FailureLimiter, CountsAGuessBeforeItsOutcomeIsKnown) {
    ManualClock clock;
    FailureLimiter limiter(limits(3), clock.fn());
    // Three guesses in flight, none answered yet: the fourth is refused.
    EXPECT_EQ(limiter.begin_attempt("c", "10.0.0.1"), 0);
    EXPECT_EQ(limiter.begin_attempt("c", "10.0.0.1"), 0);
    EXPECT_EQ(limiter.begin_attempt("c", "10.0.0.1"), 0);
    EXPECT_EQ(limiter.begin_attempt("c", "10.0.0.1"), 60);
    EXPECT_EQ(limiter.begin_attempt("c", "10.0.0.1"), 60);
}

TEST(FailureLimiter, LocksOutOneClientFromOneAddressOnly) {
    ManualClock clock;
    FailureLimiter limiter(limits(3), clock.fn());
    EXPECT_EQ(exhaust(limiter, 3, "c", "10.0.0.1"), 60);
    // The same client from an address that has not failed, and another client from the
    // locked-out address, may still try.
    EXPECT_EQ(limiter.begin_attempt("c", "10.0.0.2"), 0);
    limiter.succeeded("c", "10.0.0.2");
    EXPECT_EQ(limiter.begin_attempt("other", "10.0.0.1"), 0);
    EXPECT_EQ(limiter.begin_attempt("c", "10.0.0.1"), 60);
}

TEST(FailureLimiter, EachFurtherLockoutDoublesUpToTheCeiling) {
    ManualClock clock;
    FailureLimiter limiter(limits(3), clock.fn());
    const std::int64_t expected[] = {60, 120, 240, 480, 600, 600};
    for (auto wait : expected) {
        ASSERT_EQ(exhaust(limiter, 3, "c", "10.0.0.1"), wait);
        clock.now += seconds(wait - 1);
        EXPECT_EQ(limiter.begin_attempt("c", "10.0.0.1"), 1);
        clock.now += seconds(1);
    }
}

TEST(FailureLimiter, ASuccessClearsTheCountAndTheBackOff) {
    ManualClock clock;
    FailureLimiter limiter(limits(3), clock.fn());
    EXPECT_EQ(exhaust(limiter, 3, "c", "10.0.0.1"), 60);
    clock.now += seconds(60);
    EXPECT_EQ(exhaust(limiter, 3, "c", "10.0.0.1"), 120);
    clock.now += seconds(120);
    EXPECT_EQ(limiter.begin_attempt("c", "10.0.0.1"), 0);
    limiter.succeeded("c", "10.0.0.1");
    EXPECT_EQ(limiter.tracked_keys(), 0u);
    EXPECT_EQ(exhaust(limiter, 3, "c", "10.0.0.1"), 60);
}

TEST(FailureLimiter, ForgetsGuessesOutsideTheWindowAndBackOffAfterAQuietCeiling) {
    ManualClock clock;
    FailureLimiter limiter(limits(3), clock.fn());
    EXPECT_EQ(limiter.begin_attempt("c", "a"), 0);
    EXPECT_EQ(limiter.begin_attempt("c", "a"), 0);
    clock.now += seconds(60);
    // A new series: three more guesses before a lockout.
    EXPECT_EQ(exhaust(limiter, 3, "c", "a"), 60);
    clock.now += seconds(60);
    EXPECT_EQ(exhaust(limiter, 3, "c", "a"), 120);
    // Quiet for the whole ceiling after the lockout ends: back to the base lockout.
    clock.now += seconds(120 + 600);
    EXPECT_EQ(exhaust(limiter, 3, "c", "a"), 60);
}

TEST(FailureLimiter, TracksABoundedNumberOfPairsForgettingTheLeastRecent) {
    ManualClock clock;
    auto l = limits(2);
    l.max_keys = 3;
    FailureLimiter limiter(l, clock.fn());
    EXPECT_EQ(exhaust(limiter, 2, "c", "old"), 60);
    for (int i = 0; i < 10; ++i)
        EXPECT_EQ(limiter.begin_attempt("c" + std::to_string(i), "spray"), 0);
    EXPECT_EQ(limiter.tracked_keys(), 3u);
    // "old" was the least recently seen pair, so it is forgotten.
    EXPECT_EQ(limiter.begin_attempt("c", "old"), 0);
    // A pair seen again moves to the back and survives the next new pairs.
    EXPECT_EQ(limiter.begin_attempt("c9", "spray"), 0);
    EXPECT_EQ(limiter.begin_attempt("n1", "spray"), 0);
    EXPECT_EQ(limiter.begin_attempt("n2", "spray"), 0);
    EXPECT_EQ(limiter.begin_attempt("c9", "spray"), 60);
}

TEST(FailureLimiter, TheCompositionRootConstructorUsesOneWindowAndLockout) {
    FailureLimiter limiter(2, seconds(30));
    EXPECT_EQ(limiter.begin_attempt("c", "a"), 0);
    EXPECT_EQ(limiter.begin_attempt("c", "a"), 0);
    const auto wait = limiter.begin_attempt("c", "a");
    EXPECT_GT(wait, 0);
    EXPECT_LE(wait, 30);
}

}  // namespace sb::domain
