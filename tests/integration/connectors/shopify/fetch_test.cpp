#include <thread>

#include "connectors/shopify/bulk.hpp"
#include "connectors/shopify/queries.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "fixture.hpp"

namespace sb::connectors::shopify::testing {
namespace {

namespace json = boost::json;
using domain::DataType;

FetchRequest request(const domain::Integration& i, DataType t, std::string checkpoint = {},
                     std::optional<std::int64_t> since = {}) {
    return FetchRequest{i, t, std::move(checkpoint), since};
}

TEST(ShopifyFetch, InitialOrderSyncThroughBulkIsCompleteAndNormalized) {
    emulators::shopify::EmulatorOptions o;
    o.orders = 1200;
    auto e = start_big_plan(o);
    ShopifyConnector c(fast_options(*e));
    const auto integ = integration_for(*e);
    CollectingSink sink;
    c.fetch(request(integ, DataType::order), sink);
    EXPECT_EQ(sink.records.size(), 1200u);
    EXPECT_EQ(sink.ids().size(), 1200u);
    EXPECT_EQ(sink.total, 1200);
    EXPECT_GE(sink.batches, 3);  // ~500 per batch
    std::size_t with_items = 0, with_deliveries = 0;
    for (const auto& r : sink.records) {
        EXPECT_EQ(r.type, DataType::order);
        EXPECT_GT(r.updated_at, 0);
        auto d = json::parse(r.data).as_object();
        EXPECT_EQ(d.at("id").as_string(), r.external_id);
        if (!d.at("line_items").as_array().empty())
            ++with_items;
        for (const auto& del : d.at("deliveries").as_array()) {
            ++with_deliveries;
            static const std::set<std::string> k{
                "UNKNOWN",    "ATTEMPTED_DELIVERY", "READY_FOR_PICKUP", "PICKED_UP", "CONFIRMED",
                "IN_TRANSIT", "OUT_FOR_DELIVERY",   "DELIVERED",        "FAILURE"};
            EXPECT_TRUE(k.count(std::string(del.at("latest_status").at("type").as_string())));
        }
        EXPECT_TRUE(json::parse(r.raw).is_object());
    }
    EXPECT_EQ(with_items, 1200u);  // children were re-attached to their parents
    EXPECT_GT(with_deliveries, 0u);
}

TEST(ShopifyFetch, BulkRunResumesFromCheckpointWithoutLossOrDuplicates) {
    emulators::shopify::EmulatorOptions o;
    o.orders = 1300;
    auto e = start_big_plan(o);
    auto opts = fast_options(*e);
    opts.bulk.batch_size = 200;
    ShopifyConnector c(opts);
    const auto integ = integration_for(*e);
    CollectingSink first(2);  // "killed" after two batches were stored
    c.fetch(request(integ, DataType::order), first);
    ASSERT_EQ(first.batches, 2);
    CollectingSink second;
    c.fetch(request(integ, DataType::order, first.checkpoints.back()), second);
    std::set<std::string> all = first.ids();
    for (const auto& r : second.records)
        EXPECT_TRUE(all.insert(r.external_id).second) << "duplicate " << r.external_id;
    EXPECT_EQ(all.size(), 1300u);
    // The resumed run read the same bulk result, it did not start another export.
    auto stats = json::parse(control(*e, "GET", "/_emulator/stats", "").body);
    EXPECT_EQ(stats.at("records").at("bulk_operations").as_int64(), 1);
}

TEST(ShopifyFetch, IncrementalPagesByUpdatedAtResumeExactly) {
    emulators::shopify::EmulatorOptions o;
    o.orders = 300;
    auto e = start_big_plan(o);
    ShopifyConnector c(fast_options(*e));
    const auto integ = integration_for(*e);
    const std::int64_t since = *parse_time("2026-03-01T00:00:00Z");
    CollectingSink full;
    c.fetch(request(integ, DataType::order, {}, since), full);
    ASSERT_GT(full.records.size(), 10u);
    EXPECT_EQ(full.ids().size(), full.records.size());
    std::int64_t prev = 0;
    for (const auto& r : full.records) {
        EXPECT_GE(r.updated_at, since - 60'000);
        EXPECT_GE(r.updated_at, prev);
        prev = r.updated_at;
    }
    CollectingSink part(2);
    c.fetch(request(integ, DataType::order, {}, since), part);
    CollectingSink rest;
    c.fetch(request(integ, DataType::order, part.checkpoints.back(), since), rest);
    std::set<std::string> all = part.ids();
    for (const auto& r : rest.records)
        EXPECT_TRUE(all.insert(r.external_id).second) << "duplicate " << r.external_id;
    EXPECT_EQ(all, full.ids());
}

TEST(ShopifyFetch, IncrementalSeesAnEditedOrder) {
    auto e = start_big_plan();
    ShopifyConnector c(fast_options(*e));
    const auto integ = integration_for(*e);
    ASSERT_EQ(control(*e, "PUT", "/_emulator/orders/5000000000004", R"({"note":"rush"})").status,
              200);
    CollectingSink sink;
    c.fetch(request(integ, DataType::order, {}, now_ms() - 5'000), sink);
    bool found = false;
    for (const auto& r : sink.records) {
        if (r.external_id == "5000000000004") {
            found = true;
            EXPECT_EQ(json::parse(r.data).at("note"), "rush");
        }
    }
    EXPECT_TRUE(found);
}

TEST(ShopifyFetch, OtherDataTypes) {
    auto e = start_big_plan();
    ShopifyConnector c(fast_options(*e));
    const auto integ = integration_for(*e);
    auto stats = json::parse(control(*e, "GET", "/_emulator/stats", "").body).at("records");

    CollectingSink shop;
    c.fetch(request(integ, DataType::shop), shop);
    ASSERT_EQ(shop.records.size(), 1u);
    EXPECT_EQ(json::parse(shop.records[0].data).at("domain").as_string(), e->options().shop_domain);

    CollectingSink locations;
    c.fetch(request(integ, DataType::location), locations);
    EXPECT_EQ(static_cast<std::int64_t>(locations.ids().size()), stats.at("locations").as_int64());

    CollectingSink products;
    c.fetch(request(integ, DataType::product), products);
    EXPECT_EQ(static_cast<std::int64_t>(products.ids().size()), stats.at("products").as_int64());
    std::int64_t variants = 0;
    for (const auto& r : products.records)
        variants += static_cast<std::int64_t>(json::parse(r.data).at("variants").as_array().size());
    EXPECT_EQ(variants, stats.at("variants").as_int64());

    CollectingSink customers;
    c.fetch(request(integ, DataType::customer), customers);
    EXPECT_EQ(static_cast<std::int64_t>(customers.ids().size()), stats.at("customers").as_int64());

    CollectingSink stock;
    c.fetch(request(integ, DataType::stock), stock);
    EXPECT_EQ(static_cast<std::int64_t>(stock.ids().size()),
              stats.at("inventory_levels").as_int64());
    for (const auto& r : stock.records) {
        auto d = json::parse(r.data);
        EXPECT_EQ(r.external_id, std::string(d.at("inventory_item_id").as_string()) + ":" +
                                     std::string(d.at("location_id").as_string()));
        EXPECT_TRUE(d.at("on_hand").is_int64());
    }

    CollectingSink carts;
    c.fetch(request(integ, DataType::cart), carts);
    EXPECT_EQ(static_cast<std::int64_t>(carts.ids().size()),
              stats.at("abandoned_checkouts").as_int64());

    // Shipping services: one record per zone rate and carrier service.
    CollectingSink shipping;
    c.fetch(request(integ, DataType::shipping_service), shipping);
    EXPECT_FALSE(shipping.records.empty());
    for (const auto& r : shipping.records) {
        auto d = json::parse(r.data);
        EXPECT_EQ(d.at("id"), r.external_id.c_str());
        EXPECT_TRUE(d.at("kind").is_string());
    }
}

json::object graphql(const emulators::shopify::Emulator& e, const std::string& query,
                     json::object variables) {
    test::HttpRequest r;
    r.method = "POST";
    r.target = "/admin/api/2026-10/graphql.json";
    r.headers = {{"Content-Type", "application/json"}, {"X-Shopify-Access-Token", e.admin_token()}};
    r.body = json::serialize(json::object{{"query", query}, {"variables", std::move(variables)}});
    return json::parse(test::send(e.port(), r).body).as_object();
}

// Starts a bulk query as the connector's app; returns its GID.
std::string start_bulk(const emulators::shopify::Emulator& e, const std::string& query) {
    auto r = graphql(e,
                     "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { "
                     "id } userErrors { message } } }",
                     {{"q", query}});
    return std::string(
        r.at("data").at("bulkOperationRunQuery").at("bulkOperation").at("id").as_string());
}

void cancel_bulk(const emulators::shopify::Emulator& e, const std::string& id) {
    graphql(e, "mutation($id: ID!) { bulkOperationCancel(id: $id) { userErrors { message } } }",
            {{"id", id}});
}

TEST(ShopifyFetch, ARunningBulkOfTheSameQueryIsAdoptedAndAnotherIsWaitedFor) {
    emulators::shopify::EmulatorOptions o;
    o.orders = 300'000;  // a bulk read of the orders runs for many seconds
    auto e = start_big_plan(o);
    ShopifyConnector c(fast_options(*e));
    const auto integ = integration_for(*e);

    // Another query's run keeps the store busy (one run at a time): the customer read waits
    // for it to end, then runs its own.
    const std::string foreign = start_bulk(*e, "{ orders { edges { node { id } } } }");
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        cancel_bulk(*e, foreign);
    });
    CollectingSink customers;
    c.fetch(request(integ, DataType::customer), customers);
    canceller.join();
    EXPECT_EQ(customers.ids().size(), 200u);
    auto stats = json::parse(control(*e, "GET", "/_emulator/stats", "").body);
    EXPECT_EQ(stats.at("records").at("bulk_operations").as_int64(), 2);

    // The connector's own query already running (a run that died before its checkpoint was
    // stored): adopted, not waited for.
    const std::string ours = start_bulk(*e, queries::bulk_query(DataType::order));
    CollectingSink stop_at_start(0);  // stops at the checkpoint taken right after the start
    c.fetch(request(integ, DataType::order), stop_at_start);
    ASSERT_FALSE(stop_at_start.checkpoints.empty());
    const auto checkpoint = parse_bulk_checkpoint(stop_at_start.checkpoints.front());
    ASSERT_TRUE(checkpoint);
    EXPECT_EQ(checkpoint->operation_id, ours);
    cancel_bulk(*e, ours);
    stats = json::parse(control(*e, "GET", "/_emulator/stats", "").body);
    EXPECT_EQ(stats.at("records").at("bulk_operations").as_int64(), 3);
}

}  // namespace
}  // namespace sb::connectors::shopify::testing
