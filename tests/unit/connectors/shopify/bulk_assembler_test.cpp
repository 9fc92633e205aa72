#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "connectors/shopify/bulk.hpp"

namespace sb::connectors::shopify {
namespace {

namespace json = boost::json;

std::string order(int n) {
    return R"({"id":"gid://shopify/Order/)" + std::to_string(n) +
           R"(","fulfillments":[{"id":"gid://shopify/Fulfillment/)" + std::to_string(n * 10) +
           R"("}]})";
}
std::string item(int n, int parent) {
    return R"({"id":"gid://shopify/LineItem/)" + std::to_string(n) +
           R"(","__parentId":"gid://shopify/Order/)" + std::to_string(parent) + R"("})";
}
std::string fli(int n, int fulfillment) {
    return R"({"id":"gid://shopify/FulfillmentLineItem/)" + std::to_string(n) +
           R"(","__parentId":"gid://shopify/Fulfillment/)" + std::to_string(fulfillment) + R"("})";
}

TEST(BulkAssembler, AttachesChildrenThatFollowOtherRoots) {
    BulkAssembler a(2, 0);
    std::int64_t n = 0;
    for (const auto& l : {order(1), order(2), item(11, 1), fli(5, 10), item(21, 2), order(3),
                          item(12, 1), order(4), order(5)})
        a.add(l, n++);
    auto ready = a.take_ready(false);  // 5 open, window 2: the 3 oldest leave
    ASSERT_EQ(ready.size(), 3u);
    EXPECT_EQ(ready[0].gid, "gid://shopify/Order/1");
    EXPECT_EQ(ready[0].node.at("lineItems").at("nodes").as_array().size(), 2u);
    EXPECT_EQ(ready[0]
                  .node.at("fulfillments")
                  .as_array()[0]
                  .at("fulfillmentLineItems")
                  .at("nodes")
                  .as_array()
                  .size(),
              1u);
    EXPECT_EQ(ready[1].node.at("lineItems").at("nodes").as_array().size(), 1u);
    EXPECT_EQ(a.resume_line(n), 7);  // order 4's line
    // A child of a root handed over already is "late": its root is re-read by id.
    a.add(item(13, 1), n++);
    EXPECT_EQ(a.take_late(), std::vector<std::string>{"gid://shopify/Order/1"});
    EXPECT_EQ(a.take_ready(true).size(), 2u);
    EXPECT_EQ(a.resume_line(n), n);
}

TEST(BulkAssembler, ChildrenBeforeTheResumePointAreNotLate) {
    // Resumed at line 5 after lines up to 7 were read: an orphan child at 6 was attached then.
    BulkAssembler a(10, 7);
    a.add(item(1, 99), 6);
    EXPECT_TRUE(a.take_late().empty());
    a.add(item(2, 99), 8);
    EXPECT_EQ(a.take_late().size(), 1u);
}

TEST(BulkAssembler, CheckpointRoundTrips) {
    BulkCheckpoint c{"gid://shopify/BulkOperation/7", 100, 120};
    auto p = parse_bulk_checkpoint(format_bulk_checkpoint(c));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->operation_id, c.operation_id);
    EXPECT_EQ(p->resume_line, 100);
    EXPECT_EQ(p->read_line, 120);
    EXPECT_FALSE(parse_bulk_checkpoint(R"({"mode":"pages"})"));
    EXPECT_FALSE(parse_bulk_checkpoint("garbage"));
}

}  // namespace
}  // namespace sb::connectors::shopify
