#include <sstream>

#include "fixture.hpp"

namespace sb::emulators::shopify::testing {
namespace {

namespace json = boost::json;

std::string download(const std::string& url) {
    // http://127.0.0.1:<port>/bulk/...
    const auto host_start = url.find("//") + 2;
    const auto colon = url.find(':', host_start);
    const auto slash = url.find('/', colon);
    const auto port =
        static_cast<std::uint16_t>(std::stoi(url.substr(colon + 1, slash - colon - 1)));
    auto r = test::send(port, test::HttpRequest{"GET", url.substr(slash), {}, {}});
    EXPECT_EQ(r.status, 200);
    return r.body;
}

TEST(EmulatorBulk, RunsInBackgroundAndWritesJsonlWithParents) {
    EmulatorOptions o;
    o.orders = 2000;
    auto e = start_emulator(o);
    const std::string inner =
        "{ orders(query: \"status:any\") { edges { node { id name lineItems { edges { node { id "
        "sku quantity } } } } } } }";
    auto r = graphql(*e,
                     "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { "
                     "id status } userErrors { field message } } }",
                     {{"q", inner}})
                 .json();
    ASSERT_TRUE(r.at("data").at("bulkOperationRunQuery").at("userErrors").as_array().empty())
        << json::serialize(r);
    const std::string id(
        r.at("data").at("bulkOperationRunQuery").at("bulkOperation").at("id").as_string());

    json::value op;
    ASSERT_TRUE(eventually([&] {
        op = graphql(*e,
                     "query($id: ID!) { node(id: $id) { ... on BulkOperation { status objectCount "
                     "rootObjectCount fileSize url } } }",
                     {{"id", id}})
                 .json()
                 .at("data")
                 .at("node");
        return op.at("status") == "COMPLETED";
    }));
    EXPECT_EQ(op.at("rootObjectCount"), "2000");
    const std::string body = download(std::string(op.at("url").as_string()));
    EXPECT_EQ(std::to_string(body.size()), op.at("fileSize").as_string());
    std::istringstream lines(body);
    std::string line;
    std::int64_t roots = 0, children = 0;
    std::set<std::string> parents_seen;
    bool child_not_after_parent = false;
    std::string last_root;
    while (std::getline(lines, line)) {
        auto v = json::parse(line).as_object();
        if (v.contains("__parentId")) {
            ++children;
            const std::string p(v.at("__parentId").as_string());
            EXPECT_TRUE(parents_seen.count(p)) << "child before its parent";
            if (p != last_root)
                child_not_after_parent = true;
        } else {
            ++roots;
            last_root = std::string(v.at("id").as_string());
            parents_seen.insert(last_root);
        }
    }
    EXPECT_EQ(roots, 2000);
    EXPECT_EQ(std::to_string(roots + children), op.at("objectCount").as_string());
    EXPECT_TRUE(child_not_after_parent);

    // The download URL is signed.
    auto forged = std::string(op.at("url").as_string());
    forged.back() = forged.back() == '0' ? '1' : '0';
    const auto slash = forged.find('/', forged.find("//") + 2);
    const auto colon = forged.find(':', forged.find("//") + 2);
    auto denied = test::send(
        static_cast<std::uint16_t>(std::stoi(forged.substr(colon + 1, slash - colon - 1))),
        test::HttpRequest{"GET", forged.substr(slash), {}, {}});
    EXPECT_EQ(denied.status, 403);
}

TEST(EmulatorBulk, ConcurrencyLimitAndValidation) {
    EmulatorOptions o;
    o.orders = 300'000;  // long enough that the first run is still going
    auto e = start_emulator(o);
    const char* run =
        "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } "
        "userErrors { field message } } }";
    const std::string q =
        "{ orders { edges { node { id lineItems { edges { node { id } } } } } } }";
    auto first = graphql(*e, run, {{"q", q}}).json();
    ASSERT_TRUE(first.at("data").at("bulkOperationRunQuery").at("userErrors").as_array().empty());
    auto second = graphql(*e, run, {{"q", q}}).json();
    const auto& errs = second.at("data").at("bulkOperationRunQuery").at("userErrors").as_array();
    ASSERT_EQ(errs.size(), 1u);
    EXPECT_NE(std::string(errs[0].at("message").as_string()).find("already in progress"),
              std::string::npos);
    const std::string id(
        first.at("data").at("bulkOperationRunQuery").at("bulkOperation").at("id").as_string());
    auto cancel = graphql(*e,
                          "mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { "
                          "status } userErrors { message } } }",
                          {{"id", id}})
                      .json();
    ASSERT_FALSE(cancel.as_object().contains("errors")) << json::serialize(cancel);
    EXPECT_TRUE(eventually([&] {
        return graphql(*e, "{ currentBulkOperation { status } }")
                   .json()
                   .at("data")
                   .at("currentBulkOperation")
                   .at("status") == "CANCELED";
    }));
    auto bad = graphql(*e, run, {{"q", "{ shop { name } }"}}).json();
    EXPECT_EQ(bad.at("data").at("bulkOperationRunQuery").at("userErrors").as_array().size(), 1u);
}

TEST(EmulatorBulk, BulkOperationsListsTheAppsRunsNewestFirstFilteredByStatus) {
    EmulatorOptions o;
    o.orders = 300'000;  // long enough that the first run is still going
    auto e = start_emulator(o);
    const char* run =
        "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } "
        "userErrors { field message } } }";
    auto start = [&](const std::string& q) {
        auto r = graphql(*e, run, {{"q", q}}).json();
        EXPECT_TRUE(r.at("data").at("bulkOperationRunQuery").at("userErrors").as_array().empty())
            << json::serialize(r);
        return std::string(
            r.at("data").at("bulkOperationRunQuery").at("bulkOperation").at("id").as_string());
    };
    auto list = [&](const std::string& args) {
        auto r =
            graphql(*e, "{ bulkOperations(" + args + ") { nodes { id status query } } }").json();
        EXPECT_FALSE(r.as_object().contains("errors")) << json::serialize(r);
        std::vector<std::string> ids;
        for (const auto& n : r.at("data").at("bulkOperations").at("nodes").as_array())
            ids.emplace_back(n.at("id").as_string());
        return ids;
    };
    const std::string long_query = "{ orders { edges { node { id } } } }";
    const std::string slow = start(long_query);
    using Ids = std::vector<std::string>;
    EXPECT_TRUE(eventually([&] {
        return list("first: 5, query: \"operation_type:query status:running\"") == Ids{slow};
    }));
    auto running = graphql(*e,
                           "{ bulkOperations(first: 5, query: \"status:running\") { nodes { "
                           "query } } }")
                       .json();
    EXPECT_EQ(running.at("data").at("bulkOperations").at("nodes").at(0).at("query").as_string(),
              long_query);

    graphql(*e, "mutation($id: ID!) { bulkOperationCancel(id: $id) { userErrors { message } } }",
            {{"id", slow}});
    ASSERT_TRUE(
        eventually([&] { return list("first: 5, query: \"status:canceled\"") == Ids{slow}; }));
    const std::string quick = start("{ locations { edges { node { id } } } }");
    ASSERT_TRUE(
        eventually([&] { return list("first: 5, query: \"status:completed\"") == Ids{quick}; }));

    EXPECT_EQ(list("first: 5"), (Ids{quick, slow}));
    EXPECT_EQ(list("first: 5, sortKey: CREATED_AT, reverse: true"), (Ids{slow, quick}));
    EXPECT_EQ(list("first: 1"), Ids{quick});
    EXPECT_TRUE(list("first: 5, query: \"status:running\"").empty());
    EXPECT_TRUE(list("first: 5, query: \"operation_type:mutation\"").empty());
}

}  // namespace
}  // namespace sb::emulators::shopify::testing
