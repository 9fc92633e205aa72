// Webhooks in, end to end: the emulated store delivers (or the test signs deliveries as the
// store would) to the hub's POST /webhooks/shopify; the hub verifies, stores, de-duplicates and
// applies them.
#include <set>

#include "crypto/crypto.hpp"
#include "shopify_hub.hpp"

namespace sb::test {

namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

class ShopifyWebhooks : public ShopifyHub {
  protected:
    // Sends `body` to the hub as Shopify would, signed with `secret`.
    HttpResponse deliver(const std::string& topic, const std::string& body,
                         const std::string& webhook_id, const std::string& secret = "app-secret",
                         const std::string& shop = "acme.myshopify.com") {
        return send(
            hub.port(),
            {"POST",
             "/webhooks/shopify",
             {{"Content-Type", "application/json"},
              {"X-Shopify-Topic", topic},
              {"X-Shopify-Shop-Domain", shop},
              {"X-Shopify-Webhook-Id", webhook_id},
              {"X-Shopify-Hmac-Sha256", crypto::base64_encode(crypto::hmac_sha256(secret, body))}},
             body});
    }

    // The integration's received deliveries.
    json::array deliveries(const Connected& c) {
        auto r = api.get(integration_path(c) + "/webhooks?limit=200");
        EXPECT_EQ(r.status, 200) << r.body;
        return r.json().at("_embedded").at("items").as_array();
    }

    std::string delivery_status(const Connected& c, const std::string& webhook_id) {
        for (const auto& d : deliveries(c)) {
            if (d.at("delivery_id") == webhook_id.c_str())
                return str(d.at("status"));
        }
        return "";
    }

    // The emulator's REST order, as its webhooks carry it.
    json::object rest_order(const std::string& id) {
        auto r = send(store.port(), {"GET",
                                     "/admin/api/2025-01/orders/" + id + ".json",
                                     {{"X-Shopify-Access-Token", store.admin_token()}},
                                     {}});
        EXPECT_EQ(r.status, 200) << r.body;
        return r.json().at("order").as_object();
    }

    std::string first_external_id(const Connected& c, const std::string& type) {
        return read_db([&](sql::Session& s) {
            return s
                .exec(
                    "SELECT external_id FROM records WHERE integration_id = $1 AND type = $2"
                    " ORDER BY external_id LIMIT 1",
                    {c.id, type})
                .rows.at(0)
                .text(0);
        });
    }

    json::value field(const Connected& c, const std::string& type, const std::string& id,
                      const std::string& key) {
        const auto data = record_data(c.id, type, id);
        if (data.empty())
            return nullptr;
        const auto v = json::parse(data);
        const auto* f = v.as_object().if_contains(key);
        return f ? *f : json::value(nullptr);
    }

    std::int64_t live_records(const Connected& c) {
        return read_db([&](sql::Session& s) {
            return s
                .exec("SELECT COUNT(*) FROM records WHERE integration_id = $1 AND deleted = 0",
                      {c.id})
                .rows.at(0)
                .integer(0);
        });
    }
};

}  // namespace

TEST_F(ShopifyWebhooks, AnEditInTheStoreReachesTheHubThroughItsWebhook) {
    const auto c = connect(R"(["COMMERCE_ORDER","COMMERCE_LOCATION"])");
    auto jobs = wait_for_jobs(c, 2);
    for (const auto& j : jobs.at("_embedded").at("items").as_array())
        ASSERT_EQ(j.at("status"), "succeeded") << json::serialize(j);
    // The install subscribed the store's webhooks to the hub (an audited action).
    const auto order_id = first_external_id(c, "COMMERCE_ORDER");
    EXPECT_NE(field(c, "COMMERCE_ORDER", order_id, "note"), json::value("rush, gift wrap"));

    const auto t0 = std::chrono::steady_clock::now();
    auto edit = send(store.port(),
                     {"PUT", "/_emulator/orders/" + order_id, {}, R"({"note":"rush, gift wrap"})"});
    ASSERT_EQ(edit.status, 200) << edit.body;
    EXPECT_TRUE(eventually([&] {
        return field(c, "COMMERCE_ORDER", order_id, "note") == json::value("rush, gift wrap");
    }));
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - t0);
    std::printf("edit in the store to the hub through the webhook: %lld ms\n",
                static_cast<long long>(ms.count()));
    bool seen = false;
    for (const auto& d : deliveries(c)) {
        seen = seen || (d.at("topic") == "orders/updated" && d.at("status") == "applied");
        EXPECT_FALSE(d.as_object().contains("body"));  // the list never carries payloads
    }
    EXPECT_TRUE(seen);
}

TEST_F(ShopifyWebhooks, ForgedReplayedAndLateDeliveriesChangeNothing) {
    const auto c = connect(R"(["COMMERCE_ORDER"])");
    wait_for_jobs(c, 1);
    const auto order_id = first_external_id(c, "COMMERCE_ORDER");
    auto order = rest_order(order_id);

    // A newer version of the order, signed with the app's secret: applied.
    order["note"] = "from the webhook";
    order["updated_at"] = "2031-01-02T03:04:05Z";
    const auto newer = json::serialize(order);
    auto ok = deliver("orders/updated", newer, "delivery-1");
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.json().at("status"), "accepted");
    EXPECT_TRUE(eventually([&] { return delivery_status(c, "delivery-1") == "applied"; }));
    EXPECT_EQ(field(c, "COMMERCE_ORDER", order_id, "note"), json::value("from the webhook"));

    // The same delivery again (Shopify retries with the same id): recognised, not stored.
    const auto before = deliveries(c).size();
    auto again = deliver("orders/updated", newer, "delivery-1");
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.json().at("status"), "duplicate");
    EXPECT_EQ(deliveries(c).size(), before);

    // An older version arriving late: stored and applied, but it never overwrites newer data.
    order["note"] = "stale";
    order["updated_at"] = "2020-01-01T00:00:00Z";
    ASSERT_EQ(deliver("orders/updated", json::serialize(order), "delivery-0").status, 200);
    EXPECT_TRUE(eventually([&] { return delivery_status(c, "delivery-0") == "applied"; }));
    EXPECT_EQ(field(c, "COMMERCE_ORDER", order_id, "note"), json::value("from the webhook"));

    // Forged: a wrong secret, a tampered body, an unknown store. 401, nothing stored.
    order["note"] = "forged";
    order["updated_at"] = "2032-01-01T00:00:00Z";
    const auto forged_body = json::serialize(order);
    auto forged = deliver("orders/updated", forged_body, "delivery-2", "not-the-secret");
    EXPECT_EQ(forged.status, 401);
    EXPECT_EQ(code_of(forged), "invalid_webhook_signature");
    auto tampered =
        send(hub.port(), {"POST",
                          "/webhooks/shopify",
                          {{"X-Shopify-Topic", "orders/updated"},
                           {"X-Shopify-Shop-Domain", "acme.myshopify.com"},
                           {"X-Shopify-Webhook-Id", "delivery-3"},
                           {"X-Shopify-Hmac-Sha256",
                            crypto::base64_encode(crypto::hmac_sha256("app-secret", newer))}},
                          forged_body});
    EXPECT_EQ(tampered.status, 401);
    auto stranger =
        deliver("orders/updated", forged_body, "delivery-4", "app-secret", "other.myshopify.com");
    EXPECT_EQ(stranger.status, 401);
    EXPECT_EQ(forged.body.find("app-secret"), std::string::npos);
    // Without Shopify's headers it is not a webhook at all.
    auto bare = send(hub.port(), {"POST", "/webhooks/shopify", {}, forged_body});
    EXPECT_EQ(bare.status, 400);
    EXPECT_EQ(code_of(bare), "bad_request");
    auto unknown = deliver("orders/updated", forged_body, "delivery-5");
    EXPECT_EQ(unknown.status, 200);  // the real secret: accepted (the control)
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(deliveries(c).size(), before + 2);  // delivery-0 and delivery-5 only
    EXPECT_EQ(send(hub.port(), {"POST", "/webhooks/nosuch", {}, "{}"}).status, 404);
}

// Signed, but not the topic's payload (issue 16, finding 4): 422 invalid_webhook_payload, kept
// as a rejected delivery, never applied; a valid delivery after it is applied as usual.
TEST_F(ShopifyWebhooks, SignedJunkIsRejectedNotApplied) {
    const auto c = connect(R"(["COMMERCE_ORDER"])");
    wait_for_jobs(c, 1);
    const auto count_orders = [&] {
        return read_db([&](sql::Session& s) {
            return s.exec("SELECT COUNT(*) FROM records WHERE type = 'COMMERCE_ORDER'", {})
                .rows[0]
                .integer(0);
        });
    };
    const auto before = count_orders();

    auto junk = deliver("orders/updated", R"({"id":"abc","updated_at":"garbage"})", "junk-1");
    EXPECT_EQ(junk.status, 422) << junk.body;
    EXPECT_EQ(code_of(junk), "invalid_webhook_payload");
    std::set<std::string> named;
    const auto answer = junk.json();
    for (const auto& f : answer.at("fields").as_array())
        named.insert(str(f.at("name")));
    EXPECT_EQ(named, (std::set<std::string>{"id", "updated_at"}));
    EXPECT_EQ(delivery_status(c, "junk-1"), "rejected");

    for (const auto& [topic, body] : std::vector<std::pair<std::string, std::string>>{
             {"orders/create", R"({"id":5})"},   // no updated_at
             {"orders/delete", R"({"id":-3})"},  // not an id
             {"products/update", R"({"id":1.5,"updated_at":"2030-01-01T00:00:00Z"})"},
             {"inventory_levels/update",
              R"({"inventory_item_id":1,"location_id":"x","available":"many",)"
              R"("updated_at":"2030-01-01T00:00:00Z"})"},
             {"customers/update", "[1,2]"},  // not an object
         }) {
        auto r = deliver(topic, body, "junk-" + topic);
        EXPECT_EQ(r.status, 422) << topic << " " << r.body;
        EXPECT_EQ(code_of(r), "invalid_webhook_payload") << topic;
    }
    std::this_thread::sleep_for(200ms);  // an applier would have run by now
    EXPECT_EQ(count_orders(), before);
    EXPECT_EQ(delivery_status(c, "junk-1"), "rejected");

    // The control: a valid signed delivery of a new order is applied.
    auto order = rest_order(first_external_id(c, "COMMERCE_ORDER"));
    order["id"] = 987654321;
    order["updated_at"] = "2031-01-02T03:04:05Z";
    ASSERT_EQ(deliver("orders/create", json::serialize(order), "valid-1").status, 200);
    EXPECT_TRUE(eventually([&] { return delivery_status(c, "valid-1") == "applied"; }));
    EXPECT_EQ(count_orders(), before + 1);

    // The list filters by status and topic, and names a filter that cannot match.
    const auto listed = [&](const std::string& query) {
        auto r = api.get(integration_path(c) + "/webhooks?limit=200&" + query);
        EXPECT_EQ(r.status, 200) << r.body;
        std::set<std::string> ids;
        const json::value page = r.json();
        for (const auto& d : page.at("_embedded").at("items").as_array())
            ids.insert(str(d.at("delivery_id")));
        return ids;
    };
    EXPECT_EQ(listed("status=rejected").size(), 6u);
    EXPECT_EQ(listed("status=rejected&topic=orders%2Fupdated"), (std::set<std::string>{"junk-1"}));
    EXPECT_EQ(listed("status=applied&topic=orders%2Fcreate"), (std::set<std::string>{"valid-1"}));
    auto bad = api.get(integration_path(c) + "/webhooks?status=lost");
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(code_of(bad), "validation_failed");
}

TEST_F(ShopifyWebhooks, DroppedWebhooksAreCaughtByTheNextIncrementalSync) {
    const auto c = connect(R"(["COMMERCE_ORDER"])");
    wait_for_jobs(c, 1);
    const auto order_id = first_external_id(c, "COMMERCE_ORDER");
    ASSERT_EQ(send(store.port(), {"POST", "/_emulator/faults", {}, R"({"webhook_drop_rate":1.0})"})
                  .status,
              200);
    ASSERT_EQ(send(store.port(), {"PUT", "/_emulator/orders/" + order_id, {}, R"({"note":"lost"})"})
                  .status,
              200);
    std::this_thread::sleep_for(300ms);
    EXPECT_NE(field(c, "COMMERCE_ORDER", order_id, "note"), json::value("lost"));
    // Reconciliation: the incremental sync (the scheduler runs it periodically) reads what
    // changed since the watermark and finds the edit.
    auto sync = api.post(integration_path(c) + "/sync/orders");
    ASSERT_EQ(sync.status, 202) << sync.body;
    wait_for_jobs(c, 2);
    EXPECT_EQ(field(c, "COMMERCE_ORDER", order_id, "note"), json::value("lost"));
}

TEST_F(ShopifyWebhooks, StockWebhooksMergeIntoTheStoredLevel) {
    const auto c = connect(R"(["COMMERCE_STOCK"])");
    wait_for_jobs(c, 1);
    const auto level_id = first_external_id(c, "COMMERCE_STOCK");
    const auto before = json::parse(record_data(c.id, "COMMERCE_STOCK", level_id));
    ASSERT_FALSE(before.at("on_hand").is_null());
    const auto colon = level_id.find(':');
    const std::string body = R"({"inventory_item_id":)" + level_id.substr(0, colon) +
                             R"(,"location_id":)" + level_id.substr(colon + 1) +
                             R"(,"available":4321})";
    auto change = send(store.port(), {"POST", "/_emulator/inventory", {}, body});
    ASSERT_EQ(change.status, 200) << change.body;
    EXPECT_TRUE(eventually(
        [&] { return field(c, "COMMERCE_STOCK", level_id, "available") == json::value(4321); }));
    // The webhook carries `available` only: the other quantities are kept, not nulled.
    const auto after = json::parse(record_data(c.id, "COMMERCE_STOCK", level_id));
    EXPECT_FALSE(after.at("on_hand").is_null());
    EXPECT_EQ(after.at("sku"), before.at("sku"));
}

TEST_F(ShopifyWebhooks, PrivacyRequestsAndUninstall) {
    const auto c = connect(R"(["COMMERCE_ORDER","COMMERCE_CUSTOMER"])");
    wait_for_jobs(c, 2);
    // An order with a customer, and that customer.
    std::string order_id, customer_id;
    read_db([&](sql::Session& s) {
        for (const auto& row :
             s.exec("SELECT external_id, data FROM records WHERE integration_id = $1 AND type = "
                    "'COMMERCE_ORDER' ORDER BY external_id",
                    {c.id})
                 .rows) {
            const auto data = json::parse(row.text(1));
            if (data.at("customer_id").is_string() && data.at("email").is_string()) {
                order_id = row.text(0);
                customer_id = str(data.at("customer_id"));
                return;
            }
        }
    });
    ASSERT_FALSE(order_id.empty());
    ASSERT_FALSE(record_data(c.id, "COMMERCE_CUSTOMER", customer_id).empty());

    // customers/data_request is recorded, and changes no data.
    const std::string who = R"({"shop_id":1,"shop_domain":"acme.myshopify.com","customer":{"id":)" +
                            customer_id + R"(,"email":"x@example.com","phone":null},)";
    ASSERT_EQ(deliver("customers/data_request",
                      who + R"("orders_requested":[)" + order_id + R"(],"data_request":{"id":9}})",
                      "gdpr-1")
                  .status,
              200);
    EXPECT_TRUE(eventually([&] { return delivery_status(c, "gdpr-1") == "recorded"; }));

    // customers/redact erases the customer and the personal data of the named orders.
    ASSERT_EQ(
        deliver("customers/redact", who + R"("orders_to_redact":[)" + order_id + "]}", "gdpr-2")
            .status,
        200);
    EXPECT_TRUE(eventually([&] { return delivery_status(c, "gdpr-2") == "applied"; }));
    const auto customer = record_data(c.id, "COMMERCE_CUSTOMER", customer_id);
    EXPECT_EQ(json::parse(customer), json::parse(R"({"id":")" + customer_id + R"("})"));
    const auto order = json::parse(record_data(c.id, "COMMERCE_ORDER", order_id));
    EXPECT_TRUE(order.at("email").is_null());
    EXPECT_TRUE(order.at("customer").is_null());
    EXPECT_TRUE(order.at("shipping_address").is_null());
    EXPECT_EQ(order.at("redacted"), true);
    EXPECT_FALSE(order.at("line_items").as_array().empty());  // the order itself is kept
    read_db([&](sql::Session& s) {
        auto raw = s.exec(
            "SELECT raw FROM records WHERE integration_id = $1 AND type = 'COMMERCE_ORDER' AND "
            "external_id = $2",
            {c.id, order_id});
        EXPECT_EQ(raw.rows.at(0).text(0), "{}");
        return 0;
    });

    // The merchant uninstalls the app: app/uninstalled revokes the integration.
    ASSERT_EQ(send(store.port(), {"POST", "/_emulator/uninstall", {}, {}}).status, 200);
    EXPECT_TRUE(
        eventually([&] { return api.get(integration_path(c)).json().at("status") == "REVOKED"; }));
    auto sync = api.post(integration_path(c) + "/sync/orders");
    EXPECT_EQ(code_of(sync), "integration_revoked");

    // 48 hours later Shopify asks to erase the shop's data: every record becomes a tombstone.
    ASSERT_GT(live_records(c), 0);
    ASSERT_EQ(
        deliver("shop/redact", R"({"shop_id":1,"shop_domain":"acme.myshopify.com"})", "gdpr-3")
            .status,
        200);
    EXPECT_TRUE(eventually([&] { return delivery_status(c, "gdpr-3") == "applied"; }));
    EXPECT_EQ(live_records(c), 0);
}

}  // namespace sb::test
