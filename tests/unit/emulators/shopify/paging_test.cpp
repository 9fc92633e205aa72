#include <gtest/gtest.h>

#include "emulators/shopify/data/paging.hpp"
#include "emulators/shopify/data/search_query.hpp"

namespace sb::emulators::shopify {
namespace {

Collection numbers(std::int64_t n) {
    Collection c;
    c.count = n;
    c.id_of = [](std::int64_t i) { return 100 + i; };
    c.index_of = [n](std::int64_t id) -> std::optional<std::int64_t> {
        if (id < 100 || id >= 100 + n)
            return std::nullopt;
        return id - 100;
    };
    return c;
}

TEST(Paging, ForwardAndBackwardVisitEverythingOnce) {
    Collection c = numbers(23);
    c.matches = [](std::int64_t i) { return i % 3 != 0; };  // 15 match
    std::vector<std::int64_t> seen;
    PageRequest r;
    r.first = 4;
    for (;;) {
        Page p;
        ASSERT_TRUE(paginate(c, r, p));
        seen.insert(seen.end(), p.indexes.begin(), p.indexes.end());
        if (!p.has_next)
            break;
        r.after = p.cursors.back();
    }
    EXPECT_EQ(seen.size(), 15u);
    std::vector<std::int64_t> back;
    PageRequest b;
    b.last = 4;
    for (;;) {
        Page p;
        ASSERT_TRUE(paginate(c, b, p));
        back.insert(back.begin(), p.indexes.begin(), p.indexes.end());
        if (!p.has_previous)
            break;
        b.before = p.cursors.front();
    }
    EXPECT_EQ(back, seen);
}

TEST(Paging, ReverseAndSortedOrders) {
    Collection c = numbers(10);
    auto sorted = std::make_shared<std::vector<std::pair<std::int64_t, std::int64_t>>>();
    for (std::int64_t i = 0; i < 10; ++i)
        sorted->emplace_back((i * 7) % 10, i);
    std::sort(sorted->begin(), sorted->end());
    c.sorted = sorted;
    PageRequest r;
    r.first = 3;
    r.reverse = true;
    Page p1, p2;
    ASSERT_TRUE(paginate(c, r, p1));
    EXPECT_EQ(p1.indexes.front(), sorted->back().second);
    r.after = p1.cursors.back();
    ASSERT_TRUE(paginate(c, r, p2));
    EXPECT_EQ(p2.indexes.front(), (*sorted)[6].second);
    EXPECT_TRUE(p2.has_previous);
    PageRequest bad;
    bad.after = "not-a-cursor";
    Page p3;
    EXPECT_FALSE(paginate(c, bad, p3));
}

TEST(SearchSyntax, TermsAndTimes) {
    auto terms = parse_search("updated_at:>'2024-01-01T00:00:00Z' status:open -tag:x foo");
    ASSERT_EQ(terms.size(), 4u);
    EXPECT_EQ(terms[0].field, "updated_at");
    EXPECT_EQ(terms[0].op, ">");
    EXPECT_EQ(terms[0].value, "2024-01-01T00:00:00Z");
    EXPECT_TRUE(terms[2].negate);
    bool valid;
    EXPECT_TRUE(time_matches(1'704'067'200'001, terms[0], valid));
    EXPECT_FALSE(time_matches(1'704'067'200'000, terms[0], valid));
    EXPECT_TRUE(valid);
}

}  // namespace
}  // namespace sb::emulators::shopify
