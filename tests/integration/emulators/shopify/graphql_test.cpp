#include "fixture.hpp"

namespace sb::emulators::shopify::testing {
namespace {

namespace json = boost::json;

TEST(EmulatorGraphql, PagingThroughAllOrdersMatchesTheCount) {
    EmulatorOptions o;
    o.orders = 1234;
    o.plan = "plus";
    auto e = start_emulator(o);
    std::set<std::string> ids;
    json::value after = nullptr;
    for (int guard = 0; guard < 100; ++guard) {
        auto r =
            graphql(*e,
                    "query($after: String) { orders(first: 250, after: $after) { edges { cursor "
                    "node { id legacyResourceId } } pageInfo { hasNextPage endCursor } } }",
                    {{"after", after}});
        ASSERT_EQ(r.status, 200) << r.body;
        auto body = r.json();
        ASSERT_FALSE(body.as_object().contains("errors")) << r.body;
        const auto& conn = body.at("data").at("orders");
        for (const auto& edge : conn.at("edges").as_array())
            ids.insert(std::string(edge.at("node").at("id").as_string()));
        const auto& cost = body.at("extensions").at("cost");
        EXPECT_EQ(cost.at("requestedQueryCost").as_int64(), 252);
        EXPECT_TRUE(cost.at("throttleStatus").as_object().contains("currentlyAvailable"));
        if (!conn.at("pageInfo").at("hasNextPage").as_bool())
            break;
        after = conn.at("pageInfo").at("endCursor");
    }
    EXPECT_EQ(ids.size(), 1234u);
    auto stats = test::get(e->port(), "/_emulator/stats").json();
    EXPECT_EQ(stats.at("records").at("orders").as_int64(), 1234);
}

TEST(EmulatorGraphql, FiltersSortAndBackwardPaging) {
    auto e = start_emulator();
    auto r =
        graphql(
            *e,
            R"({ orders(first: 50, query: "updated_at:>'2026-06-01T00:00:00Z'", sortKey: UPDATED_AT) { nodes { updatedAt } } })")
            .json();
    const auto& nodes = r.at("data").at("orders").at("nodes").as_array();
    ASSERT_FALSE(nodes.empty());
    std::string prev;
    for (const auto& n : nodes) {
        const std::string u(n.at("updatedAt").as_string());
        EXPECT_GT(u, "2026-06-01T00:00:00Z");
        EXPECT_GE(u, prev);
        prev = u;
    }
    auto last = graphql(*e,
                        "{ orders(last: 3) { edges { node { legacyResourceId } } pageInfo { "
                        "hasPreviousPage hasNextPage } } }")
                    .json();
    const auto& edges = last.at("data").at("orders").at("edges").as_array();
    ASSERT_EQ(edges.size(), 3u);
    EXPECT_EQ(edges[2].at("node").at("legacyResourceId").as_string(),
              std::to_string(5'000'000'000'000LL + 999));
    EXPECT_TRUE(last.at("data").at("orders").at("pageInfo").at("hasPreviousPage").as_bool());
}

TEST(EmulatorGraphql, NodesFragmentsAliasesAndInventoryQuantities) {
    auto e = start_emulator();
    auto r = graphql(*e, R"(
        fragment Money on MoneyBag { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
        query {
          a: node(id: "gid://shopify/Order/5000000000007") { __typename ... on Order { name totalPriceSet { ...Money } } }
          nodes(ids: ["gid://shopify/Customer/7000000000001", "gid://shopify/Order/999"]) { id }
          inventoryItems(first: 2) { nodes { id inventoryLevels(first: 3) { nodes { quantities(names: ["available", "on_hand", "committed", "incoming"]) { name quantity } location { name } } } } }
        })")
                 .json();
    ASSERT_FALSE(r.as_object().contains("errors")) << json::serialize(r);
    EXPECT_EQ(r.at("data").at("a").at("__typename"), "Order");
    EXPECT_EQ(r.at("data").at("a").at("name"), "#1008");
    EXPECT_TRUE(
        r.at("data").at("a").at("totalPriceSet").at("shopMoney").as_object().contains("amount"));
    EXPECT_TRUE(r.at("data").at("nodes").as_array()[1].is_null());
    const auto& q = r.at("data")
                        .at("inventoryItems")
                        .at("nodes")
                        .as_array()[0]
                        .at("inventoryLevels")
                        .at("nodes")
                        .as_array()[0]
                        .at("quantities");
    EXPECT_EQ(q.as_array().size(), 4u);
}

TEST(EmulatorGraphql, ErrorsHaveShopifyShape) {
    auto e = start_emulator();
    auto r = graphql(*e, "{ shop { name ");
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(std::string(r.json().at("errors").as_array()[0].at("message").as_string())
                  .find("Parse error"),
              std::string::npos);
    r = graphql(*e, "{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }");
    EXPECT_EQ(r.json().at("errors").as_array()[0].at("extensions").at("code"), "MAX_COST_EXCEEDED");
    r = graphql(*e, "{ shop { name } }", {}, "shpat_wrong");
    EXPECT_EQ(r.status, 401);
}

TEST(EmulatorGraphql, ThrottlesWhenTheBucketIsEmptyAndRecovers) {
    EmulatorOptions o;
    o.plan = "standard";
    auto e = start_emulator(o);
    const std::string q = "{ orders(first: 250) { nodes { id } } }";  // 252 per call
    bool throttled = false;
    for (int i = 0; i < 40 && !throttled; ++i) {
        auto r = graphql(*e, q).json();
        if (r.as_object().contains("errors")) {
            EXPECT_EQ(r.at("errors").as_array()[0].at("extensions").at("code"), "THROTTLED");
            EXPECT_EQ(
                r.at("extensions").at("cost").at("throttleStatus").at("restoreRate").as_int64(),
                100);
            throttled = true;
        }
    }
    ASSERT_TRUE(throttled);
    EXPECT_TRUE(eventually([&] { return !graphql(*e, q).json().as_object().contains("errors"); }));
    auto stats = test::get(e->port(), "/_emulator/stats").json();
    EXPECT_GE(stats.at("requests").at("graphql_throttled").as_int64(), 1);
}

TEST(EmulatorGraphql, CarrierServicesConnectionNodeAndScope) {
    auto e = start_emulator();
    auto r = graphql(*e,
                     "{ carrierServices(first: 1) { edges { cursor node { id name formattedName "
                     "active callbackUrl supportsServiceDiscovery } } pageInfo { hasNextPage "
                     "endCursor } } }")
                 .json();
    ASSERT_FALSE(r.as_object().contains("errors")) << json::serialize(r);
    const json::value conn = r.at("data").at("carrierServices");  // a copy: r is reused
    ASSERT_EQ(conn.at("edges").as_array().size(), 1u);
    const json::value first = conn.at("edges").as_array()[0].at("node");
    const std::string id(first.at("id").as_string());
    EXPECT_EQ(id.rfind("gid://shopify/DeliveryCarrierService/", 0), 0u) << id;
    EXPECT_TRUE(first.at("active").as_bool());
    EXPECT_FALSE(std::string(first.at("callbackUrl").as_string()).empty());
    EXPECT_NE(std::string(first.at("formattedName").as_string())
                  .find(std::string(first.at("name").as_string())),
              std::string::npos);
    ASSERT_TRUE(conn.at("pageInfo").at("hasNextPage").as_bool());

    r = graphql(*e,
                "query($after: String) { carrierServices(first: 5, after: $after) { nodes { id "
                "active } pageInfo { hasNextPage } } }",
                {{"after", conn.at("pageInfo").at("endCursor")}})
            .json();
    ASSERT_FALSE(r.as_object().contains("errors")) << json::serialize(r);
    const json::value rest = r.at("data").at("carrierServices");
    ASSERT_EQ(rest.at("nodes").as_array().size(), 1u);
    EXPECT_NE(rest.at("nodes").as_array()[0].at("id"), first.at("id"));
    EXPECT_FALSE(rest.at("pageInfo").at("hasNextPage").as_bool());

    // The GID leads back to the same record, by node(id:) and carrierService(id:).
    r = graphql(*e,
                "query($id: ID!) { node(id: $id) { ... on DeliveryCarrierService { name } } "
                "carrierService(id: $id) { id } }",
                {{"id", id}})
            .json();
    ASSERT_FALSE(r.as_object().contains("errors")) << json::serialize(r);
    EXPECT_EQ(r.at("data").at("node").at("name"), first.at("name"));
    EXPECT_EQ(r.at("data").at("carrierService").at("id"), first.at("id"));

    // The REST list has the same services under the same ids.
    auto list = rest_get(*e, "/admin/api/2025-01/carrier_services.json").json();
    EXPECT_EQ("gid://shopify/DeliveryCarrierService/" +
                  std::to_string(list.at("carrier_services").as_array()[0].at("id").as_int64()),
              id);

    const std::string products_only = token_with_scopes(*e, "read_products");
    ASSERT_FALSE(products_only.empty());
    auto denied =
        graphql(*e, "{ carrierServices(first: 5) { nodes { id } } }", {}, products_only).json();
    EXPECT_EQ(denied.at("errors").as_array()[0].at("extensions").at("code"), "ACCESS_DENIED");
}

TEST(EmulatorGraphql, MutationsReturnUserErrors) {
    auto e = start_emulator();
    auto r =
        graphql(
            *e,
            R"(mutation { orderCancel(orderId: "gid://shopify/Order/1", reason: CUSTOMER, refund: false, restock: false) { job { id } orderCancelUserErrors { field message code } } })")
            .json();
    EXPECT_EQ(r.at("data").at("orderCancel").at("orderCancelUserErrors").as_array().size(), 1u);
    r = graphql(
            *e,
            R"(mutation { inventoryAdjustQuantities(input: {name: "available", reason: "correction", changes: [{inventoryItemId: "gid://shopify/InventoryItem/46000000000000", locationId: "gid://shopify/Location/70000000001", delta: 5}]}) { inventoryAdjustmentGroup { changes { name delta quantityAfterChange } } userErrors { message } } })")
            .json();
    ASSERT_FALSE(r.as_object().contains("errors")) << json::serialize(r);
    EXPECT_EQ(r.at("data")
                  .at("inventoryAdjustQuantities")
                  .at("inventoryAdjustmentGroup")
                  .at("changes")
                  .as_array()[0]
                  .at("delta")
                  .as_int64(),
              5);
}

TEST(EmulatorGraphql, LocationsLeaveDeactivatedOnesOutUnlessAsked) {
    auto e = start_emulator();  // three locations, the third deactivated
    auto ids = [&](const std::string& args) {
        auto r =
            graphql(*e, "{ locations(first: 10" + args + ") { nodes { id isActive } } }").json();
        EXPECT_FALSE(r.as_object().contains("errors")) << json::serialize(r);
        std::vector<std::string> out;
        for (const auto& n : r.at("data").at("locations").at("nodes").as_array())
            out.emplace_back(n.at("id").as_string());
        return out;
    };
    const std::vector<std::string> active{"gid://shopify/Location/70000000001",
                                          "gid://shopify/Location/70000000002"};
    EXPECT_EQ(ids(""), active);
    EXPECT_EQ(ids(", includeInactive: false"), active);
    auto all = active;
    all.push_back("gid://shopify/Location/70000000003");
    EXPECT_EQ(ids(", includeInactive: true"), all);
}

TEST(EmulatorGraphql, SuccessorsOfDeprecatedFieldsAnswerTheStoresData) {
    auto e = start_emulator();
    auto r = graphql(*e, R"({
          shop { billingAddress { address1 city countryCodeV2 zip }
                 shopAddress { address1 city countryCodeV2 zip }
                 plan { displayName publicDisplayName } }
          inventoryItems(first: 20) { nodes { variant { id product { id } }
                                              variants(first: 1) { nodes { id product { id } } } } }
          customers(first: 100) { nodes { email phone
              emailMarketingConsent { marketingState marketingOptInLevel }
              defaultEmailAddress { emailAddress marketingState marketingOptInLevel marketingUpdatedAt }
              defaultPhoneNumber { phoneNumber } } }
        })")
                 .json();
    ASSERT_FALSE(r.as_object().contains("errors")) << json::serialize(r);
    const auto& shop = r.at("data").at("shop");
    EXPECT_EQ(shop.at("shopAddress"), shop.at("billingAddress"));
    EXPECT_FALSE(shop.at("shopAddress").at("address1").is_null());
    EXPECT_EQ(shop.at("plan").at("publicDisplayName"), shop.at("plan").at("displayName"));

    for (const auto& item : r.at("data").at("inventoryItems").at("nodes").as_array()) {
        const auto& variants = item.at("variants").at("nodes").as_array();
        ASSERT_EQ(variants.size(), 1u);
        EXPECT_EQ(variants[0], item.at("variant"));
    }

    int without_email = 0, without_phone = 0, subscribed = 0;
    for (const auto& c : r.at("data").at("customers").at("nodes").as_array()) {
        const auto& email = c.at("defaultEmailAddress");
        if (c.at("email").is_null()) {
            ++without_email;
            EXPECT_TRUE(email.is_null());
        } else {
            EXPECT_EQ(email.at("emailAddress"), c.at("email"));
            const auto& consent = c.at("emailMarketingConsent");
            EXPECT_EQ(email.at("marketingState"), consent.at("marketingState"));
            EXPECT_EQ(email.at("marketingOptInLevel"), consent.at("marketingOptInLevel"));
            EXPECT_TRUE(email.at("marketingUpdatedAt").is_string());
            subscribed += email.at("marketingState") == "SUBSCRIBED";
        }
        if (c.at("phone").is_null()) {
            ++without_phone;
            EXPECT_TRUE(c.at("defaultPhoneNumber").is_null());
        } else {
            EXPECT_EQ(c.at("defaultPhoneNumber").at("phoneNumber"), c.at("phone"));
        }
    }
    EXPECT_GT(without_email, 0);
    EXPECT_GT(without_phone, 0);
    EXPECT_GT(subscribed, 0);
}

}  // namespace
}  // namespace sb::emulators::shopify::testing
