#include "connectors/kit/backoff.hpp"

#include <gtest/gtest.h>

#include <set>

namespace sb::connectors::kit {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

TEST(Backoff, GrowsExponentiallyUpToTheCapWithFullJitter) {
    EXPECT_EQ(backoff_delay(0, 100ms, 5000ms, 1.0), 100ms);
    EXPECT_EQ(backoff_delay(3, 100ms, 5000ms, 1.0), 800ms);
    EXPECT_EQ(backoff_delay(20, 100ms, 5000ms, 1.0), 5000ms);
    EXPECT_EQ(backoff_delay(3, 100ms, 5000ms, 0.5), 400ms);
    EXPECT_EQ(backoff_delay(3, 100ms, 5000ms, 0.0), 0ms);
    EXPECT_EQ(backoff_delay(-1, 100ms, 5000ms, 1.0), 100ms);
}

TEST(Backoff, RandomDelaysStayInTheWholeWindow) {
    std::set<std::int64_t> seen;
    for (int i = 0; i < 20; ++i) {
        const auto d = backoff_delay(i, 100ms, 5000ms);
        EXPECT_GE(d.count(), 0);
        EXPECT_LE(d.count(), std::min<std::int64_t>(5000, 100LL << i));
        seen.insert(d.count());
    }
    EXPECT_GT(seen.size(), 1u);
}

TEST(RetryAfter, ReadsSecondsAndTheThreeDateForms) {
    const auto now = sys_days{1994y / November / 6} + 8h + 49min + 30s;
    EXPECT_EQ(retry_after("120", now), 120'000ms);
    EXPECT_EQ(retry_after(" 2.0 ", now), 2000ms);  // Shopify's form
    EXPECT_EQ(retry_after("0", now), 0ms);
    EXPECT_EQ(retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), 7000ms);
    EXPECT_EQ(retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now), 7000ms);
    EXPECT_EQ(retry_after("Sun Nov  6 08:49:37 1994", now), 7000ms);
    EXPECT_EQ(retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now), 0ms);  // past: no wait
}

TEST(RetryAfter, RefusesWhatItCannotRead) {
    const auto now = system_clock::now();
    for (const char* bad : {"", "soon", "-5", "5s", "1e400", "Sun, 06 Nov 1994 08:49:37 PST",
                            "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT x"})
        EXPECT_FALSE(retry_after(bad, now)) << bad;
}

}  // namespace
}  // namespace sb::connectors::kit
