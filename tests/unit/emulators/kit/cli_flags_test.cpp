#include "emulators/common/cli_flags.hpp"

#include <gtest/gtest.h>

#include <cctype>

#include <stdexcept>

#include "emulators/common/time_text.hpp"
#include "emulators/common/tokens.hpp"

namespace sb::emulators::common::testing {
namespace {

struct ToyOptions : ShopOptions {
    ToyOptions() : ShopOptions(9100, "toy.example-shop.com") {}
    std::string api_key = "k";
};

bool toy_flag(const std::string& flag, const std::string& value, ToyOptions& o) {
    if (flag != "--api-key")
        return false;
    o.api_key = to_nonempty(flag, value);
    return true;
}

ToyOptions parse(const std::vector<std::string>& args) {
    return parse_shop_options<ToyOptions>(args, {".example-shop.com", 50, 10, 20}, toy_flag);
}

std::string error_of(const std::vector<std::string>& args) {
    try {
        parse(args);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

TEST(CliFlags, DefaultsThenTheSharedAndThePlatformsFlags) {
    const ToyOptions d = parse({});
    EXPECT_EQ(d.port, 9100);
    EXPECT_EQ(d.host, "127.0.0.1");
    EXPECT_EQ(d.shop_domain, "toy.example-shop.com");
    EXPECT_EQ(d.orders, 1000);

    const ToyOptions o = parse({"--listen",
                                "0.0.0.0:0",
                                "--shop-domain=a.example-shop.com",
                                "--seed",
                                "9",
                                "--orders",
                                "50",
                                "--products",
                                "10",
                                "--customers=20",
                                "--latency-ms",
                                "1..5",
                                "--fail-rate",
                                "0.5",
                                "--reset-rate",
                                "0.25",
                                "--webhook-retry-scale",
                                "0.001",
                                "--api-key",
                                "mine"});
    EXPECT_EQ(o.host, "0.0.0.0");
    EXPECT_EQ(o.port, 0);
    EXPECT_EQ(o.shop_domain, "a.example-shop.com");
    EXPECT_EQ(o.seed, 9u);
    EXPECT_EQ(o.orders, 50);
    EXPECT_EQ(o.products, 10);
    EXPECT_EQ(o.customers, 20);
    EXPECT_EQ(o.latency_min_ms, 1);
    EXPECT_EQ(o.latency_max_ms, 5);
    EXPECT_EQ(o.fail_rate, 0.5);
    EXPECT_EQ(o.reset_rate, 0.25);
    EXPECT_EQ(o.webhook_retry_scale, 0.001);
    EXPECT_EQ(o.api_key, "mine");
}

TEST(CliFlags, OneReadableLineNamingTheFlag) {
    EXPECT_EQ(error_of({"--bogus", "1"}), "unknown flag '--bogus'");
    EXPECT_EQ(error_of({"--seed"}), "--seed: missing value");
    EXPECT_EQ(error_of({"stray"}), "unexpected argument 'stray'");
    EXPECT_EQ(error_of({"--orders", "51"}), "--orders: expected an integer in [0, 50], got '51'");
    EXPECT_EQ(error_of({"--products", "0"}), "--products: expected an integer in [1, 10], got '0'");
    EXPECT_EQ(error_of({"--shop-domain", "a.other.com"}),
              "--shop-domain: expected NAME.example-shop.com, got 'a.other.com'");
    EXPECT_EQ(error_of({"--fail-rate", "2"}), "--fail-rate: expected a rate in [0, 1], got '2'");
    EXPECT_EQ(error_of({"--latency-ms", "5:1"}), "--latency-ms: MIN must not exceed MAX");
    EXPECT_EQ(error_of({"--listen", "nohost"}), "--listen: expected HOST:PORT, got 'nohost'");
    EXPECT_EQ(error_of({"--webhook-retry-scale", "0"}),
              "--webhook-retry-scale: expected a positive number, got '0'");
    EXPECT_EQ(error_of({"--api-key", ""}), "--api-key: must not be empty");
}

TEST(DataHelpers, StoreSizeCarriesTheGeneratorsInputs) {
    struct Size {
        std::uint64_t seed = 0;
        std::int64_t orders = 0, products = 0, customers = 0;
        std::string shop_domain;
    };
    ToyOptions o;
    o.seed = 7;
    o.orders = 3;
    const Size s = store_size<Size>(o);
    EXPECT_EQ(s.seed, 7u);
    EXPECT_EQ(s.orders, 3);
    EXPECT_EQ(s.products, 100);
    EXPECT_EQ(s.customers, 200);
    EXPECT_EQ(s.shop_domain, "toy.example-shop.com");
}

TEST(DataHelpers, TimesUuidsAndScopes) {
    EXPECT_EQ(format_time_seconds(1'714'384'684'999), "2024-04-29T09:58:04Z");
    EXPECT_EQ(format_time_seconds(0, "+00:00"), "1970-01-01T00:00:00+00:00");
    // 8-4-4-4-12 lower-case hex digits (no <regex>: GCC 12 warns inside it under ASan).
    const std::string id = random_uuid();
    ASSERT_EQ(id.size(), 36u) << id;
    for (std::size_t i = 0; i < id.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23)
            EXPECT_EQ(id[i], '-') << id;
        else
            EXPECT_TRUE(std::isxdigit(static_cast<unsigned char>(id[i])) && !std::isupper(id[i]))
                << id;
    }
    EXPECT_NE(random_uuid(), random_uuid());
    EXPECT_TRUE(has_scope({"write_orders"}, "read_orders"));
    EXPECT_TRUE(has_scope({"read_orders"}, "read_orders"));
    EXPECT_FALSE(has_scope({"read_orders"}, "write_orders"));
    EXPECT_FALSE(has_scope({"write_products"}, "read_orders"));
}

}  // namespace
}  // namespace sb::emulators::common::testing
