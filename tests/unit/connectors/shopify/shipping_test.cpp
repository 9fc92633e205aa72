#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "common/test_env.hpp"
#include "connectors/shopify/shipping.hpp"

namespace sb::connectors::shopify {
namespace {

namespace json = boost::json;

json::object fixture(const std::string& name) {
    std::ifstream in(test::shared_dir() + "/fixtures/shopify/rest/" + name);
    std::stringstream ss;
    ss << in.rdbuf();
    return json::parse(ss.str()).as_object();
}

TEST(ShopifyShipping, EveryRateOfTheRealFixturesIsOneRecord) {
    const auto zones = fixture("shipping_zones.json");
    // carrier_service.json holds one service; the list endpoint wraps it in an array.
    json::object carriers{
        {"carrier_services", json::array{fixture("carrier_service.json").at("carrier_service")}}};
    const auto records = map_shipping_services(zones, carriers, "USD");

    std::size_t expected = 1;  // the carrier service itself
    for (const auto& z : zones.at("shipping_zones").as_array()) {
        for (const char* key : {"weight_based_shipping_rates", "price_based_shipping_rates",
                                "carrier_shipping_rate_providers"}) {
            if (const auto* a = z.as_object().if_contains(key))
                expected += a->as_array().size();
        }
    }
    ASSERT_EQ(records.size(), expected);

    std::map<std::string, json::object> by_id;
    for (const auto& r : records) {
        EXPECT_EQ(r.type, domain::DataType::shipping_service);
        auto data = json::parse(r.data).as_object();
        EXPECT_EQ(data.at("id"), r.external_id.c_str());
        by_id[r.external_id] = data;
    }
    ASSERT_EQ(by_id.count("carrier:123456"), 1u);
    EXPECT_EQ(by_id["carrier:123456"].at("kind"), "carrier_service");
    EXPECT_EQ(by_id["carrier:123456"].at("carrier").at("name"), "Some Postal Service");

    const auto& weight = by_id.at("weight_based:760465697");
    EXPECT_EQ(weight.at("name"), "Austria Express Heavy Shipping");
    EXPECT_EQ(weight.at("price"), json::parse(R"({"amount":"40.00","currency":"USD"})"));
    EXPECT_EQ(weight.at("zone").at("name"), "Some zone");
    EXPECT_EQ(weight.at("zone").at("countries"), json::parse(R"(["US","CA","YE"])"));
    EXPECT_EQ(weight.at("conditions").at("weight_high").to_number<double>(), 10.0);
    EXPECT_EQ(weight.at("conditions").at("weight_low").to_number<double>(), 1.2);

    // Weights are numbers in plain decimal form (10, never 1E1).
    const std::string text = [&] {
        for (const auto& r : records) {
            if (r.external_id == "weight_based:760465697")
                return r.data;
        }
        return std::string();
    }();
    EXPECT_NE(text.find(R"("weight_low":1.2,"weight_high":10})"), std::string::npos) << text;

    const auto& price = by_id.at("price_based:583276424");
    EXPECT_EQ(price.at("kind"), "price_based");
    EXPECT_EQ(price.at("conditions").at("max_order_subtotal").at("amount"), "2000.00");
}

TEST(ShopifyShipping, EmptyAnswersGiveNoRecords) {
    EXPECT_TRUE(map_shipping_services(json::object{}, json::object{}, "EUR").empty());
    EXPECT_TRUE(map_shipping_services(json::parse(R"({"shipping_zones":[{"id":1}]})").as_object(),
                                      json::parse(R"({"carrier_services":[]})").as_object(), "")
                    .empty());
}

}  // namespace
}  // namespace sb::connectors::shopify
