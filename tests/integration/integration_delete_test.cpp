// Deleting an integration against real emulated stores: its records leave the change feed as
// deletions, the store loses the hub's webhook subscriptions, and the audit log keeps a row —
// through DELETE and through seed 000's credentials upsert that drops one.
#include <map>

#include "emulators/shoplazza/emulator.hpp"
#include "shopify_hub.hpp"

namespace sb::test {
namespace {

namespace json = boost::json;

constexpr const char* k_credentials = "/erc/ecommerce/shopify-webhooks-handler/credentials";

struct Change {
    std::int64_t seq = 0;
    std::string operation;
};

// The feed of `org` after `after`, every page: the latest change per (integration, type, id)
// of `integration_id`, and the highest seq seen.
struct Feed {
    std::map<std::string, Change> of_integration;
    std::int64_t last_seq = 0;
};

Feed read_feed(const Api& api, const std::string& org, const std::string& integration_id,
               std::int64_t after = 0) {
    Feed feed;
    feed.last_seq = after;
    for (;;) {
        auto r = api.get("/v1/organizations/" + org +
                         "/changes?limit=1000&after=" + std::to_string(feed.last_seq));
        EXPECT_EQ(r.status, 200) << r.body;
        if (r.status != 200)
            return feed;
        const auto body = r.json();
        for (const auto& c : body.at("_embedded").at("items").as_array()) {
            feed.last_seq = std::max(feed.last_seq, c.at("seq").as_int64());
            if (c.at("integration_id") != json::value(integration_id))
                continue;
            feed.of_integration[str(c.at("type")) + "/" + str(c.at("id"))] = {
                c.at("seq").as_int64(), str(c.at("operation"))};
        }
        if (!body.at("_links").as_object().contains("next"))
            return feed;
    }
}

// The newest audit log entry.
json::value newest_audit_entry(const Api& api) {
    auto r = api.get("/v1/audit-log?limit=1");
    EXPECT_EQ(r.status, 200) << r.body;
    const auto body = r.json();
    const auto& items = body.at("_embedded").at("items").as_array();
    EXPECT_FALSE(items.empty());
    return items.empty() ? json::value(nullptr) : items.front();
}

class ShopifyDelete : public ShopifyHub {
  protected:
    std::int64_t subscriptions() {
        return store_stats().at("records").at("webhook_subscriptions").as_int64();
    }

    std::int64_t live(const std::string& integration_id) {
        return read_db([&](sql::Session& s) {
            return s
                .exec("SELECT COUNT(*) FROM records WHERE integration_id = $1 AND deleted = 0",
                      {integration_id})
                .rows.at(0)
                .integer(0);
        });
    }

    // After the delete: every record the feed showed before is now a deletion with a higher
    // seq, and nothing of the integration is live.
    void expect_tombstoned(const std::string& org, const std::string& integration_id,
                           const Feed& before) {
        const auto after = read_feed(api, org, integration_id);
        ASSERT_EQ(after.of_integration.size(), before.of_integration.size());
        for (const auto& [key, change] : after.of_integration) {
            EXPECT_EQ(change.operation, "deleted") << key;
            EXPECT_GT(change.seq, before.last_seq) << key;
        }
        EXPECT_EQ(live(integration_id), 0);
    }
};

TEST_F(ShopifyDelete, DeleteTombstonesTheRecordsUnsubscribesAndAudits) {
    const auto c = connect(R"(["COMMERCE_CUSTOMER","COMMERCE_LOCATION"])");
    const auto jobs = wait_for_jobs(c, 2);
    for (const auto& j : jobs.at("_embedded").at("items").as_array())
        ASSERT_EQ(j.at("status"), "succeeded") << json::serialize(j);
    const auto before = read_feed(api, c.user, c.id);
    const auto records = stored(c.id, "COMMERCE_CUSTOMER") + stored(c.id, "COMMERCE_LOCATION");
    ASSERT_GT(records, 0);
    ASSERT_EQ(static_cast<std::int64_t>(before.of_integration.size()), records);
    for (const auto& [key, change] : before.of_integration)
        ASSERT_NE(change.operation, "deleted") << key;
    const auto subscribed = subscriptions();
    ASSERT_GT(subscribed, 0);  // the install subscribed the hub

    auto r = api.del(integration_path(c));
    ASSERT_EQ(r.status, 204) << r.body;

    expect_tombstoned(c.user, c.id, before);
    EXPECT_EQ(api.get(integration_path(c)).status, 404);
    EXPECT_EQ(code_of(api.get(integration_path(c))), "not_found");
    EXPECT_EQ(api.get(integration_path(c) + "/jobs").status, 404);
    EXPECT_EQ(api.del(integration_path(c)).status, 404);
    // Gone from the lists, and its records from the commerce reads.
    auto list = api.get("/v1/organizations/" + c.user + "/integrations").json();
    EXPECT_EQ(list.at("count").as_int64(), 0);
    auto customers = api.get("/api/v6/users/" + c.user + "/commerce-customers").json();
    EXPECT_EQ(customers.at("count").as_int64(), 0) << json::serialize(customers);
    // The store no longer calls the hub.
    EXPECT_EQ(subscriptions(), 0);
    // The secrets are gone from the database, and webhooks no longer find the store.
    read_db([&](sql::Session& s) {
        auto row = s.exec(
            "SELECT credentials_sealed, store, deleted_at FROM integrations WHERE id = $1", {c.id});
        EXPECT_TRUE(row.rows.at(0).is_null(0));
        EXPECT_TRUE(row.rows.at(0).is_null(1));
        EXPECT_FALSE(row.rows.at(0).is_null(2));
        return 0;
    });

    const auto entry = newest_audit_entry(api);
    EXPECT_EQ(entry.at("action"), "integration.deleted");
    EXPECT_EQ(entry.at("subject_type"), "integration");
    EXPECT_EQ(entry.at("subject_id"), json::value(c.id));
    EXPECT_EQ(entry.at("actor"), json::value(hub.client_id()));
    const auto& detail = entry.at("detail");
    EXPECT_EQ(detail.at("connector_id"), "shopify");
    EXPECT_EQ(detail.at("store"), "acme.myshopify.com");
    EXPECT_EQ(detail.at("merchant_id"), json::value(c.user));
    EXPECT_EQ(detail.at("records_tombstoned").as_int64(), records);
    EXPECT_EQ(detail.at("unsubscribe"), "removed");
    EXPECT_EQ(detail.at("webhooks_removed").as_int64(), subscribed);
}

TEST_F(ShopifyDelete, AFailedUnsubscribeDoesNotBlockTheDelete) {
    const auto c = connect(R"(["COMMERCE_LOCATION"])");
    wait_for_jobs(c, 1);
    ASSERT_GT(subscriptions(), 0);
    // The store stops answering: the delete goes ahead and records why it could not clean up.
    store.stop();
    auto r = api.del(integration_path(c));
    ASSERT_EQ(r.status, 204) << r.body;
    EXPECT_EQ(api.get(integration_path(c)).status, 404);
    const auto entry = newest_audit_entry(api);
    EXPECT_EQ(entry.at("subject_id"), json::value(c.id));
    EXPECT_EQ(entry.at("detail").at("unsubscribe"), "failed");
    EXPECT_TRUE(entry.at("detail").as_object().contains("unsubscribe_reason"));
}

TEST_F(ShopifyDelete, ACredentialsUpsertThatDropsAnIntegrationDeletesItTheSameWay) {
    register_app();
    const std::string doc = R"({"if_multiple_integration": false, "default_integration": {
        "integration_type": "SHOPIFY", "brand_name": "Acme", "brand_domain_id": "acme.com",
        "shopify_integration_credential": {"shop_domain": "acme.myshopify.com",
                                           "access_token": ")" +
                            store.admin_token() + R"("}}})";
    auto put = api.put(k_credentials, doc);
    ASSERT_EQ(put.status, 200) << put.body;
    const Connected c{
        str(put.json().at("id")),
        str(put.json().at("_embedded").at("default_integration").at("integration_id"))};
    ASSERT_EQ(api.post(integration_path(c) + "/actions/register_webhooks").status, 200);
    const auto subscribed = subscriptions();
    ASSERT_GT(subscribed, 0);
    ASSERT_EQ(api.post(integration_path(c) + "/sync/products").status, 202);
    const auto jobs = wait_for_jobs(c, 1);
    for (const auto& j : jobs.at("_embedded").at("items").as_array())
        ASSERT_EQ(j.at("status"), "succeeded") << json::serialize(j);
    const auto before = read_feed(api, c.user, c.id);
    ASSERT_GT(before.of_integration.size(), 0u);

    // The set becomes one custom integration: the Shopify one is dropped.
    auto replaced = api.put(k_credentials, R"({"if_multiple_integration": false,
        "default_integration": {"integration_type": "CUSTOM", "brand_name": "Direct",
                                "brand_domain_id": "direct.acme.com"}})");
    ASSERT_EQ(replaced.status, 200) << replaced.body;

    expect_tombstoned(c.user, c.id, before);
    EXPECT_EQ(api.get(integration_path(c)).status, 404);
    EXPECT_EQ(subscriptions(), 0);
    const auto entry = newest_audit_entry(api);
    EXPECT_EQ(entry.at("action"), "integration.deleted");
    EXPECT_EQ(entry.at("subject_id"), json::value(c.id));
    EXPECT_EQ(entry.at("actor"), json::value(hub.client_id()));
    EXPECT_EQ(entry.at("detail").at("source"), "credentials");
    EXPECT_EQ(entry.at("detail").at("records_tombstoned").as_int64(),
              static_cast<std::int64_t>(before.of_integration.size()));
    EXPECT_EQ(entry.at("detail").at("unsubscribe"), "removed");
    EXPECT_EQ(entry.at("detail").at("webhooks_removed").as_int64(), subscribed);
}

// Shoplazza: its webhook delete endpoint removes what the install subscribed.
class ShoplazzaDelete : public HubTest {
  protected:
    static emulators::shoplazza::EmulatorOptions store_options() {
        emulators::shoplazza::EmulatorOptions o;
        o.port = 0;
        o.shop_domain = "acme.myshoplaza.com";
        o.orders = 5;
        o.products = 5;
        o.customers = 5;
        o.client_id = "lazza-app";
        o.client_secret = "lazza-secret";
        o.webhook_retry_scale = 0.001;
        return o;
    }
    static config::Settings hub_settings(std::uint16_t port) {
        config::Settings s;
        s.connector_base_urls["shoplazza"] = "http://127.0.0.1:" + std::to_string(port);
        return s;
    }

    emulators::shoplazza::Emulator store{store_options()};
    bool started = (store.start(), true);
    TestServer hub{hub_settings(store.port())};
    Api api{hub.port(), hub.token()};

    TestServer& hub_server() override { return hub; }
    Api& hub_api() override { return api; }

    std::int64_t subscriptions() {
        return send(store.port(), {"GET", "/_emulator/stats", {}, {}})
            .json()
            .at("records")
            .at("webhook_subscriptions")
            .as_int64();
    }
};

TEST_F(ShoplazzaDelete, DeleteUnsubscribesTheStore) {
    register_app("shoplazza", "lazza-app", "lazza-secret");
    const auto c = connect_store("shoplazza", "acme.myshoplaza.com", R"(["COMMERCE_CUSTOMER"])");
    wait_for_jobs(c, 1);
    const auto subscribed = subscriptions();
    ASSERT_GT(subscribed, 0);
    ASSERT_GT(stored(c.id, "COMMERCE_CUSTOMER"), 0);

    ASSERT_EQ(api.del(integration_path(c)).status, 204);
    EXPECT_EQ(subscriptions(), 0);
    EXPECT_EQ(api.get(integration_path(c)).status, 404);
    const auto entry = newest_audit_entry(api);
    EXPECT_EQ(entry.at("subject_id"), json::value(c.id));
    EXPECT_EQ(entry.at("detail").at("connector_id"), "shoplazza");
    EXPECT_EQ(entry.at("detail").at("unsubscribe"), "removed");
    EXPECT_EQ(entry.at("detail").at("webhooks_removed").as_int64(), subscribed);
    EXPECT_EQ(entry.at("detail").at("records_tombstoned").as_int64(),
              stored(c.id, "COMMERCE_CUSTOMER"));
}

}  // namespace
}  // namespace sb::test
