#include <filesystem>
#include <fstream>
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
}

}  // namespace
}  // namespace sb::emulators::shopify::testing
