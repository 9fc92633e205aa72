#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/api_client.hpp"
#include "common/test_env.hpp"

namespace sb::test {

namespace {

constexpr const char* k_path = "/erc/ecommerce/shopify-webhooks-handler/credentials";

class Credentials : public ::testing::Test {
  protected:
    TestServer server;
    Api api{server.port(), server.token()};
};

const char* k_single = R"({
  "if_multiple_integration": false,
  "default_integration": {
    "integration_type": "SHOPIFY", "brand_name": "Acme Inc.", "brand_domain_id": "acme.com",
    "authorization_id": "auth-1234",
    "shopify_integration_credential": {"shop_domain": "acme.myshopify.com", "access_token": "shpat_default_tok",
                                       "api_secret_key": "shpss_default_key"}
  }
})";

}  // namespace

TEST_F(Credentials, NotFoundBeforeTheFirstUpsert) {
    auto r = api.get(k_path);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(code_of(r), "not_found");
}

TEST_F(Credentials, Seed000DefaultIntegrationUpsert) {
    auto r = api.put(k_path, k_single);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body.find("shpat_default_tok"), std::string::npos);
    EXPECT_EQ(r.body.find("shpss_default_key"), std::string::npos);
    auto body = r.json().as_object();
    EXPECT_TRUE(body.contains("id"));
    EXPECT_EQ(str(body.at("_links").at("self").at("href")),
              "http://127.0.0.1:" + std::to_string(server.port()) + k_path);
    const auto& e = body.at("_embedded");
    EXPECT_FALSE(e.at("if_multiple_integration").as_bool());
    const auto& d = e.at("default_integration");
    EXPECT_EQ(d.at("integration_type"), "SHOPIFY");
    EXPECT_EQ(d.at("brand_name"), "Acme Inc.");
    EXPECT_EQ(d.at("brand_domain_id"), "acme.com");
    EXPECT_EQ(d.at("authorization_id"), "auth-1234");
    EXPECT_EQ(d.at("shopify_integration_credential").at("access_token"), "********");
    EXPECT_EQ(d.at("shopify_integration_credential").at("shop_domain"), "acme.myshopify.com");
    EXPECT_EQ(api.get(k_path).body, r.body);
}

TEST_F(Credentials, MultipleIntegrationsReplaceTheSetAndKeepIds) {
    auto first = api.put(k_path, k_single).json();
    const auto shopify_id =
        str(first.at("_embedded").at("default_integration").at("integration_id"));
    auto r = api.put(k_path, R"({"if_multiple_integration": true, "multiple_integrations": [
        {"integration_type": "SHOPIFY", "brand_name": "Acme Inc.", "brand_domain_id": "acme.com",
         "shopify_integration_credential": {"shop_domain": "acme.myshopify.com", "access_token": "********"}},
        {"integration_type": "BIGCOMMERCE", "brand_name": "Acme EU", "brand_domain_id": "acme.eu",
         "credentials": {"store_hash": "h4sh", "access_token": "bc_tok"}},
        {"integration_type": "CUSTOM", "brand_name": "Acme Direct", "brand_domain_id": "direct.acme.com"}]})");
    ASSERT_EQ(r.status, 200) << r.body;
    auto items = r.json().at("_embedded").at("multiple_integrations").as_array();
    ASSERT_EQ(items.size(), 3u);
    std::string kept;
    for (const auto& it : items) {
        if (it.at("integration_type") == "SHOPIFY")
            kept = str(it.at("integration_id"));
    }
    EXPECT_EQ(kept, shopify_id);  // same platform and brand: same integration
    EXPECT_TRUE(r.json().at("_embedded").at("default_integration").is_null());

    // Back to one: the others are removed.
    auto one = api.put(k_path, k_single);
    ASSERT_EQ(one.status, 200);
    EXPECT_EQ(one.json().at("_embedded").at("multiple_integrations").as_array().size(), 0u);
    const auto merchant = str(one.json().at("id"));
    EXPECT_EQ(
        api.get("/v1/organizations/" + merchant + "/integrations").json().at("count").as_int64(),
        1);
}

TEST_F(Credentials, AnInvalidDocumentChangesNothing) {
    ASSERT_EQ(api.put(k_path, k_single).status, 200);
    const auto before = api.get(k_path).body;
    auto r = api.put(k_path, R"({"if_multiple_integration": true, "multiple_integrations": [
        {"integration_type": "SHOPIFY", "brand_domain_id": "new.com",
         "shopify_integration_credential": {"shop_domain": "new.myshopify.com"}},
        {"integration_type": "MAGENTO", "brand_domain_id": "m.com"},
        {"integration_type": "SHOPIFY", "brand_domain_id": "x.com", "shopify_integration_credential": {}}]})");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(code_of(r), "validation_failed");
    auto names = field_names(r);
    EXPECT_THAT(names, ::testing::Contains("multiple_integrations[1].integration_type"));
    EXPECT_THAT(names, ::testing::Contains(
                           "multiple_integrations[2].shopify_integration_credential.shop_domain"));
    EXPECT_EQ(api.get(k_path).body, before);
}

TEST_F(Credentials, AStoreAddressThatIsNotOneIsRefused) {
    // Issue 16, finding 1: the upsert took "bad domain", and the hub would then call it.
    for (const char* shop : {"bad domain", "127.0.0.1:19199", "localhost:19199/x?y=",
                             "acme.myshopify.com.evil.test", "169.254.169.254"}) {
        const std::string body =
            std::string(
                R"({"if_multiple_integration":false,"default_integration":{)"
                R"("integration_type":"SHOPIFY","brand_name":"A","brand_domain_id":"a.com",)"
                R"("shopify_integration_credential":{"shop_domain":")") +
            shop + R"(","access_token":"t"}}})";
        auto r = api.put(k_path, body);
        EXPECT_EQ(r.status, 400) << shop << ": " << r.body;
        EXPECT_THAT(
            field_names(r),
            ::testing::Contains("default_integration.shopify_integration_credential.shop_domain"))
            << shop;
    }
    EXPECT_EQ(api.get(k_path).status, 404);  // nothing was stored
}

TEST_F(Credentials, ShapeErrors) {
    EXPECT_THAT(field_names(api.put(k_path, R"({})")),
                ::testing::Contains("if_multiple_integration"));
    EXPECT_THAT(field_names(api.put(k_path, R"({"if_multiple_integration":false})")),
                ::testing::Contains("default_integration"));
    EXPECT_THAT(field_names(api.put(
                    k_path, R"({"if_multiple_integration":true,"multiple_integrations":[]})")),
                ::testing::Contains("multiple_integrations"));
    EXPECT_EQ(api.put(k_path, "nope").status, 400);
    EXPECT_EQ(api.call("PUT", k_path, "{}", {{"Content-Type", "text/plain"}}).status, 415);
    auto c = server.app().auth().create_client("admin", {"erc-ecommerce-credentials:read"});
    Api reader(server.port(),
               server.app().auth().issue_token(c.client_id, c.client_secret, {}).access_token);
    EXPECT_EQ(code_of(reader.put(k_path, k_single)), "insufficient_scope");
}

}  // namespace sb::test
