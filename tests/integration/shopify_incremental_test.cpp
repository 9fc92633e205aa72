#include <set>

#include "emulators/shopify/data/catalog.hpp"
#include "emulators/shopify/emulator.hpp"
#include "hub_fixture.hpp"

// Issue 20, the sync half: an incremental run asks the store how much changed first and reads
// it the cheaper way (pages or a bulk operation), with a known total; a full sync re-reads
// everything and tombstones what the store no longer has. The hub and the emulated store are
// real servers on loopback; what the store served is read from its control API.
namespace sb::test {

namespace {

namespace json = boost::json;

// A standard-plan store (2,000 points, 100 per second): large enough a change that pages would
// wait for points runs as a bulk operation; a few orders fit the bucket and run as pages.
class ShopifyIncremental : public HubTest {
  public:
    static emulators::shopify::EmulatorOptions store_options() {
        emulators::shopify::EmulatorOptions o;
        o.port = 0;
        o.shop_domain = "acme.myshopify.com";
        o.orders = 300;
        o.products = 10;
        o.customers = 20;
        o.plan = "standard";
        o.api_key = "app-key";
        o.api_secret = "app-secret";
        return o;
    }

  protected:
    emulators::shopify::Emulator store{store_options()};
    bool started = (store.start(), true);
    TestServer hub{hub_settings()};
    Api api{hub.port(), hub.token()};
    Connected c;

    TestServer& hub_server() override { return hub; }
    Api& hub_api() override { return api; }

    config::Settings hub_settings() {
        config::Settings s;
        s.connector_base_urls["shopify"] = "http://127.0.0.1:" + std::to_string(store.port());
        return s;
    }

    // Connected with orders requested: auto_connect's initial sync (a bulk read) is done.
    void SetUp() override {
        register_app("shopify", "app-key", "app-secret");
        c = connect_store("shopify", "acme.myshopify.com", R"(["COMMERCE_ORDER"])");
        auto jobs = wait_for_jobs(c, 1);
        ASSERT_EQ(jobs.at("_embedded").at("items").at(0).at("status"), "succeeded")
            << json::serialize(jobs);
        ASSERT_EQ(stored(c.id, "COMMERCE_ORDER"), 300);
        // The install subscribed the hub's webhooks: every delivery is lost from here on, so
        // what the store changes reaches the hub only through the syncs under test.
        auto r = send(store.port(), {"POST",
                                     "/_emulator/faults",
                                     {{"Content-Type", "application/json"}},
                                     R"({"webhook_drop_rate":1})"});
        ASSERT_EQ(r.status, 200) << r.body;
    }

    json::value stats() { return send(store.port(), {"GET", "/_emulator/stats", {}, {}}).json(); }
    std::int64_t graphql_requests() { return stats().at("requests").at("graphql").as_int64(); }
    std::int64_t bulk_operations() {
        return stats().at("records").at("bulk_operations").as_int64();
    }

    static std::string order_id(int index) {
        return std::to_string(emulators::shopify::ids::order + index);
    }

    // Edits orders [0, n) in the store, without webhooks (none are subscribed).
    void edit_orders(int n, const std::string& note) {
        for (int i = 0; i < n; ++i) {
            auto r = send(store.port(), {"PUT",
                                         "/_emulator/orders/" + order_id(i),
                                         {{"Content-Type", "application/json"}},
                                         R"({"order":{"note":")" + note + R"("}})"});
            ASSERT_EQ(r.status, 200) << r.body;
        }
    }

    // Starts a sync of orders (`query`: e.g. "?mode=full") and returns the finished job.
    json::value sync_orders(const std::string& query = {}, const std::string& body = {}) {
        const auto before =
            api.get(integration_path(c) + "/jobs?limit=200").json().at("count").as_int64();
        auto r = api.post(integration_path(c) + "/sync/orders" + query, body);
        EXPECT_EQ(r.status, 202) << r.body;
        const auto id = str(r.json().at("id"));
        wait_for_jobs(c, before + 1);
        return api.get(integration_path(c) + "/jobs/" + id).json();
    }

    // The stored note of an order ("" when none).
    std::string stored_note(int index) {
        const auto data = record_data(c.id, "COMMERCE_ORDER", order_id(index));
        if (data.empty())
            return {};
        const json::value v = json::parse(data);
        const auto& o = v.as_object();
        const auto* note = o.if_contains("note");
        return note && note->is_string() ? std::string(note->as_string()) : std::string();
    }

    bool stored_deleted(const std::string& external_id) {
        return read_db([&](sql::Session& s) {
            auto r = s.exec(
                "SELECT deleted FROM records WHERE integration_id = $1 AND type = $2 AND "
                "external_id = $3",
                {c.id, std::string("COMMERCE_ORDER"), external_id});
            return !r.rows.empty() && r.rows[0].integer(0) != 0;
        });
    }
};

void expect_complete_progress(const json::value& job) {
    ASSERT_EQ(job.at("status"), "succeeded") << json::serialize(job);
    const auto& p = job.at("progress");
    ASSERT_TRUE(p.at("total").is_int64()) << json::serialize(job);
    EXPECT_EQ(p.at("total").as_int64(), p.at("records_read").as_int64()) << json::serialize(job);
    ASSERT_TRUE(p.at("percent").is_number()) << json::serialize(job);
    EXPECT_DOUBLE_EQ(p.at("percent").to_number<double>(), 100.0) << json::serialize(job);
}

}  // namespace

TEST_F(ShopifyIncremental, AnUnchangedStoreIsOneCountRequest) {
    const auto requests = graphql_requests();
    const auto job = sync_orders();
    ASSERT_EQ(job.at("status"), "succeeded") << json::serialize(job);
    EXPECT_EQ(graphql_requests(), requests + 1);
    EXPECT_EQ(job.at("progress").at("records_read"), 0);
    EXPECT_EQ(job.at("progress").at("total"), 0);
}

TEST_F(ShopifyIncremental, AFewChangedOrdersAreReadInPagesWithTheirCountAsTotal) {
    const auto bulks = bulk_operations();
    edit_orders(3, "small change");
    const auto job = sync_orders();
    expect_complete_progress(job);
    EXPECT_GE(job.at("progress").at("records_read").as_int64(), 3);
    EXPECT_EQ(bulk_operations(), bulks);  // pages
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(stored_note(i), "small change") << i;
}

TEST_F(ShopifyIncremental, ManyChangedOrdersAreReadByOneBulkOperationFilteredByUpdatedAt) {
    const auto bulks = bulk_operations();
    edit_orders(120, "large change");
    const auto job = sync_orders();
    expect_complete_progress(job);
    EXPECT_EQ(bulk_operations(), bulks + 1);
    // Filtered: the run read the changed orders and the overlap window, not the whole store.
    EXPECT_GE(job.at("progress").at("records_read").as_int64(), 120);
    EXPECT_LT(job.at("progress").at("records_read").as_int64(), 300);
    for (int i : {0, 60, 119})
        EXPECT_EQ(stored_note(i), "large change") << i;
    // Caught up: the next run is one request again.
    const auto requests = graphql_requests();
    const auto again = sync_orders();
    EXPECT_EQ(again.at("progress").at("records_read"), 0);
    EXPECT_EQ(graphql_requests(), requests + 1);
}

TEST_F(ShopifyIncremental, AFullSyncTombstonesOrdersTheStoreNoLongerHas) {
    // Read the feed up to now, so that only the full sync's changes follow.
    std::int64_t after = 0;
    for (;;) {
        auto page = api.get("/v1/organizations/" + c.user +
                            "/changes?limit=500&after=" + std::to_string(after))
                        .json();
        after = page.at("next_after").as_int64();
        if (!page.at("_links").as_object().contains("next"))
            break;
    }
    const std::set<std::string> gone{order_id(5), order_id(250)};
    for (const auto& id : gone) {
        auto r = send(store.port(), {"DELETE", "/_emulator/orders/" + id, {}, {}});
        ASSERT_EQ(r.status, 200) << r.body;
    }
    const auto bulks = bulk_operations();
    const auto job = sync_orders("?mode=full");
    ASSERT_EQ(job.at("status"), "succeeded") << json::serialize(job);
    EXPECT_EQ(bulk_operations(), bulks + 1);  // everything, again
    for (const auto& id : gone)
        EXPECT_TRUE(stored_deleted(id)) << id;
    EXPECT_FALSE(stored_deleted(order_id(6)));
    EXPECT_EQ(stored(c.id, "COMMERCE_ORDER"), 300);  // tombstones stay as records

    // The feed shows exactly the two deletions: the re-read of unchanged orders wrote nothing.
    std::set<std::string> deleted;
    std::int64_t changes = 0;
    for (;;) {
        auto page = api.get("/v1/organizations/" + c.user +
                            "/changes?limit=500&after=" + std::to_string(after))
                        .json();
        for (const auto& ch : page.at("_embedded").at("items").as_array()) {
            ++changes;
            if (ch.at("operation") == "deleted")
                deleted.insert(str(ch.at("id")));
        }
        after = page.at("next_after").as_int64();
        if (!page.at("_links").as_object().contains("next"))
            break;
    }
    EXPECT_EQ(deleted, gone);
    EXPECT_EQ(changes, 2);

    // The body field asks the same; nothing else is gone, so nothing more is tombstoned.
    const auto again = sync_orders({}, R"({"mode":"full"})");
    ASSERT_EQ(again.at("status"), "succeeded") << json::serialize(again);
    auto tail =
        api.get("/v1/organizations/" + c.user + "/changes?after=" + std::to_string(after)).json();
    EXPECT_EQ(tail.at("count"), 0);
}

TEST_F(ShopifyIncremental, AnUnknownModeIsRefusedWithItsField) {
    for (const auto& [query, body] : std::vector<std::pair<std::string, std::string>>{
             {"?mode=everything", ""},
             {"", R"({"mode":"Full"})"},
             {"?mode=full", R"({"mode":"incremental"})"}}) {
        auto r = api.post(integration_path(c) + "/sync/orders" + query, body);
        ASSERT_EQ(r.status, 400) << query << body << ": " << r.body;
        EXPECT_EQ(code_of(r), "validation_failed");
        EXPECT_EQ(r.json().at("fields").at(0).at("name"), "mode") << r.body;
    }
}

}  // namespace sb::test
