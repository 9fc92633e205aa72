#include <gtest/gtest.h>

#include "core/time.hpp"

namespace sb {

TEST(Time, FormatsUtcWithMilliseconds) {
    EXPECT_EQ(format_time(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(format_time(1634991410078), "2021-10-23T12:16:50.078Z");
}

TEST(Time, ParsesWhatItFormats) {
    EXPECT_EQ(parse_time("2021-10-23T12:16:50.078Z"), 1634991410078);
    EXPECT_EQ(parse_time("2021-10-23T12:16:50Z"), 1634991410000);
}

TEST(Time, ParsesOffsets) {
    // Shopify REST sends local offsets: 2008-01-10T11:00:00-05:00 is 16:00 UTC.
    EXPECT_EQ(parse_time("2008-01-10T11:00:00-05:00"), parse_time("2008-01-10T16:00:00Z"));
    EXPECT_EQ(parse_time("2008-01-10T11:00:00+01:30"), parse_time("2008-01-10T09:30:00Z"));
}

TEST(Time, RejectsMalformed) {
    EXPECT_FALSE(parse_time(""));
    EXPECT_FALSE(parse_time("2021-13-01T00:00:00Z"));
    EXPECT_FALSE(parse_time("2021-02-30T00:00:00Z"));
    EXPECT_FALSE(parse_time("2021-10-23 12:16:50"));
    EXPECT_FALSE(parse_time("2021-10-23T12:16:50.Z"));
    EXPECT_FALSE(parse_time("2021-10-23T12:16:50Zjunk"));
}

}  // namespace sb
