// Seed 003's commerce reads and the change feed, over data synced from the emulated store.
#include <set>

#include "shopify_hub.hpp"

namespace sb::test {

namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

class CommerceApi : public ShopifyHub {
  protected:
    void SetUp() override {
        c = connect(
            R"(["COMMERCE_LOCATION","COMMERCE_CUSTOMER","COMMERCE_PRODUCT","COMMERCE_ORDER"])");
        auto jobs = wait_for_jobs(c, 4);
        for (const auto& j : jobs.at("_embedded").at("items").as_array())
            ASSERT_EQ(j.at("status"), "succeeded") << json::serialize(j);
    }

    std::string list_path(const std::string& what) const {
        return "/api/v6/users/" + c.user + "/commerce-" + what;
    }

    // Every item of a list, following _links.next from `first`.
    std::vector<json::object> all_pages(const std::string& first, int* pages = nullptr) {
        std::vector<json::object> out;
        std::string next = first;
        int n = 0;
        while (!next.empty()) {
            auto r = api.get(next);
            EXPECT_EQ(r.status, 200) << r.body;
            if (r.status != 200)
                break;
            const auto body = r.json();
            for (const auto& item : body.at("_embedded").at("items").as_array())
                out.push_back(item.as_object());
            next.clear();
            if (const auto* link = body.at("_links").as_object().if_contains("next")) {
                const auto href = str(link->at("href"));
                next = href.substr(href.find("/api/"));
            }
            ++n;
        }
        if (pages)
            *pages = n;
        return out;
    }

    Connected c;
};

}  // namespace

TEST_F(CommerceApi, EveryListHasEachRecordOfTheStoreOnce) {
    const auto stats = store_stats().at("records");
    const std::pair<const char*, const char*> lists[] = {{"orders", "orders"},
                                                         {"customers", "customers"},
                                                         {"products", "products"},
                                                         {"locations", "locations"}};
    for (const auto& [what, stat] : lists) {
        int pages = 0;
        const auto items = all_pages(list_path(what) + "?limit=37", &pages);
        std::set<std::string> ids;
        for (const auto& item : items) {
            ids.insert(str(item.at("id")));
            EXPECT_EQ(str(item.at("data_connection_id")), c.id);
            EXPECT_TRUE(item.contains("synced_at"));
        }
        EXPECT_EQ(static_cast<std::int64_t>(items.size()), stats.at(stat).as_int64()) << what;
        EXPECT_EQ(ids.size(), items.size()) << what << ": an item was repeated";
        EXPECT_EQ(pages, static_cast<int>((items.size() + 36) / 37)) << what;
    }
    // The filters: one data connection, and a window of platform change times.
    const auto orders = all_pages(list_path("orders") + "?limit=200");
    ASSERT_GT(orders.size(), 10u);
    EXPECT_EQ(all_pages(list_path("orders") + "?limit=200&data_connection_id=" + c.id).size(),
              orders.size());
    const auto pivot = str(orders[orders.size() / 2].at("updated_at"));
    const auto later = all_pages(list_path("orders") + "?limit=50&updated_after=" + pivot);
    const auto earlier = all_pages(list_path("orders") + "?updated_before=" + pivot);
    std::size_t at_pivot = 0;
    for (const auto& o : orders)
        at_pivot += str(o.at("updated_at")) == pivot ? 1 : 0;
    EXPECT_EQ(later.size() + earlier.size() + at_pivot, orders.size());
    for (const auto& o : later)
        EXPECT_GT(str(o.at("updated_at")), pivot);
}

TEST_F(CommerceApi, BadQueriesAndOtherAccountsAreRefused) {
    auto expect_field = [&](const std::string& path, const std::string& field) {
        auto r = api.get(path);
        EXPECT_EQ(r.status, 400) << path << " " << r.body;
        EXPECT_EQ(field_names(r), std::vector<std::string>{field}) << path;
    };
    expect_field(list_path("orders") + "?limit=0", "limit");
    expect_field(list_path("orders") + "?limit=201", "limit");
    expect_field(list_path("orders") + "?limit=ten", "limit");
    expect_field(list_path("orders") + "?updated_after=yesterday", "updated_after");
    expect_field(list_path("orders") + "?cursor=abc.def", "cursor");
    EXPECT_EQ(code_of(api.get(list_path("orders") + "?cursor=abc.def")), "invalid_cursor");

    // A real cursor, replayed on another list or with other filters, or altered: 400.
    auto first = api.get(list_path("orders") + "?limit=5").json();
    const auto next = str(first.at("_links").at("next").at("href"));
    const auto cursor = next.substr(next.find("cursor=") + 7);
    EXPECT_EQ(api.get(list_path("orders") + "?limit=5&cursor=" + cursor).status, 200);
    EXPECT_EQ(api.get(list_path("customers") + "?limit=5&cursor=" + cursor).status, 400);
    EXPECT_EQ(api.get(list_path("orders") +
                      "?limit=5&updated_after=2020-01-01T00:00:00Z&cursor=" + cursor)
                  .status,
              400);
    std::string altered = cursor;
    altered[altered.size() / 3] = altered[altered.size() / 3] == 'A' ? 'B' : 'A';
    EXPECT_EQ(api.get(list_path("orders") + "?limit=5&cursor=" + altered).status, 400);

    // Unknown user, another user's data connection, another account: 404.
    EXPECT_EQ(api.get("/api/v6/users/org_nosuch/commerce-orders").status, 404);
    const auto other = str(api.create("/api/v6/users", R"({"name":"Other"})").at("id"));
    EXPECT_EQ(api.get("/api/v6/users/" + other + "/commerce-orders").json().at("count"), 0);
    EXPECT_EQ(
        api.get("/api/v6/users/" + other + "/commerce-orders?data_connection_id=" + c.id).status,
        404);
    auto& auth = hub.app().auth();
    auth.create_account("rival");
    auto client = auth.create_client("rival", {"commerce:read"});
    Api rival(hub.port(),
              auth.issue_token(client.client_id, client.client_secret, {}).access_token);
    EXPECT_EQ(rival.get(list_path("orders")).status, 404);
    EXPECT_EQ(rival.get("/v1/organizations/" + c.user + "/changes").status, 404);
    // Without the scope: 403.
    auto narrow = auth.create_client("rival", {"integrations:read"});
    Api unscoped(hub.port(),
                 auth.issue_token(narrow.client_id, narrow.client_secret, {}).access_token);
    EXPECT_EQ(unscoped.get(list_path("orders")).status, 403);
}

TEST_F(CommerceApi, PagingNeverRepeatsOrSkipsWhileOrdersArrive) {
    // Orders created in the store between pages arrive through webhooks; the walk sees every
    // order that existed when it started exactly once.
    const auto before = all_pages(list_path("orders") + "?limit=200");
    std::set<std::string> seen;
    std::string next = list_path("orders") + "?limit=25";
    int created = 0;
    while (!next.empty()) {
        auto body = api.get(next).json();
        for (const auto& item : body.at("_embedded").at("items").as_array())
            EXPECT_TRUE(seen.insert(str(item.at("id"))).second) << "repeated " << item.at("id");
        next.clear();
        if (const auto* link = body.at("_links").as_object().if_contains("next")) {
            const auto href = str(link->at("href"));
            next = href.substr(href.find("/api/"));
        }
        if (created < 5) {
            ASSERT_EQ(send(store.port(), {"POST", "/_emulator/orders", {}, "{}"}).status, 201);
            ++created;
        }
        std::this_thread::sleep_for(20ms);
    }
    for (const auto& o : before)
        EXPECT_EQ(seen.count(str(o.at("id"))), 1u) << "skipped " << o.at("id");
}

TEST_F(CommerceApi, TheChangeFeedGivesEveryChangeOnceInCommitOrder) {
    std::int64_t after = 0;
    std::set<std::string> seen;
    std::int64_t last_seq = 0;
    for (;;) {
        auto r = api.get("/v1/organizations/" + c.user +
                         "/changes?limit=500&after=" + std::to_string(after));
        ASSERT_EQ(r.status, 200) << r.body;
        const auto body = r.json();
        for (const auto& ch : body.at("_embedded").at("changes").as_array()) {
            EXPECT_GT(ch.at("seq").as_int64(), last_seq);
            last_seq = ch.at("seq").as_int64();
            EXPECT_TRUE(seen.insert(str(ch.at("type")) + "/" + str(ch.at("id"))).second);
            EXPECT_EQ(ch.at("operation"), "created");
        }
        after = body.at("next_after").as_int64();
        if (!body.at("_links").as_object().contains("next"))
            break;
    }
    const auto stats = store_stats().at("records");
    EXPECT_EQ(static_cast<std::int64_t>(seen.size()),
              stats.at("orders").as_int64() + stats.at("customers").as_int64() +
                  stats.at("products").as_int64() + stats.at("locations").as_int64());
    // Nothing new: an empty page that keeps the position.
    auto idle =
        api.get("/v1/organizations/" + c.user + "/changes?after=" + std::to_string(after)).json();
    EXPECT_EQ(idle.at("count"), 0);
    EXPECT_EQ(idle.at("next_after"), after);

    // An edit in the store is one "updated" change after that position.
    const auto order_id = str(api.get(list_path("orders") + "?limit=1")
                                  .json()
                                  .at("_embedded")
                                  .at("items")
                                  .at(0)
                                  .at("id"));
    ASSERT_EQ(
        send(store.port(), {"PUT", "/_emulator/orders/" + order_id, {}, R"({"note":"x"})"}).status,
        200);
    json::value changes;
    EXPECT_TRUE(eventually([&] {
        changes = api.get("/v1/organizations/" + c.user + "/changes?after=" + std::to_string(after))
                      .json();
        return changes.at("count").as_int64() > 0;
    }));
    const auto& list = changes.at("_embedded").at("changes").as_array();
    ASSERT_EQ(list.size(), 1u) << json::serialize(changes);
    EXPECT_EQ(list[0].at("operation"), "updated");
    EXPECT_EQ(list[0].at("id"), order_id.c_str());
    EXPECT_EQ(list[0].at("data").at("note"), "x");
    EXPECT_EQ(api.get("/v1/organizations/" + c.user + "/changes?after=-1").status, 400);
}

using ShopApi = ShopifyHub;

TEST_F(ShopApi, TheShopInSeed001sFieldsAndUpdateShopRefusedWhereThePlatformCannot) {
    const auto c = connect(R"(["COMMERCE_SHOP"])");
    const auto path = integration_path(c) + "/shop";
    wait_for_jobs(c, 1);
    auto got = api.get(path);
    ASSERT_EQ(got.status, 200) << got.body;
    const auto shop = got.json().at("shop");
    for (const char* key : {"id",
                            "name",
                            "email",
                            "domain",
                            "address1",
                            "address2",
                            "zip",
                            "city",
                            "phone",
                            "primary_locale",
                            "created_at",
                            "updated_at",
                            "country_code",
                            "currency",
                            "customer_email",
                            "timezone",
                            "shop_owner",
                            "account",
                            "province_code",
                            "icon",
                            "system_domain",
                            "root_url"})
        EXPECT_TRUE(shop.as_object().contains(key)) << key;
    EXPECT_EQ(shop.at("system_domain"), "acme.myshopify.com");
    EXPECT_EQ(shop.at("root_url"), "https://acme.myshopify.com");
    EXPECT_TRUE(shop.at("currency").is_string());

    auto bad = api.put(path, R"({"customer_email":"not an email"})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(field_names(bad), std::vector<std::string>{"customer_email"});
    EXPECT_EQ(field_names(api.put(path, R"({"customer_email":"a@b.co","extra":1})")),
              std::vector<std::string>{"extra"});
    // Shopify's Admin API has no way to set it: a clear 422, nothing pretended.
    auto refused = api.put(path, R"({"customer_email":"help@acme.example"})");
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(code_of(refused), "shop_update_not_supported");
    // The scope write_shop is needed.
    Api reader(hub.port(), hub.token("integrations:read"));
    EXPECT_EQ(reader.put(path, R"({"customer_email":"help@acme.example"})").status, 403);
    EXPECT_EQ(api.get("/v1/organizations/" + c.user + "/integrations/int_nosuch/shop").status, 404);
}

}  // namespace sb::test
