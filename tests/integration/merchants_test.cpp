#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "common/api_client.hpp"
#include "common/test_env.hpp"

namespace sb::test {

namespace {

using ::testing::Contains;

class Merchants : public ::testing::Test {
  protected:
    TestServer server;
    Api api{server.port(), server.token()};

    std::string create_org(const std::string& name) {
        return str(api.create("/v1/organizations", R"({"name":")" + name + R"("})").at("id"));
    }
};

}  // namespace

TEST_F(Merchants, CreateGetUpdateDeleteAsOrganization) {
    auto r = api.post("/v1/organizations",
                      R"({"name":"Acme Shoes","external_id":"crm-42","email":"ops@acme.test"})");
    ASSERT_EQ(r.status, 201) << r.body;
    auto m = r.json().as_object();
    const auto id = str(m.at("id"));
    EXPECT_EQ(r.header("Location"),
              "http://127.0.0.1:" + std::to_string(server.port()) + "/v1/organizations/" + id);
    EXPECT_EQ(r.header("ETag"), "\"v1\"");
    EXPECT_EQ(m.at("external_id"), "crm-42");

    auto g = api.get("/v1/organizations/" + id);
    ASSERT_EQ(g.status, 200);
    EXPECT_EQ(g.json().at("name"), "Acme Shoes");

    auto u =
        api.put("/v1/organizations/" + id, R"({"name":"Acme Boots"})", {{"If-Match", "\"v1\""}});
    ASSERT_EQ(u.status, 200) << u.body;
    EXPECT_EQ(u.json().at("name"), "Acme Boots");
    EXPECT_EQ(u.header("ETag"), "\"v2\"");
    EXPECT_TRUE(u.json().at("external_id").is_null());  // PUT replaces

    auto stale =
        api.put("/v1/organizations/" + id, R"({"name":"Lost update"})", {{"If-Match", "\"v1\""}});
    EXPECT_EQ(stale.status, 412);
    EXPECT_EQ(code_of(stale), "precondition_failed");
    EXPECT_EQ(api.get("/v1/organizations/" + id).json().at("name"), "Acme Boots");

    EXPECT_EQ(api.del("/v1/organizations/" + id, {{"If-Match", "\"v1\""}}).status, 412);
    EXPECT_EQ(api.del("/v1/organizations/" + id, {{"If-Match", "\"v2\""}}).status, 204);
    auto gone = api.get("/v1/organizations/" + id);
    EXPECT_EQ(gone.status, 404);
    EXPECT_EQ(code_of(gone), "not_found");
}

TEST_F(Merchants, OrganizationsAndUsersAreTheSameEntity) {
    const auto id = create_org("Shared");
    auto as_user = api.get("/api/v6/users/" + id);
    ASSERT_EQ(as_user.status, 200);
    EXPECT_EQ(as_user.json().at("name"), "Shared");
    EXPECT_NE(str(as_user.json().at("_links").at("self").at("href")).find("/api/v6/users/" + id),
              std::string::npos);
    auto created = api.create("/api/v6/users", R"({"name":"Via users"})");
    EXPECT_EQ(api.get("/v1/organizations/" + str(created.at("id"))).status, 200);
}

TEST_F(Merchants, ValidationNamesEachBadField) {
    auto r =
        api.post("/v1/organizations", R"({"email":"not-an-email","nickname":"x","external_id":7})");
    ASSERT_EQ(r.status, 400);
    EXPECT_EQ(code_of(r), "validation_failed");
    auto names = field_names(r);
    EXPECT_THAT(names, Contains("name"));
    EXPECT_THAT(names, Contains("email"));
    EXPECT_THAT(names, Contains("nickname"));
    EXPECT_THAT(names, Contains("external_id"));
    EXPECT_EQ(api.post("/v1/organizations", "[1]").status, 400);
    EXPECT_EQ(code_of(api.post("/v1/organizations", "{")), "invalid_json");
}

TEST_F(Merchants, KeysetPaginationVisitsEveryRowOnceInOrder) {
    std::set<std::string> created;
    for (int i = 0; i < 7; ++i)
        created.insert(create_org("m" + std::to_string(i)));
    for (const std::string order : {"created_at:asc", "name:desc", "updated_at:desc"}) {
        std::vector<std::string> seen_names;
        std::set<std::string> seen;
        std::string next = "/v1/organizations?limit=3&order_by=" + order;
        int pages = 0;
        while (!next.empty()) {
            auto r = api.get(next);
            ASSERT_EQ(r.status, 200) << r.body;
            auto body = r.json().as_object();
            for (const auto& item : body.at("_embedded").at("items").as_array()) {
                EXPECT_TRUE(seen.insert(str(item.at("id"))).second) << "duplicate on " << order;
                seen_names.push_back(str(item.at("name")));
            }
            ++pages;
            next.clear();
            if (auto* n = body.at("_links").as_object().if_contains("next")) {
                const auto href = str(n->at("href"));
                next = href.substr(href.find("/v1/"));
            }
        }
        EXPECT_EQ(seen, created) << order;
        EXPECT_EQ(pages, 3) << order;
        if (order == "name:desc") {
            EXPECT_TRUE(std::is_sorted(seen_names.rbegin(), seen_names.rend()));
        }
    }
}

TEST_F(Merchants, BadListParametersAre400) {
    EXPECT_EQ(code_of(api.get("/v1/organizations?limit=0")), "validation_failed");
    EXPECT_EQ(code_of(api.get("/v1/organizations?limit=abc")), "validation_failed");
    EXPECT_EQ(code_of(api.get("/v1/organizations?order_by=secret:asc")), "validation_failed");
    EXPECT_EQ(code_of(api.get("/v1/organizations?order_by=name:sideways")), "validation_failed");
    EXPECT_EQ(code_of(api.get("/v1/organizations?cursor=garbage")), "invalid_cursor");
    for (int i = 0; i < 3; ++i)
        create_org("p" + std::to_string(i));
    auto first = api.get("/v1/organizations?limit=1").json();
    auto href = str(first.at("_links").at("next").at("href"));
    auto cursor = href.substr(href.find("cursor=") + 7);
    // Tampering with the cursor, or using it with another order, is refused.
    std::string tampered = cursor;
    tampered[2] = tampered[2] == 'A' ? 'B' : 'A';
    EXPECT_EQ(code_of(api.get("/v1/organizations?limit=1&cursor=" + tampered)), "invalid_cursor");
    EXPECT_EQ(code_of(api.get("/v1/organizations?limit=1&order_by=name:asc&cursor=" + cursor)),
              "invalid_cursor");
    EXPECT_EQ(api.get("/v1/organizations?limit=1&cursor=" + cursor).status, 200);
}

TEST_F(Merchants, DeletingAMerchantWithIntegrationsNeedsForce) {
    const auto id = create_org("With store");
    api.create(
        "/v1/organizations/" + id + "/integrations",
        R"({"name":"Shop","connector_id":"shopify","credentials":{"shop_domain":"a.myshopify.com"}})");
    auto blocked = api.del("/v1/organizations/" + id);
    EXPECT_EQ(blocked.status, 409);
    EXPECT_EQ(code_of(blocked), "merchant_has_integrations");
    EXPECT_EQ(code_of(api.del("/v1/organizations/" + id + "?force=maybe")), "validation_failed");
    EXPECT_EQ(api.del("/v1/organizations/" + id + "?force=true").status, 204);
    EXPECT_EQ(api.get("/v1/organizations/" + id).status, 404);
}

TEST_F(Merchants, OtherAccountsIdsAreNotFound) {
    const auto id = create_org("Mine");
    auto& auth = server.app().auth();
    auth.create_account("rival");
    auto c = auth.create_client("rival", {"organizations:read", "organizations:write"});
    Api rival(server.port(), auth.issue_token(c.client_id, c.client_secret, {}).access_token);
    EXPECT_EQ(rival.get("/v1/organizations/" + id).status, 404);
    EXPECT_EQ(rival.put("/v1/organizations/" + id, R"({"name":"Stolen"})").status, 404);
    EXPECT_EQ(rival.del("/v1/organizations/" + id).status, 404);
    EXPECT_EQ(rival.get("/v1/organizations").json().at("count").as_int64(), 0);
    EXPECT_EQ(api.get("/v1/organizations/" + id).json().at("name"), "Mine");
}

TEST_F(Merchants, ScopesAreEnforced) {
    auto c = server.app().auth().create_client("admin", {"organizations:read"});
    Api reader(server.port(),
               server.app().auth().issue_token(c.client_id, c.client_secret, {}).access_token);
    EXPECT_EQ(reader.get("/v1/organizations").status, 200);
    auto denied = reader.post("/v1/organizations", R"({"name":"x"})");
    EXPECT_EQ(denied.status, 403);
    EXPECT_EQ(code_of(denied), "insufficient_scope");
    EXPECT_EQ(reader.get("/v1/connectors").status, 403);
}

TEST_F(Merchants, IdempotencyKeyReplaysInsteadOfDuplicating) {
    const std::string body = R"({"name":"Once"})";
    auto a = api.post("/v1/organizations", body, {{"Idempotency-Key", "k-1"}});
    auto b = api.post("/v1/organizations", body, {{"Idempotency-Key", "k-1"}});
    ASSERT_EQ(a.status, 201);
    ASSERT_EQ(b.status, 201);
    EXPECT_EQ(a.json().at("id"), b.json().at("id"));
    EXPECT_EQ(b.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(a.header("Location"), b.header("Location"));
    EXPECT_EQ(api.get("/v1/organizations").json().at("count").as_int64(), 1);
    auto other = api.post("/v1/organizations", R"({"name":"Other"})", {{"Idempotency-Key", "k-1"}});
    EXPECT_EQ(other.status, 422);
    EXPECT_EQ(code_of(other), "idempotency_key_reused");
    // A failed request is replayed as the same failure, not run again.
    auto bad1 = api.post("/v1/organizations", R"({"name":""})", {{"Idempotency-Key", "k-2"}});
    auto bad2 = api.post("/v1/organizations", R"({"name":""})", {{"Idempotency-Key", "k-2"}});
    EXPECT_EQ(bad1.status, 400);
    EXPECT_EQ(bad2.status, 400);
    EXPECT_EQ(bad2.body, bad1.body);
}

}  // namespace sb::test
