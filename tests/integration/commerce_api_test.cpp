// Seed 003's commerce reads and the change feed, over data synced from the emulated store.
#include <algorithm>
#include <cctype>
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

    // The ids of `items` that `keep` selects.
    template <class Keep>
    static std::set<std::string> ids_of(const std::vector<json::object>& items, Keep keep) {
        std::set<std::string> out;
        for (const auto& i : items) {
            if (keep(i))
                out.insert(str(i.at("id")));
        }
        return out;
    }

    std::set<std::string> ids_of(const std::string& first) {
        return ids_of(all_pages(first), [](const json::object&) { return true; });
    }

    static std::string text_or_empty(const json::object& item, const char* key) {
        const auto& v = item.at(key);
        return v.is_string() ? str(v) : std::string();
    }

    Connected c;
};

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    return s;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return s;
}

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
        // `items` like every list; `changes`, the deprecated key, is the same array for one
        // more release.
        EXPECT_EQ(body.at("_embedded").at("changes"), body.at("_embedded").at("items"));
        EXPECT_EQ(static_cast<std::int64_t>(body.at("_embedded").at("items").as_array().size()),
                  body.at("count").as_int64());
        for (const auto& ch : body.at("_embedded").at("items").as_array()) {
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
    const auto& list = changes.at("_embedded").at("items").as_array();
    ASSERT_EQ(list.size(), 1u) << json::serialize(changes);
    EXPECT_EQ(list[0].at("operation"), "updated");
    EXPECT_EQ(list[0].at("id"), order_id.c_str());
    EXPECT_EQ(list[0].at("data").at("note"), "x");
    EXPECT_EQ(api.get("/v1/organizations/" + c.user + "/changes?after=-1").status, 400);
}

TEST_F(CommerceApi, EveryListPagesInEachOrderEitherWayWithEveryRecordOnce) {
    for (const char* what : {"orders", "customers", "products", "locations"}) {
        const auto everything = ids_of(list_path(what) + "?limit=200");
        ASSERT_GE(everything.size(), 3u) << what;
        const auto limit = std::max<std::size_t>(1, everything.size() / 4);
        for (const char* field : {"updated_at", "created_at"}) {
            for (const bool desc : {false, true}) {
                const std::string order = std::string(field) + (desc ? ":desc" : ":asc");
                int pages = 0;
                const auto items = all_pages(
                    list_path(what) + "?order_by=" + order + "&limit=" + std::to_string(limit),
                    &pages);
                EXPECT_GE(pages, 3) << what << " " << order;
                EXPECT_EQ(pages, static_cast<int>((items.size() + limit - 1) / limit));
                EXPECT_EQ(ids_of(items, [](const json::object&) { return true; }), everything)
                    << what << " " << order;
                EXPECT_EQ(items.size(), everything.size()) << what << " " << order << ": repeated";
                // Ties on the time are broken by data connection and id, the same way.
                for (std::size_t i = 1; i < items.size(); ++i) {
                    const auto key = [&](const json::object& o) {
                        return std::make_tuple(text_or_empty(o, field),
                                               str(o.at("data_connection_id")), str(o.at("id")));
                    };
                    const auto a = key(items[i - 1]), b = key(items[i]);
                    EXPECT_TRUE(desc ? a > b : a < b)
                        << what << " " << order << " at " << i << ": " << std::get<0>(a) << " "
                        << std::get<2>(a) << " then " << std::get<0>(b) << " " << std::get<2>(b);
                }
            }
        }
    }
    // A cursor holds for its order only.
    auto first = api.get(list_path("orders") + "?limit=5&order_by=created_at:desc").json();
    const auto next = str(first.at("_links").at("next").at("href"));
    const auto cursor = next.substr(next.find("cursor=") + 7);
    EXPECT_EQ(
        api.get(list_path("orders") + "?limit=5&order_by=created_at:desc&cursor=" + cursor).status,
        200);
    for (const char* other : {"created_at:asc", "updated_at:desc", "updated_at:asc"}) {
        auto r = api.get(list_path("orders") + "?limit=5&order_by=" + other + "&cursor=" + cursor);
        EXPECT_EQ(r.status, 400) << other;
        EXPECT_EQ(code_of(r), "invalid_cursor") << other;
    }
}

TEST_F(CommerceApi, EachFilterSelectsExactlyWhatItNames) {
    const auto orders = all_pages(list_path("orders") + "?limit=200");
    ASSERT_GT(orders.size(), 100u);
    // Every filter below selects some orders and not all, so a filter ignored would show.
    auto check = [&](const std::string& query, const std::set<std::string>& expected) {
        EXPECT_FALSE(expected.empty()) << query;
        EXPECT_LT(expected.size(), orders.size()) << query;
        // Small pages: the filter holds on every page the next links lead to.
        EXPECT_EQ(ids_of(list_path("orders") + "?limit=20&" + query), expected) << query;
    };
    for (const char* status : {"open", "closed", "cancelled"}) {
        check(std::string("status=") + status,
              ids_of(orders, [&](const json::object& o) { return o.at("status") == status; }));
    }
    for (const char* key : {"financial_status", "fulfillment_status", "customer_id"}) {
        std::map<std::string, std::size_t> counts;
        for (const auto& o : orders)
            ++counts[text_or_empty(o, key)];
        counts.erase("");
        ASSERT_FALSE(counts.empty()) << key;
        const auto value = std::max_element(counts.begin(), counts.end(), [](auto& a, auto& b) {
                               return a.second < b.second;
                           })->first;
        check(std::string(key) + "=" + value, ids_of(orders, [&](const json::object& o) {
                  return text_or_empty(o, key) == value;
              }));
    }
    // Email: any case.
    const auto with_email = std::find_if(orders.begin(), orders.end(), [&](const json::object& o) {
        return !text_or_empty(o, "email").empty();
    });
    ASSERT_NE(with_email, orders.end());
    const auto email = text_or_empty(*with_email, "email");
    check("email=" + upper(email), ids_of(orders, [&](const json::object& o) {
              return lower(text_or_empty(o, "email")) == lower(email);
          }));
    // Creation and change time windows, strictly after / before, and combined with a status.
    std::vector<std::string> created;
    for (const auto& o : orders)
        created.push_back(text_or_empty(o, "created_at"));
    std::sort(created.begin(), created.end());
    const auto pivot = created[created.size() / 2];
    check("created_after=" + pivot, ids_of(orders, [&](const json::object& o) {
              return text_or_empty(o, "created_at") > pivot;
          }));
    check("created_before=" + pivot, ids_of(orders, [&](const json::object& o) {
              const auto t = text_or_empty(o, "created_at");
              return !t.empty() && t < pivot;
          }));
    check("status=open&created_after=" + pivot + "&created_before=" + created.back(),
          ids_of(orders, [&](const json::object& o) {
              const auto t = text_or_empty(o, "created_at");
              return o.at("status") == "open" && t > pivot && t < created.back();
          }));
    const auto updated_pivot = text_or_empty(orders[orders.size() / 3], "updated_at");
    check("updated_before=" + updated_pivot + "&order_by=created_at:desc",
          ids_of(orders, [&](const json::object& o) {
              return text_or_empty(o, "updated_at") < updated_pivot;
          }));

    // Customers by email (any case) and creation time; products by status; locations by time.
    const auto customers = all_pages(list_path("customers") + "?limit=200");
    const auto customer = std::find_if(customers.begin(), customers.end(),
                                       [&](auto& o) { return !text_or_empty(o, "email").empty(); });
    ASSERT_NE(customer, customers.end());
    EXPECT_EQ(ids_of(list_path("customers") + "?email=" + upper(text_or_empty(*customer, "email"))),
              std::set<std::string>{str(customer->at("id"))});
    const auto first_customer = text_or_empty(customers.front(), "created_at");
    EXPECT_EQ(ids_of(list_path("customers") + "?limit=7&created_after=" + first_customer),
              ids_of(customers, [&](const json::object& o) {
                  return text_or_empty(o, "created_at") > first_customer;
              }));
    const auto products = all_pages(list_path("products") + "?limit=200");
    for (const char* status : {"active", "draft", "archived"}) {
        EXPECT_EQ(ids_of(list_path("products") + "?limit=7&status=" + status),
                  ids_of(products, [&](const json::object& o) { return o.at("status") == status; }))
            << status;
    }
    const auto locations = all_pages(list_path("locations") + "?limit=200");
    const auto location_pivot = text_or_empty(locations[locations.size() / 2], "created_at");
    const auto later_locations = ids_of(locations, [&](const json::object& o) {
        return text_or_empty(o, "created_at") > location_pivot;
    });
    EXPECT_FALSE(later_locations.empty());
    EXPECT_EQ(ids_of(list_path("locations") + "?limit=2&created_after=" + location_pivot),
              later_locations);

    // A filter's value is checked, and a cursor is bound to the filters it was made with.
    auto expect_field = [&](const std::string& path, const std::string& field) {
        auto r = api.get(path);
        EXPECT_EQ(r.status, 400) << path << " " << r.body;
        EXPECT_EQ(code_of(r), "validation_failed") << path;
        EXPECT_EQ(field_names(r), std::vector<std::string>{field}) << path;
    };
    expect_field(list_path("orders") + "?status=OPEN", "status");
    expect_field(list_path("orders") + "?status=", "status");
    expect_field(list_path("orders") + "?email=", "email");
    expect_field(list_path("orders") + "?created_before=yesterday", "created_before");
    expect_field(list_path("orders") + "?data_connection_id=", "data_connection_id");
    expect_field(list_path("products") + "?status=open", "status");
    auto page = api.get(list_path("orders") + "?limit=5&status=open").json();
    const auto next = str(page.at("_links").at("next").at("href"));
    const auto cursor = next.substr(next.find("cursor=") + 7);
    EXPECT_EQ(api.get(list_path("orders") + "?limit=5&status=open&cursor=" + cursor).status, 200);
    EXPECT_EQ(code_of(api.get(list_path("orders") + "?limit=5&status=closed&cursor=" + cursor)),
              "invalid_cursor");
    EXPECT_EQ(code_of(api.get(list_path("orders") + "?limit=5&cursor=" + cursor)),
              "invalid_cursor");
}

TEST_F(CommerceApi, AParameterAListDoesNotTakeIsRefusedByName) {
    auto expect_fields = [&](const std::string& path, const std::vector<std::string>& fields) {
        auto r = api.get(path);
        EXPECT_EQ(r.status, 400) << path << " " << r.body;
        EXPECT_EQ(code_of(r), "validation_failed") << path;
        EXPECT_EQ(field_names(r), fields) << path;
    };
    for (const char* what : {"orders", "customers", "products", "locations"}) {
        expect_fields(list_path(what) + "?nope=1", {"nope"});
        expect_fields(list_path(what) + "?limit=5&Status=open&sort=id", {"Status", "sort"});
        expect_fields(list_path(what) + "?order_by=nope:sideways", {"order_by"});
        expect_fields(list_path(what) + "?order_by=updated_at:sideways", {"order_by"});
        expect_fields(list_path(what) + "?limit=5&limit=6", {"limit"});
    }
    // Filters of another type are unknown here.
    expect_fields(list_path("customers") + "?status=open", {"status"});
    expect_fields(list_path("locations") + "?email=a@example.com", {"email"});
    expect_fields(list_path("products") + "?customer_id=1", {"customer_id"});
    expect_fields(list_path("orders") + "?status=open&status=closed", {"status"});
}

TEST_F(CommerceApi, OneRecordByTheIdItsListItemCarries) {
    for (const char* what : {"orders", "customers", "products", "locations"}) {
        auto list = api.get(list_path(what) + "?limit=3&order_by=created_at:desc").json();
        for (const auto& v : list.at("_embedded").at("items").as_array()) {
            const auto& item = v.as_object();
            const auto path = list_path(what) + "/" + str(item.at("id"));
            auto r = api.get(path);
            ASSERT_EQ(r.status, 200) << path << " " << r.body;
            EXPECT_EQ(r.json(), json::value(item)) << path;
            EXPECT_EQ(api.get(path + "?data_connection_id=" + c.id).json(), json::value(item));
        }
    }
    const auto order_id = str(api.get(list_path("orders") + "?limit=1")
                                  .json()
                                  .at("_embedded")
                                  .at("items")
                                  .at(0)
                                  .at("id"));
    // Another type's list does not have it; an unknown id; an unknown data connection.
    auto expect_not_found = [&](const Api& client, const std::string& path) {
        auto r = client.get(path);
        EXPECT_EQ(r.status, 404) << path << " " << r.body;
        EXPECT_EQ(code_of(r), "not_found") << path;
        ASSERT_TRUE(r.json().is_object());
        for (const char* key : {"code", "message", "description", "fields"})
            EXPECT_TRUE(r.json().as_object().contains(key)) << key;
    };
    expect_not_found(api, list_path("customers") + "/" + order_id);
    expect_not_found(api, list_path("orders") + "/nosuch");
    expect_not_found(api, list_path("orders") + "/" + order_id + "?data_connection_id=int_nosuch");
    expect_not_found(api, "/api/v6/users/org_nosuch/commerce-orders/" + order_id);
    // Another user of the account; another account, by this user or its own.
    const auto other = str(api.create("/api/v6/users", R"({"name":"Other"})").at("id"));
    expect_not_found(api, "/api/v6/users/" + other + "/commerce-orders/" + order_id);
    expect_not_found(api, "/api/v6/users/" + other + "/commerce-orders/" + order_id +
                              "?data_connection_id=" + c.id);
    auto& auth = hub.app().auth();
    auth.create_account("rival");
    auto client = auth.create_client("rival", {"commerce:read", "organizations:write"});
    Api rival(hub.port(),
              auth.issue_token(client.client_id, client.client_secret, {}).access_token);
    expect_not_found(rival, list_path("orders") + "/" + order_id);
    auto rival_user = rival.post("/api/v6/users", R"({"name":"Rival"})");
    ASSERT_EQ(rival_user.status, 201) << rival_user.body;
    expect_not_found(
        rival, "/api/v6/users/" + str(rival_user.json().at("id")) + "/commerce-orders/" + order_id);
    // Its one parameter only.
    auto bad = api.get(list_path("orders") + "/" + order_id + "?limit=1");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(field_names(bad), std::vector<std::string>{"limit"});

    // Two data connections of the user to one store: the id is in both, so one must be named.
    const auto second =
        connect_store("shopify", "acme.myshopify.com", R"(["COMMERCE_LOCATION"])", c.user);
    wait_for_jobs(second, 1);
    const auto location_id = str(api.get(list_path("locations") + "?limit=1")
                                     .json()
                                     .at("_embedded")
                                     .at("items")
                                     .at(0)
                                     .at("id"));
    ASSERT_EQ(stored(second.id, "COMMERCE_LOCATION"), stored(c.id, "COMMERCE_LOCATION"));
    auto ambiguous = api.get(list_path("locations") + "/" + location_id);
    EXPECT_EQ(ambiguous.status, 409) << ambiguous.body;
    EXPECT_EQ(code_of(ambiguous), "conflict");
    EXPECT_EQ(field_names(ambiguous), std::vector<std::string>{"data_connection_id"});
    for (const auto& dc : {c.id, second.id}) {
        auto one =
            api.get(list_path("locations") + "/" + location_id + "?data_connection_id=" + dc);
        ASSERT_EQ(one.status, 200) << one.body;
        EXPECT_EQ(one.json().at("data_connection_id"), dc.c_str());
    }
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
