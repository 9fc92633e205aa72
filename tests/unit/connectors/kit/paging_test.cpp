#include "connectors/kit/paging.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace sb::connectors::kit {
namespace {

namespace json = boost::json;

// ---- Link header ----

TEST(LinkHeader, ShopifyStyleNextAndPrevious) {
    const std::string header =
        "<https://shop.myshopify.com/admin/api/2024-01/products.json?limit=50&page_info=abc>; "
        "rel=\"previous\", "
        "<https://shop.myshopify.com/admin/api/2024-01/products.json?limit=50&page_info=def>; "
        "rel=\"next\"";
    const auto links = page_links(header);
    EXPECT_EQ(links.next,
              "https://shop.myshopify.com/admin/api/2024-01/products.json?limit=50&page_info=def");
    EXPECT_EQ(links.previous,
              "https://shop.myshopify.com/admin/api/2024-01/products.json?limit=50&page_info=abc");
}

TEST(LinkHeader, ToleratesSpacingQuotingAndCase) {
    EXPECT_EQ(page_links("<https://a.example/p?page=2>;rel=next").next,
              "https://a.example/p?page=2");
    EXPECT_EQ(page_links("  <https://a.example/p?page=2>  ;  REL = \"Next\"  ").next,
              "https://a.example/p?page=2");
    EXPECT_EQ(page_links("<https://a.example/1>; rel=prev").previous, "https://a.example/1");
    // Several relation types in one rel, other parameters before it, a quoted value with a
    // comma and a semicolon in it.
    const std::string many =
        "<https://a.example/p?page=1>; rel=\"first prev\"; title=\"a, b; c\", "
        "<https://a.example/p?page=9>; title=\"x\"; rel=\"last\","
        "<https://a.example/p?page=3>; type=\"text/html\"; rel=\"last next\"";
    const auto links = page_links(many);
    EXPECT_EQ(links.next, "https://a.example/p?page=3");
    EXPECT_EQ(links.previous, "https://a.example/p?page=1");
    EXPECT_EQ(link_target(many, "last"), "https://a.example/p?page=9");
    EXPECT_EQ(link_target(many, "first"), "https://a.example/p?page=1");
    EXPECT_EQ(link_target(many, "self"), std::nullopt);
}

TEST(LinkHeader, CommasAndSemicolonsInsideTheTarget) {
    const auto links = page_links(
        "<https://a.example/p?ids=1,2;3&page=2>; rel=\"next\", <https://a.example/p?ids=1,2>; "
        "rel=\"prev\"");
    EXPECT_EQ(links.next, "https://a.example/p?ids=1,2;3&page=2");
    EXPECT_EQ(links.previous, "https://a.example/p?ids=1,2");
}

TEST(LinkHeader, OnlyTheFirstRelOfALinkCounts) {
    // RFC 8288 3.3: a second rel parameter is ignored.
    EXPECT_EQ(page_links("<https://a.example/2>; rel=\"last\"; rel=\"next\"").next, std::nullopt);
    EXPECT_EQ(page_links("<https://a.example/2>; rel=\"next\"; rel=\"last\"").next,
              "https://a.example/2");
}

TEST(LinkHeader, NoNextAndUnreadableLinks) {
    EXPECT_EQ(page_links("").next, std::nullopt);
    EXPECT_EQ(page_links("<https://a.example/1>; rel=\"prev\"").next, std::nullopt);
    EXPECT_EQ(page_links("<https://a.example/1>").next, std::nullopt);
    EXPECT_EQ(page_links("<https://a.example/1>; rel").next, std::nullopt);
    EXPECT_EQ(page_links("<https://a.example/1; rel=next").next, std::nullopt);
    // A value that is not a link is skipped; the next one is read.
    EXPECT_EQ(
        page_links("https://bad.example; rel=\"next\", <https://a.example/2>; rel=\"next\"").next,
        "https://a.example/2");
    EXPECT_EQ(page_links(", ,<https://a.example/2>;rel=next,").next, "https://a.example/2");
    EXPECT_EQ(page_links("<https://a.example/2>; ; junk; rel=next").next, "https://a.example/2");
    EXPECT_EQ(page_links("<https://a.example/2>; rel=\"nextpage\"").next, std::nullopt);
    // A relative target stays relative.
    EXPECT_EQ(page_links("</products?page=2>; rel=\"next\"").next, "/products?page=2");
}

// ---- page numbers ----

TEST(PageNumbers, TheTotalPagesDecideWhenKnown) {
    EXPECT_TRUE(has_next_page({.page = 1, .per_page = 10, .items = 10, .total_pages = 3}));
    EXPECT_TRUE(has_next_page({.page = 2, .per_page = 10, .items = 4, .total_pages = 3}));
    EXPECT_FALSE(has_next_page({.page = 3, .per_page = 10, .items = 10, .total_pages = 3}));
    EXPECT_FALSE(has_next_page({.page = 1, .per_page = 10, .items = 10, .total_pages = 1}));
    EXPECT_FALSE(has_next_page({.page = 1, .per_page = 10, .items = 10, .total_pages = 0}));
}

TEST(PageNumbers, OrTheTotalItems) {
    EXPECT_TRUE(has_next_page({.page = 1, .per_page = 10, .items = 10, .total_items = 11}));
    EXPECT_FALSE(has_next_page({.page = 1, .per_page = 10, .items = 10, .total_items = 10}));
    EXPECT_FALSE(has_next_page({.page = 2, .per_page = 10, .items = 5, .total_items = 15}));
}

TEST(PageNumbers, WithoutTotalsAFullPageMeansMore) {
    EXPECT_TRUE(has_next_page({.page = 1, .per_page = 10, .items = 10}));
    EXPECT_TRUE(has_next_page({.page = 4, .per_page = 10, .items = 12}));
    EXPECT_FALSE(has_next_page({.page = 1, .per_page = 10, .items = 9}));
    EXPECT_FALSE(has_next_page({.page = 1, .per_page = 0, .items = 9}));
}

TEST(PageNumbers, AnEmptyPageIsTheLast) {
    EXPECT_FALSE(has_next_page({.page = 2, .per_page = 10, .items = 0, .total_pages = 5}));
    EXPECT_FALSE(has_next_page({.page = 2, .per_page = 10, .items = 0, .total_items = 50}));
    EXPECT_FALSE(has_next_page({.page = 1, .per_page = 0, .items = 0}));
}

TEST(PageNumbers, CountHeaders) {
    EXPECT_EQ(header_count("7"), 7);
    EXPECT_EQ(header_count(" 12 "), 12);
    EXPECT_EQ(header_count("0"), 0);
    EXPECT_EQ(header_count(""), std::nullopt);
    EXPECT_EQ(header_count("-1"), std::nullopt);
    EXPECT_EQ(header_count("3 pages"), std::nullopt);
    EXPECT_EQ(header_count("2.5"), std::nullopt);
    EXPECT_EQ(header_count("99999999999999999999"), std::nullopt);
}

TEST(PageNumbers, MetaPagination) {
    const auto answer = json::parse(R"({"data":[],"meta":{"pagination":{
        "total":36,"count":10,"per_page":10,"current_page":2,"total_pages":"4",
        "links":{"next":"?page=3&limit=10"}}}})")
                            .as_object();
    const auto p = meta_pagination(answer);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->current_page, 2);
    EXPECT_EQ(p->per_page, 10);
    EXPECT_EQ(p->total_pages, 4);
    EXPECT_EQ(p->total, 36);
    EXPECT_TRUE(has_next_page({.page = *p->current_page,
                               .per_page = *p->per_page,
                               .items = 10,
                               .total_pages = p->total_pages}));

    const auto partial = meta_pagination(
        json::parse(R"({"meta":{"pagination":{"current_page":1,"total_pages":null}}})")
            .as_object());
    ASSERT_TRUE(partial);
    EXPECT_EQ(partial->current_page, 1);
    EXPECT_EQ(partial->total_pages, std::nullopt);
    EXPECT_EQ(meta_pagination(json::parse(R"({"meta":{}})").as_object()), std::nullopt);
    EXPECT_EQ(meta_pagination(json::parse(R"({"meta":[1]})").as_object()), std::nullopt);
    EXPECT_EQ(meta_pagination(json::object{}), std::nullopt);
}

// ---- cursors ----

TEST(Cursor, FromAFieldAlone) {
    EXPECT_EQ(
        next_cursor(json::parse(R"({"orders":[],"next_token":"t2"})").as_object(), "next_token"),
        "t2");
    EXPECT_EQ(next_cursor(json::parse(R"({"next_token":""})").as_object(), "next_token"),
              std::nullopt);
    EXPECT_EQ(next_cursor(json::parse(R"({"next_token":null})").as_object(), "next_token"),
              std::nullopt);
    EXPECT_EQ(next_cursor(json::object{}, "cursor"), std::nullopt);
}

TEST(Cursor, WithAHasNextFlag) {
    const auto more = json::parse(R"({"hasNextPage":true,"endCursor":"eyJpZCI6MX0="})").as_object();
    EXPECT_EQ(next_cursor(more, "endCursor", "hasNextPage"), "eyJpZCI6MX0=");
    const auto done =
        json::parse(R"({"hasNextPage":false,"endCursor":"eyJpZCI6Mn0="})").as_object();
    EXPECT_EQ(next_cursor(done, "endCursor", "hasNextPage"), std::nullopt);
    // Named but not sent: the walk ends rather than loop.
    EXPECT_EQ(
        next_cursor(json::parse(R"({"endCursor":"c"})").as_object(), "endCursor", "hasNextPage"),
        std::nullopt);
    // A true flag without a cursor cannot go on.
    EXPECT_EQ(next_cursor(json::parse(R"({"has_more":true})").as_object(), "last_id", "has_more"),
              std::nullopt);
}

// A job's checkpoint survives the text it is kept as, and a bad one starts the read over.
TEST(PageCheckpoint, RoundTripsAndRefusesWhatItCannotRead) {
    PageCheckpoint c;
    c.since = 1'700'000'000'000;
    c.page = 7;
    c.token = "abc";
    c.location = 2;
    auto back = parse_page_checkpoint(format_page_checkpoint(c));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->since, c.since);
    EXPECT_EQ(back->page, 7);
    EXPECT_EQ(back->token, "abc");
    EXPECT_EQ(back->location, 2);
    EXPECT_FALSE(parse_page_checkpoint(""));
    EXPECT_FALSE(parse_page_checkpoint("not json"));
    auto low = parse_page_checkpoint(R"({"page":0,"location":-3})");
    ASSERT_TRUE(low);
    EXPECT_EQ(low->page, 1);
    EXPECT_EQ(low->location, 0);
    EXPECT_FALSE(low->since);
}

// A resumed job goes on where it stopped; a new incremental run starts `overlap` before its
// lower bound; an initial one from the beginning.
TEST(PageCheckpoint, StartsWhereTheJobStoppedOrOverlapsTheLastRun) {
    using std::chrono::milliseconds;
    PageCheckpoint c;
    c.since = 5'000;
    c.page = 4;
    const auto resumed =
        start_page_checkpoint(format_page_checkpoint(c), 90'000, milliseconds(1'000));
    EXPECT_EQ(resumed.since, 5'000);
    EXPECT_EQ(resumed.page, 4);
    const auto incremental = start_page_checkpoint("", 90'000, milliseconds(1'000));
    EXPECT_EQ(incremental.since, 89'000);
    EXPECT_EQ(incremental.page, 1);
    EXPECT_FALSE(start_page_checkpoint("", std::nullopt, milliseconds(1'000)).since);
    EXPECT_EQ(start_page_checkpoint("not json", 90'000, milliseconds(0)).since, 90'000);
}

}  // namespace
}  // namespace sb::connectors::kit
