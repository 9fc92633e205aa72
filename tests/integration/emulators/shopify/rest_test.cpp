#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/test_env.hpp"
#include "fixture.hpp"

namespace sb::emulators::shopify::testing {
namespace {

namespace json = boost::json;

std::string fixture_dir() {
    return test::shared_dir() + "/fixtures/shopify/rest";
}

json::value load_fixture(const std::string& name) {
    std::ifstream in(fixture_dir() + "/" + name);
    EXPECT_TRUE(in.good()) << "fixture " << name << " not found under " << fixture_dir();
    std::stringstream ss;
    ss << in.rdbuf();
    return json::parse(ss.str());
}

// Every key the real payload has must be in ours (recursively, first array element);
// extra keys are fine. Missing keys are collected with their path.
void missing_keys(const json::value& fixture, const json::value& ours, const std::string& path,
                  std::vector<std::string>& out) {
    if (fixture.is_object() && ours.is_object()) {
        for (const auto& [k, v] : fixture.as_object()) {
            const auto* o = ours.as_object().if_contains(k);
            if (!o) {
                out.push_back(path + "." + std::string(k));
                continue;
            }
            missing_keys(v, *o, path + "." + std::string(k), out);
        }
    } else if (fixture.is_array() && ours.is_array() && !fixture.as_array().empty() &&
               !ours.as_array().empty()) {
        missing_keys(fixture.as_array()[0], ours.as_array()[0], path + "[]", out);
    }
}

void expect_fields(const json::value& fixture, const json::value& ours) {
    std::vector<std::string> missing;
    missing_keys(fixture, ours, "", missing);
    std::string all;
    for (const auto& m : missing)
        all += m + " ";
    EXPECT_TRUE(missing.empty()) << "missing: " << all;
}

// Keys of ours that the fixture does not have (recursively, first array element), minus the
// ones the current API has and the old fixture predates.
void extra_keys(const json::value& fixture, const json::value& ours, const std::string& path,
                const std::set<std::string>& allowed, std::vector<std::string>& out) {
    if (fixture.is_object() && ours.is_object()) {
        for (const auto& [k, v] : ours.as_object()) {
            const std::string p = path + "." + std::string(k);
            const auto* f = fixture.as_object().if_contains(k);
            if (!f) {
                if (!allowed.count(p))
                    out.push_back(p);
                continue;
            }
            extra_keys(*f, v, p, allowed, out);
        }
    } else if (fixture.is_array() && ours.is_array() && !fixture.as_array().empty() &&
               !ours.as_array().empty()) {
        extra_keys(fixture.as_array()[0], ours.as_array()[0], path + "[]", allowed, out);
    }
}

// Same key set as the fixture, except for `allowed` additions (paths like ".a[].b").
void expect_same_keys(const json::value& fixture, const json::value& ours,
                      const std::set<std::string>& allowed = {}) {
    expect_fields(fixture, ours);
    std::vector<std::string> extra;
    extra_keys(fixture, ours, "", allowed, extra);
    std::string all;
    for (const auto& x : extra)
        all += x + " ";
    EXPECT_TRUE(extra.empty()) << "not in the fixture: " << all;
}

class EmulatorRest : public ::testing::Test {
  protected:
    void SetUp() override {
        EmulatorOptions o;
        o.plan = "plus";
        emu_ = start_emulator(o);
    }
    json::value get_json(const std::string& target) {
        auto r = rest_get(*emu_, target);
        EXPECT_EQ(r.status, 200) << target << " " << r.body;
        return r.json();
    }
    std::unique_ptr<Emulator> emu_;
};

TEST_F(EmulatorRest, BodiesCarryTheFixtureFields) {
    expect_fields(load_fixture("shop_current.json"), get_json("/admin/api/2025-01/shop.json"));
    expect_fields(load_fixture("shop.json"), get_json("/admin/api/2025-01/shop.json"));
    // An order with a fulfillment, so nested fulfillment fields are compared too.
    auto orders =
        get_json("/admin/api/2025-01/orders.json?status=any&limit=250&fulfillment_status=shipped");
    expect_fields(load_fixture("orders.json"), orders);
    const auto id = orders.at("orders").as_array()[0].at("id").as_int64();
    expect_fields(load_fixture("order.json"),
                  get_json("/admin/api/2025-01/orders/" + std::to_string(id) + ".json"));
    expect_fields(json::object{{"products", load_fixture("products.json")}},
                  get_json("/admin/api/2025-01/products.json"));
    const auto customers = get_json("/admin/api/2025-01/customers.json?limit=1");
    expect_fields(load_fixture("customer.json").at("customer"),
                  customers.at("customers").as_array()[0]);
    expect_fields(load_fixture("locations.json"), get_json("/admin/api/2025-01/locations.json"));
    expect_fields(load_fixture("inventory_levels.json"),
                  get_json("/admin/api/2025-01/inventory_levels.json?location_ids=70000000001"));
    expect_fields(load_fixture("checkouts.json"), get_json("/admin/api/2025-01/checkouts.json"));
}

TEST_F(EmulatorRest, ShippingBodiesHaveTheFixtureKeys) {
    // Fields of the current REST API that the (2018) fixtures predate.
    const std::set<std::string> zone_additions{
        ".shipping_zones[].profile_id", ".shipping_zones[].location_group_id",
        ".shipping_zones[].admin_graphql_api_id", ".shipping_zones[].countries[].shipping_zone_id"};
    const auto zones = get_json("/admin/api/2025-01/shipping_zones.json");
    expect_same_keys(load_fixture("shipping_zones.json"), zones, zone_additions);
    // Every zone, not only the first, has the fixture's keys.
    ASSERT_GE(zones.at("shipping_zones").as_array().size(), 3u);
    for (const auto& z : zones.at("shipping_zones").as_array()) {
        expect_same_keys(load_fixture("shipping_zones.json").at("shipping_zones").as_array()[0], z,
                         {".profile_id", ".location_group_id", ".admin_graphql_api_id",
                          ".countries[].shipping_zone_id"});
    }
    const auto& first = zones.at("shipping_zones").as_array()[0];
    EXPECT_FALSE(first.at("countries").as_array()[0].at("provinces").as_array().empty());
    EXPECT_FALSE(first.at("carrier_shipping_rate_providers").as_array().empty());

    const std::set<std::string> carrier_additions{".active", ".carrier_service_type",
                                                  ".admin_graphql_api_id"};
    const auto fixture = load_fixture("carrier_service.json");
    const auto list = get_json("/admin/api/2025-01/carrier_services.json");
    ASSERT_EQ(list.at("carrier_services").as_array().size(), 2u);
    for (const auto& c : list.at("carrier_services").as_array())
        expect_same_keys(fixture.at("carrier_service"), c, carrier_additions);
    // Zones' carrier rates point at a carrier service that exists.
    const auto carrier_id = first.at("carrier_shipping_rate_providers")
                                .as_array()[0]
                                .at("carrier_service_id")
                                .as_int64();
    std::set<std::string> one_additions;
    for (const auto& a : carrier_additions)
        one_additions.insert(".carrier_service" + a);
    const auto one =
        get_json("/admin/api/2025-01/carrier_services/" + std::to_string(carrier_id) + ".json");
    expect_same_keys(fixture, one, one_additions);
    EXPECT_EQ(one.at("carrier_service").at("id").as_int64(), carrier_id);
    EXPECT_EQ(rest_get(*emu_, "/admin/api/2025-01/carrier_services/1.json").status, 404);
    // Same seed, same settings.
    EXPECT_EQ(json::serialize(zones), json::serialize(get_json("/admin/shipping_zones.json")));
}

TEST_F(EmulatorRest, FieldsKeepOnlyTheNamedKeys) {
    auto keys = [](const json::value& o) {
        std::set<std::string> out;
        for (const auto& [k, v] : o.as_object())
            out.insert(std::string(k));
        return out;
    };
    const std::set<std::string> id_name{"id", "name"};
    const auto orders =
        get_json("/admin/api/2025-01/orders.json?status=any&limit=3&fields=id,name");
    ASSERT_EQ(orders.at("orders").as_array().size(), 3u);
    for (const auto& o : orders.at("orders").as_array())
        EXPECT_EQ(keys(o), id_name);
    const auto id = orders.at("orders").as_array()[0].at("id").as_int64();
    // Unknown names are ignored, repeated ones count once.
    const auto one = get_json("/admin/api/2025-01/orders/" + std::to_string(id) +
                              ".json?fields=id,name,no_such_field,id");
    EXPECT_EQ(keys(one.at("order")), id_name);
    EXPECT_EQ(one.at("order").at("id").as_int64(), id);
    // Spaces after commas are tolerated; nested objects come whole.
    const auto products =
        get_json("/admin/api/2025-01/products.json?limit=2&fields=id,%20variants");
    for (const auto& p : products.at("products").as_array()) {
        EXPECT_EQ(keys(p), (std::set<std::string>{"id", "variants"}));
        EXPECT_TRUE(p.at("variants").as_array()[0].as_object().contains("sku"));
    }
    EXPECT_EQ(keys(get_json("/admin/api/2025-01/shop.json?fields=id,currency").at("shop")),
              (std::set<std::string>{"id", "currency"}));
    const auto zones = get_json("/admin/api/2025-01/shipping_zones.json?fields=name");
    for (const auto& z : zones.at("shipping_zones").as_array())
        EXPECT_EQ(keys(z), std::set<std::string>{"name"});
    const auto carriers = get_json("/admin/carrier_services.json?fields=id,active");
    for (const auto& c : carriers.at("carrier_services").as_array())
        EXPECT_EQ(keys(c), (std::set<std::string>{"id", "active"}));
    // Without fields, everything; counts are not resources.
    EXPECT_GT(keys(get_json("/admin/api/2025-01/orders.json?status=any&limit=1")
                       .at("orders")
                       .as_array()[0])
                  .size(),
              20u);
    EXPECT_EQ(get_json("/admin/orders/count.json?status=any&fields=id").at("count").as_int64(),
              1000);

    // The next page keeps fields.
    auto r = rest_get(*emu_, "/admin/api/2025-01/customers.json?limit=2&fields=id,email");
    ASSERT_EQ(r.status, 200);
    const std::string link = r.header("Link");
    const auto open = link.find('<');
    const auto close = link.find('>', open);
    ASSERT_NE(open, std::string::npos) << link;
    const std::string url = link.substr(open + 1, close - open - 1);
    const auto next = get_json(url.substr(url.find("/admin/")));
    ASSERT_EQ(next.at("customers").as_array().size(), 2u);
    for (const auto& c : next.at("customers").as_array())
        EXPECT_EQ(keys(c), (std::set<std::string>{"id", "email"}));
}

TEST_F(EmulatorRest, LinkHeaderPagingVisitsEveryOrder) {
    std::set<std::int64_t> ids;
    std::string target = "/admin/api/2025-01/orders.json?status=any&limit=250";
    for (int guard = 0; guard < 50; ++guard) {
        auto r = rest_get(*emu_, target);
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_FALSE(r.header("X-Shopify-Shop-Api-Call-Limit").empty());
        const auto page = r.json();  // kept alive: the loop below iterates into it
        for (const auto& o : page.at("orders").as_array())
            ids.insert(o.at("id").as_int64());
        const std::string link = r.header("Link");
        const auto next = link.find("rel=\"next\"");
        if (next == std::string::npos)
            break;
        const auto open = link.rfind('<', next);
        const auto close = link.find('>', open);
        const std::string url = link.substr(open + 1, close - open - 1);
        target = url.substr(url.find("/admin/"));
    }
    EXPECT_EQ(ids.size(), 1000u);
    EXPECT_EQ(rest_get(*emu_, "/admin/api/2025-01/orders.json?limit=251").status, 400);
    auto since = get_json("/admin/api/2025-01/orders.json?status=any&since_id=5000000000990");
    EXPECT_EQ(since.at("orders").as_array().size(), 9u);
    auto count = get_json("/admin/orders/count.json?status=any");
    EXPECT_EQ(count.at("count").as_int64(), 1000);
    auto recent = get_json(
        "/admin/api/2025-01/orders.json?status=any&updated_at_min=2026-10-01T00:00:00Z&limit=250");
    for (const auto& o : recent.at("orders").as_array())
        EXPECT_GE(std::string(o.at("updated_at").as_string()), "2026-10-01");
}

TEST(EmulatorRestThrottle, BurstGets429ThenRecovers) {
    EmulatorOptions o;
    o.plan = "standard";  // 40 requests, leaking 2/s
    auto e = start_emulator(o);
    int ok = 0, limited = 0;
    std::string retry_after;
    for (int i = 0; i < 60; ++i) {
        auto r = rest_get(*e, "/admin/api/2025-01/shop.json");
        if (r.status == 200)
            ++ok;
        if (r.status == 429) {
            ++limited;
            retry_after = r.header("Retry-After");
        }
    }
    EXPECT_GE(ok, 40);
    EXPECT_GE(limited, 1);
    EXPECT_FALSE(retry_after.empty());
    EXPECT_TRUE(
        eventually([&] { return rest_get(*e, "/admin/api/2025-01/shop.json").status == 200; }));
}

TEST(EmulatorRestAuth, ScopesAreEnforced) {
    auto e = start_emulator();
    EXPECT_EQ(rest_get(*e, "/admin/api/2025-01/orders.json", "shpat_nope").status, 401);
    EXPECT_EQ(rest_get(*e, "/admin/api/2025-01/shipping_zones.json", "shpat_nope").status, 401);
    const std::string products_only = token_with_scopes(*e, "read_products");
    ASSERT_FALSE(products_only.empty());
    for (const char* t :
         {"/admin/api/2025-01/shipping_zones.json", "/admin/api/2025-01/carrier_services.json",
          "/admin/api/2025-01/carrier_services/370000000000.json"}) {
        EXPECT_EQ(rest_get(*e, t, products_only).status, 403) << t;
    }
    const std::string shipping = token_with_scopes(*e, "read_shipping");
    ASSERT_FALSE(shipping.empty());
    EXPECT_EQ(rest_get(*e, "/admin/api/2025-01/shipping_zones.json", shipping).status, 200);
    EXPECT_EQ(rest_get(*e, "/admin/api/2025-01/carrier_services.json", shipping).status, 200);
    EXPECT_EQ(rest_get(*e, "/admin/api/2025-01/orders.json", shipping).status, 403);
}

}  // namespace
}  // namespace sb::emulators::shopify::testing
