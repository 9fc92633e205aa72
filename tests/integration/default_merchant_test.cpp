// The account's default merchant, which seed 000's credentials upsert creates, made explicit:
// GET /v1/account names it, merchant lists mark it, it can be renamed, and it is not deleted
// while it holds integrations. And the audit log that deletions write, without a store.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "common/api_client.hpp"
#include "common/test_env.hpp"

namespace sb::test {

namespace {

namespace json = boost::json;

constexpr const char* k_credentials = "/erc/ecommerce/shopify-webhooks-handler/credentials";

const char* k_single = R"({
  "if_multiple_integration": false,
  "default_integration": {
    "integration_type": "SHOPIFY", "brand_name": "Acme Inc.", "brand_domain_id": "acme.com",
    "shopify_integration_credential": {"shop_domain": "acme.myshopify.com",
                                       "access_token": "shpat_default_tok"}
  }
})";

class DefaultMerchant : public ::testing::Test {
  protected:
    TestServer server;
    Api api{server.port(), server.token()};

    json::value account() {
        auto r = api.get("/v1/account");
        EXPECT_EQ(r.status, 200) << r.body;
        return r.json();
    }

    // The default merchant's id, through the credentials upsert.
    std::string upsert_credentials() {
        auto r = api.put(k_credentials, k_single);
        EXPECT_EQ(r.status, 200) << r.body;
        return str(r.json().at("id"));
    }

    json::value merchant(const std::string& id) {
        return api.get("/v1/organizations/" + id).json();
    }
};

}  // namespace

TEST_F(DefaultMerchant, TheAccountNamesItOnceItExists) {
    const auto before = account();
    ASSERT_TRUE(before.as_object().contains("default_merchant_id"));
    EXPECT_TRUE(before.at("default_merchant_id").is_null());
    EXPECT_FALSE(before.at("_links").as_object().contains("default_merchant"));

    const auto id = upsert_credentials();
    const auto after = account();
    EXPECT_EQ(after.at("default_merchant_id"), json::value(id));
    EXPECT_EQ(str(after.at("_links").at("default_merchant").at("href")),
              "http://127.0.0.1:" + std::to_string(server.port()) + "/v1/organizations/" + id);
    // A second upsert keeps the same merchant.
    EXPECT_EQ(upsert_credentials(), id);
    EXPECT_EQ(account().at("default_merchant_id"), json::value(id));
}

TEST_F(DefaultMerchant, ItIsListedAndMarkedLikeAnyOtherMerchant) {
    const auto other = str(api.create("/v1/organizations", R"({"name":"Globex"})").at("id"));
    const auto id = upsert_credentials();
    const auto m = merchant(id);
    EXPECT_EQ(m.at("name"), "Default merchant");
    EXPECT_EQ(m.at("is_account_default"), json::value(true));
    EXPECT_EQ(merchant(other).at("is_account_default"), json::value(false));

    auto list = api.get("/v1/organizations?limit=200").json();
    int defaults = 0;
    bool listed = false;
    for (const auto& item : list.at("_embedded").at("items").as_array()) {
        ASSERT_TRUE(item.at("is_account_default").is_bool());
        defaults += item.at("is_account_default").as_bool() ? 1 : 0;
        listed = listed || item.at("id") == json::value(id);
    }
    EXPECT_TRUE(listed);
    EXPECT_EQ(defaults, 1);
    // The same merchant under seed 003's users.
    EXPECT_EQ(api.get("/api/v6/users/" + id).json().at("is_account_default"), json::value(true));
}

TEST_F(DefaultMerchant, ItCanBeRenamedAndTheNameStays) {
    const auto id = upsert_credentials();
    auto r = api.put("/v1/organizations/" + id, R"({"name":"Acme own stores"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().at("name"), "Acme own stores");
    EXPECT_EQ(r.json().at("is_account_default"), json::value(true));
    // The next upsert neither renames it nor makes another.
    EXPECT_EQ(upsert_credentials(), id);
    EXPECT_EQ(merchant(id).at("name"), "Acme own stores");
    EXPECT_EQ(account().at("default_merchant_id"), json::value(id));
}

TEST_F(DefaultMerchant, ItIsNotDeletedWhileItHasIntegrationsEvenWithForce) {
    const auto id = upsert_credentials();
    for (const char* path : {"", "?force=true"}) {
        auto r = api.del("/v1/organizations/" + id + path);
        EXPECT_EQ(r.status, 409) << path;
        EXPECT_EQ(code_of(r), "merchant_has_integrations") << path;
    }
    EXPECT_EQ(merchant(id).at("id"), json::value(id));

    // Once its integrations are deleted (they stay only as tombstone holders), it goes.
    const auto integrations =
        api.get("/v1/organizations/" + id + "/integrations").json().at("_embedded").at("items");
    ASSERT_EQ(integrations.as_array().size(), 1u);
    const auto integration = str(integrations.as_array().front().at("id"));
    ASSERT_EQ(api.del("/v1/organizations/" + id + "/integrations/" + integration).status, 204);
    ASSERT_EQ(api.del("/v1/organizations/" + id).status, 204);
    EXPECT_TRUE(account().at("default_merchant_id").is_null());
    // The next upsert makes a new one.
    const auto again = upsert_credentials();
    EXPECT_NE(again, id);
    EXPECT_EQ(account().at("default_merchant_id"), json::value(again));
}

TEST_F(DefaultMerchant, AnotherMerchantWithOnlyDeletedIntegrationsIsDeletable) {
    const auto org = str(api.create("/v1/organizations", R"({"name":"Globex"})").at("id"));
    const auto i = api.create("/v1/organizations/" + org + "/integrations",
                              R"({"name":"Direct","connector_id":"custom"})");
    const auto path = "/v1/organizations/" + org + "/integrations/" + str(i.at("id"));
    EXPECT_EQ(api.del("/v1/organizations/" + org).status, 409);
    ASSERT_EQ(api.del(path).status, 204);
    EXPECT_EQ(api.del("/v1/organizations/" + org).status, 204);
}

TEST_F(DefaultMerchant, TheAuditLogListsDeletionsNewestFirstAndPages) {
    const auto org = str(api.create("/v1/organizations", R"({"name":"Globex"})").at("id"));
    std::vector<std::string> ids;
    for (const char* name : {"First", "Second", "Third"}) {
        const auto i =
            api.create("/v1/organizations/" + org + "/integrations",
                       std::string(R"({"connector_id":"custom","name":")") + name + R"("})");
        ids.push_back(str(i.at("id")));
    }
    for (const auto& id : ids) {
        ASSERT_EQ(api.del("/v1/organizations/" + org + "/integrations/" + id).status, 204);
        // created_at has millisecond resolution: keep the three apart.
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }

    std::vector<std::string> seen;
    std::string next = "/v1/audit-log?limit=2";
    while (!next.empty()) {
        auto r = api.get(next);
        ASSERT_EQ(r.status, 200) << r.body;
        const auto body = r.json();
        for (const auto& e : body.at("_embedded").at("items").as_array()) {
            EXPECT_EQ(e.at("action"), "integration.deleted");
            EXPECT_EQ(e.at("actor"), json::value(server.client_id()));
            EXPECT_EQ(e.at("detail").at("connector_id"), "custom");
            EXPECT_EQ(e.at("detail").at("unsubscribe"), "not_supported");
            EXPECT_EQ(e.at("detail").at("records_tombstoned").as_int64(), 0);
            seen.push_back(str(e.at("subject_id")));
        }
        const auto& links = body.at("_links").as_object();
        next.clear();
        if (links.contains("next")) {
            const auto href = str(links.at("next").at("href"));
            next = href.substr(href.find("/v1/"));
        }
    }
    EXPECT_EQ(seen, (std::vector<std::string>{ids[2], ids[1], ids[0]}));

    auto asc = api.get("/v1/audit-log?order_by=created_at:asc").json();
    EXPECT_EQ(asc.at("_embedded").at("items").as_array().front().at("subject_id"),
              json::value(ids[0]));
    EXPECT_EQ(code_of(api.get("/v1/audit-log?order_by=actor")), "validation_failed");
}

TEST_F(DefaultMerchant, TheAuditLogNeedsAccountRead) {
    Api narrow{server.port(), server.token("integrations:read")};
    auto r = narrow.get("/v1/audit-log");
    EXPECT_EQ(r.status, 403);
}

}  // namespace sb::test
