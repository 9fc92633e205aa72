// The custom connector's two ways in: records pushed by the merchant's own system, with the
// account's token or signed with the integration's push secret, read back like synced ones.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <string>

#include "common/api_client.hpp"
#include "common/test_env.hpp"
#include "crypto/crypto.hpp"
#include "domain/records/codec.hpp"

namespace sb::test {

namespace {

namespace json = boost::json;
namespace records = domain::records;
using ::testing::Contains;
using ::testing::Not;

config::Settings api_only() {
    config::Settings s;
    s.sync_workers = 0;
    return s;
}

json::object order_data(const std::string& id, const std::string& total,
                        const std::string& customer_id = "c1") {
    return {{"id", id},
            {"name", "#" + id},
            {"email", "buyer@example.test"},
            {"status", "open"},
            {"financial_status", "paid"},
            {"currency", "EUR"},
            {"total", {{"amount", total}, {"currency", "EUR"}}},
            {"customer_id", customer_id},
            {"line_items", json::array{{{"id", "li1"},
                                        {"title", "Mug"},
                                        {"sku", "MUG-1"},
                                        {"quantity", 2},
                                        {"unit_price", {{"amount", "5.00"}, {"currency", "EUR"}}}},
                                       {{"id", "li2"}, {"title", "Tea"}, {"quantity", 1}}}},
            {"created_at", "2026-11-01T10:00:00.000Z"},
            {"updated_at", "2026-11-02T10:00:00.000Z"}};
}

json::object customer_data(const std::string& id) {
    return {{"id", id},
            {"first_name", "Ada"},
            {"last_name", "Lovelace"},
            {"email", "ada@example.test"},
            {"tags", json::array{"vip"}},
            {"orders_count", 1},
            {"amount_spent", {{"amount", "10.00"}, {"currency", "EUR"}}},
            {"created_at", "2026-10-01T10:00:00.000Z"},
            {"updated_at", "2026-11-02T10:00:00.000Z"}};
}

json::object product_data(const std::string& id) {
    return {
        {"id", id},
        {"title", "Mug"},
        {"handle", "mug"},
        {"status", "active"},
        {"variants", json::array{{{"id", "v1"},
                                  {"sku", "MUG-1"},
                                  {"price", "5.00"},
                                  {"inventory_item_id", "ii1"},
                                  {"options", json::array{{{"name", "Size"}, {"value", "L"}}}}}}},
        {"updated_at", "2026-11-02T10:00:00.000Z"}};
}

json::object item(const std::string& type, const std::string& id, const std::string& updated_at,
                  json::object data) {
    return {{"type", type}, {"external_id", id}, {"updated_at", updated_at}, {"data", data}};
}

std::string batch(json::array items) {
    return json::serialize(json::object{{"records", std::move(items)}});
}

// A record as the commerce reads serve it, without the envelope they add.
json::object served(json::object o) {
    o.erase("data_connection_id");
    o.erase("synced_at");
    return o;
}

class CustomPush : public ::testing::Test {
  protected:
    TestServer server{api_only()};
    Api api{server.port(), server.token()};
    std::string org = str(api.create("/v1/organizations", R"({"name":"Acme"})").at("id"));
    std::string base = "/v1/organizations/" + org + "/integrations";
    json::object created =
        api.create(base, R"({"name":"Home-grown shop","connector_id":"custom"})");
    std::string id = str(created.at("id"));
    std::string secret = str(created.at("push_secret"));
    std::string records_path = base + "/" + id + "/records";

    HttpResponse push(const std::string& body, Api::Headers headers = {}) {
        return api.post(records_path, body, std::move(headers));
    }

    // POST /webhooks/custom/{id}, signed as the merchant's system signs it.
    HttpResponse push_signed(const std::string& body, const std::string& webhook_id,
                             const std::string& key, std::int64_t age_s = 0,
                             std::string integration = {}) {
        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        const std::string ts = std::to_string(now - age_s);
        return send(server.port(),
                    {"POST",
                     "/webhooks/custom/" + (integration.empty() ? id : integration),
                     {{"Content-Type", "application/json"},
                      {"webhook-id", webhook_id},
                      {"webhook-timestamp", ts},
                      {"webhook-signature",
                       "v1," + crypto::standard_webhook_signature(key, webhook_id, ts, body)}},
                     body});
    }

    std::string users(const std::string& segment) { return "/api/v6/users/" + org + "/" + segment; }

    std::int64_t count(const std::string& segment) {
        auto r = api.get(users(segment));
        EXPECT_EQ(r.status, 200) << r.body;
        return r.json().at("count").as_int64();
    }
};

}  // namespace

TEST_F(CustomPush, TheSecretIsShownOnceAndRotates) {
    ASSERT_EQ(secret.rfind("whsec_", 0), 0u) << secret;
    std::string key;
    ASSERT_TRUE(crypto::base64_decode(secret.substr(6), key));
    EXPECT_EQ(key.size(), 24u);
    auto again = api.get(base + "/" + id);
    ASSERT_EQ(again.status, 200);
    EXPECT_EQ(again.body.find(secret), std::string::npos);
    EXPECT_FALSE(again.json().as_object().contains("push_secret"));
    EXPECT_EQ(again.json().at("credentials").at("push_secret"), "********");
    // Another custom integration has its own secret.
    auto other = api.create(base, R"({"name":"Second","connector_id":"custom"})");
    EXPECT_NE(str(other.at("push_secret")), secret);

    auto catalog = api.get("/v1/connectors/custom").json();
    EXPECT_EQ(catalog.at("available"), true);
    EXPECT_EQ(catalog.at("actions").at(0).at("id"), "rotate_push_secret");

    const auto body =
        batch({item("COMMERCE_CUSTOMER", "c1", "2026-11-02T10:00:00Z", customer_data("c1"))});
    ASSERT_EQ(push_signed(body, "msg_1", secret).status, 200);
    auto rotated = api.post(base + "/" + id + "/actions/rotate_push_secret");
    ASSERT_EQ(rotated.status, 200) << rotated.body;
    const auto fresh = str(rotated.json().at("result").at("push_secret"));
    EXPECT_EQ(fresh.rfind("whsec_", 0), 0u);
    EXPECT_NE(fresh, secret);
    EXPECT_EQ(api.get(base + "/" + id).json().at("credentials").at("push_secret"), "********");
    auto old = push_signed(body, "msg_2", secret);
    EXPECT_EQ(old.status, 401);
    EXPECT_EQ(code_of(old), "invalid_webhook_signature");
    EXPECT_EQ(push_signed(body, "msg_3", fresh).status, 200);
}

TEST_F(CustomPush, PushedRecordsReadBackLikeSyncedOnes) {
    const auto order = order_data("o1", "12.50");
    const auto customer = customer_data("c1");
    const auto product = product_data("p1");
    auto r = push(batch({item("COMMERCE_ORDER", "o1", "2026-11-02T10:00:00Z", order),
                         item("COMMERCE_CUSTOMER", "c1", "2026-11-02T10:00:00Z", customer),
                         item("COMMERCE_PRODUCT", "p1", "2026-11-02T10:00:00Z", product)}));
    ASSERT_EQ(r.status, 200) << r.body;
    const auto receipt = r.json();
    EXPECT_EQ(receipt.at("written").as_int64(), 3);
    EXPECT_EQ(receipt.at("unchanged").as_int64(), 0);
    const auto last_seq = receipt.at("last_change_seq").as_int64();
    EXPECT_GE(last_seq, 3);

    // Seed 003's reads: the codec's record, as a connector's sync would have stored it.
    auto got = api.get(users("commerce-orders/o1"));
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(got.json().at("data_connection_id"), json::value(id));
    EXPECT_EQ(served(got.json().as_object()),
              records::to_json(records::from_json<records::Order>(order)));
    EXPECT_EQ(served(api.get(users("commerce-customers/c1")).json().as_object()),
              records::to_json(records::from_json<records::Customer>(customer)));
    EXPECT_EQ(served(api.get(users("commerce-products/p1")).json().as_object()),
              records::to_json(records::from_json<records::Product>(product)));
    EXPECT_EQ(api.get(users("commerce-orders/o1")).json().at("total").at("amount"), "12.50");

    // The change feed.
    auto feed = api.get("/v1/organizations/" + org + "/changes");
    ASSERT_EQ(feed.status, 200);
    std::vector<std::string> ids;
    const auto feed_body = feed.json();
    for (const auto& c : feed_body.at("_embedded").at("items").as_array()) {
        ids.push_back(str(c.at("id")));
        EXPECT_EQ(c.at("operation"), "created");
        EXPECT_LE(c.at("seq").as_int64(), last_seq);
    }
    EXPECT_THAT(ids, Contains("o1"));
    EXPECT_THAT(ids, Contains("c1"));
    EXPECT_THAT(ids, Contains("p1"));

    // Seed 004: the customer, their order and its items.
    const auto customer_ref = id + ":c1";
    auto c = api.get("/erc/ecommerce/customers/" + customer_ref);
    ASSERT_EQ(c.status, 200) << c.body;
    EXPECT_EQ(c.json().at("email"), "ada@example.test");
    auto orders = api.get("/erc/ecommerce/customers/" + customer_ref + "/orders");
    ASSERT_EQ(orders.status, 200) << orders.body;
    const auto order_list = orders.json();
    ASSERT_EQ(order_list.at("_embedded").at("items").as_array().size(), 1u) << orders.body;
    const auto order_ref = str(order_list.at("_embedded").at("items").at(0).at("id"));
    auto items =
        api.get("/erc/ecommerce/customers/" + customer_ref + "/orders/" + order_ref + "/items");
    ASSERT_EQ(items.status, 200) << items.body;
    EXPECT_EQ(items.json().at("_embedded").at("items").as_array().size(), 2u) << items.body;

    // The same batch again changes nothing.
    auto same = push(batch({item("COMMERCE_ORDER", "o1", "2026-11-02T10:00:00Z", order)}));
    ASSERT_EQ(same.status, 200);
    EXPECT_EQ(same.json().at("written").as_int64(), 0);
    EXPECT_EQ(same.json().at("unchanged").as_int64(), 1);
}

TEST_F(CustomPush, AnOlderUpdateNeverOverwritesAndADeleteIsATombstone) {
    ASSERT_EQ(push(batch({item("COMMERCE_ORDER", "o1", "2026-11-02T10:00:00Z",
                               order_data("o1", "20.00"))}))
                  .status,
              200);
    auto older = push(
        batch({item("COMMERCE_ORDER", "o1", "2026-11-01T10:00:00Z", order_data("o1", "1.00"))}));
    ASSERT_EQ(older.status, 200) << older.body;
    EXPECT_EQ(older.json().at("written").as_int64(), 0);
    EXPECT_EQ(api.get(users("commerce-orders/o1")).json().at("total").at("amount"), "20.00");
    auto newer = push(batch(
        {item("COMMERCE_ORDER", "o1", "2026-11-03T10:00:00+01:00", order_data("o1", "30.00"))}));
    EXPECT_EQ(newer.json().at("written").as_int64(), 1);
    EXPECT_EQ(api.get(users("commerce-orders/o1")).json().at("total").at("amount"), "30.00");

    auto del = push(batch({json::object{{"type", "COMMERCE_ORDER"},
                                        {"external_id", "o1"},
                                        {"updated_at", "2026-11-04T10:00:00Z"},
                                        {"deleted", true}}}));
    ASSERT_EQ(del.status, 200) << del.body;
    EXPECT_EQ(del.json().at("written").as_int64(), 1);
    EXPECT_EQ(api.get(users("commerce-orders/o1")).status, 404);
    auto feed = api.get("/v1/organizations/" + org + "/changes").json();
    const auto& changes = feed.at("_embedded").at("items").as_array();
    ASSERT_FALSE(changes.empty());
    EXPECT_EQ(changes.back().at("operation"), "deleted");
    EXPECT_EQ(changes.back().at("id"), "o1");
}

TEST_F(CustomPush, OneBadRecordRejectsTheWholeBatchNamingItsPath) {
    auto bad_amount = order_data("o2", "1.00");
    bad_amount["total"].as_object()["amount"] = 10.5;
    auto bad_fields = customer_data("c9");
    bad_fields["favourite_colour"] = "blue";
    bad_fields["orders_count"] = "many";
    bad_fields["created_at"] = "yesterday";
    auto r =
        push(batch({item("COMMERCE_ORDER", "o1", "2026-11-02T10:00:00Z", order_data("o1", "1.00")),
                    item("COMMERCE_ORDER", "o2", "2026-11-02T10:00:00Z", bad_amount),
                    item("COMMERCE_CUSTOMER", "c9", "2026-11-02T10:00:00Z", bad_fields),
                    item("COMMERCE_WIDGET", "w1", "2026-11-02T10:00:00Z", {}),
                    item("COMMERCE_ORDER", std::string(256, 'x'), "2 Nov 2026",
                         order_data(std::string(256, 'x'), "1.00"))}));
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(code_of(r), "validation_failed");
    const auto names = field_names(r);
    EXPECT_THAT(names, Contains("records[1].data.total.amount"));
    EXPECT_THAT(names, Contains("records[2].data.favourite_colour"));
    EXPECT_THAT(names, Contains("records[2].data.orders_count"));
    EXPECT_THAT(names, Contains("records[2].data.created_at"));
    EXPECT_THAT(names, Contains("records[3].type"));
    EXPECT_THAT(names, Contains("records[4].external_id"));
    EXPECT_THAT(names, Contains("records[4].updated_at"));
    EXPECT_THAT(names, Not(Contains(::testing::StartsWith("records[0]"))));
    // Nothing stored, not even the good record.
    EXPECT_EQ(count("commerce-orders"), 0);
    EXPECT_EQ(count("commerce-customers"), 0);

    // A money amount that is a string but not a decimal; an id that is not the external id.
    auto odd = order_data("o3", "1,50");
    auto r2 = push(batch({item("COMMERCE_ORDER", "o4", "2026-11-02T10:00:00Z", odd)}));
    ASSERT_EQ(r2.status, 400);
    EXPECT_THAT(field_names(r2), Contains("records[0].data.total.amount"));
    EXPECT_THAT(field_names(r2), Contains("records[0].data.id"));
    auto not_json = push("{\"records\": [");
    EXPECT_EQ(not_json.status, 400);
    EXPECT_EQ(code_of(not_json), "invalid_json");
}

TEST_F(CustomPush, ABatchHoldsAtMostAThousandRecords) {
    json::array many;
    for (int i = 0; i < 1001; ++i) {
        const auto ext = "c" + std::to_string(i);
        many.push_back(item("COMMERCE_CUSTOMER", ext, "2026-11-02T10:00:00Z", customer_data(ext)));
    }
    auto over = push(batch(many));
    ASSERT_EQ(over.status, 400) << over.body.substr(0, 500);
    EXPECT_THAT(field_names(over), Contains("records"));
    EXPECT_EQ(count("commerce-customers"), 0);
    many.pop_back();
    auto full = push(batch(std::move(many)));
    ASSERT_EQ(full.status, 200) << full.body.substr(0, 500);
    EXPECT_EQ(full.json().at("written").as_int64(), 1000);
    EXPECT_EQ(push(batch({})).status, 400);
}

TEST_F(CustomPush, SignedPushesRefuseBadSignaturesStaleTimestampsAndReplays) {
    const auto body =
        batch({item("COMMERCE_ORDER", "o1", "2026-11-02T10:00:00Z", order_data("o1", "5.00"))});
    auto ok = push_signed(body, "msg_a", secret);
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.json().at("status"), "accepted");
    EXPECT_EQ(ok.json().at("written").as_int64(), 1);
    EXPECT_EQ(api.get(users("commerce-orders/o1")).json().at("total").at("amount"), "5.00");

    // The same webhook-id again, even with a newer, validly signed batch: nothing written.
    const auto newer =
        batch({item("COMMERCE_ORDER", "o1", "2026-11-05T10:00:00Z", order_data("o1", "9.00"))});
    auto replay = push_signed(newer, "msg_a", secret);
    ASSERT_EQ(replay.status, 200) << replay.body;
    EXPECT_EQ(replay.json().at("status"), "duplicate");
    EXPECT_EQ(replay.json().at("written").as_int64(), 0);
    EXPECT_EQ(api.get(users("commerce-orders/o1")).json().at("total").at("amount"), "5.00");

    auto stale = push_signed(newer, "msg_b", secret, 6 * 60);
    EXPECT_EQ(stale.status, 401);
    EXPECT_EQ(code_of(stale), "invalid_webhook_signature");
    auto forged =
        push_signed(newer, "msg_c", "whsec_" + crypto::base64_encode(std::string(24, 'k')));
    EXPECT_EQ(forged.status, 401);
    EXPECT_EQ(code_of(forged), "invalid_webhook_signature");
    auto unsigned_push = send(server.port(), {"POST", "/webhooks/custom/" + id, {}, newer});
    EXPECT_EQ(unsigned_push.status, 401);
    EXPECT_EQ(push_signed(newer, "msg_d", secret, 0, "int_nosuch").status, 401);
    EXPECT_EQ(api.get(users("commerce-orders/o1")).json().at("total").at("amount"), "5.00");

    // A signed batch is validated like the bearer one.
    auto bad = order_data("o2", "x");
    auto invalid = push_signed(batch({item("COMMERCE_ORDER", "o2", "2026-11-02T10:00:00Z", bad)}),
                               "msg_e", secret);
    EXPECT_EQ(invalid.status, 400);
    EXPECT_THAT(field_names(invalid), Contains("records[0].data.total.amount"));
    // The refused id was not used up: the corrected batch goes through under it.
    auto fixed = push_signed(
        batch({item("COMMERCE_ORDER", "o2", "2026-11-02T10:00:00Z", order_data("o2", "7.00"))}),
        "msg_e", secret);
    EXPECT_EQ(fixed.status, 200) << fixed.body;
    EXPECT_EQ(fixed.json().at("status"), "accepted");
}

TEST_F(CustomPush, OnlyCustomIntegrationsTakePushes) {
    auto shopify = api.create(
        base, R"({"name":"Shop","connector_id":"shopify",)"
              R"("credentials":{"shop_domain":"acme.myshopify.com","access_token":"shpat_x"}})");
    EXPECT_FALSE(shopify.contains("push_secret"));
    const auto body =
        batch({item("COMMERCE_ORDER", "o1", "2026-11-02T10:00:00Z", order_data("o1", "5.00"))});
    auto r = api.post(base + "/" + str(shopify.at("id")) + "/records", body);
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(code_of(r), "conflict");
    EXPECT_EQ(push_signed(body, "msg_1", secret, 0, str(shopify.at("id"))).status, 401);
    EXPECT_EQ(api.post(base + "/int_nosuch/records", body).status, 404);
    EXPECT_EQ(count("commerce-orders"), 0);
}

TEST_F(CustomPush, TheIdempotencyKeyReplaysTheAnswer) {
    const auto body =
        batch({item("COMMERCE_ORDER", "o1", "2026-11-02T10:00:00Z", order_data("o1", "5.00"))});
    auto first = push(body, {{"Idempotency-Key", "push-1"}});
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.json().at("written").as_int64(), 1);
    auto second = push(body, {{"Idempotency-Key", "push-1"}});
    ASSERT_EQ(second.status, 200);
    EXPECT_EQ(second.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(second.json(), first.json());
    auto other = push(batch({}), {{"Idempotency-Key", "push-1"}});
    EXPECT_EQ(other.status, 422) << other.body;
    EXPECT_EQ(code_of(other), "idempotency_key_reused");
}

}  // namespace sb::test
