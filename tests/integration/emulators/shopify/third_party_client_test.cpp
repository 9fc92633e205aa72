#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fixture.hpp"

// shopify-api-node (a real client from npm) pages through every order with autoLimit on.
// It hard-codes https://<shop>.myshopify.com; its documented `hooks` option passes got
// hooks through, and a beforeRequest hook points each request at the emulator over http.
namespace sb::emulators::shopify::testing {
namespace {

std::string run(const std::string& cmd) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p)
        return out;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p))
        out.append(buf, n);
    ::pclose(p);
    return out;
}

TEST(ThirdPartyClient, ShopifyApiNodePagesThroughEveryOrder) {
    if (std::system("command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1") != 0) {
        GTEST_SKIP() << "npm/node not installed: shopify-api-node test skipped";
    }
    // A cache dir shared across runs so the package is installed once per machine.
    const auto dir = std::filesystem::temp_directory_path() / "storebridge-shopify-api-node";
    std::filesystem::create_directories(dir);
    if (!std::filesystem::exists(dir / "node_modules" / "shopify-api-node")) {
        const std::string out =
            run("cd '" + dir.string() +
                "' && npm install --no-audit --no-fund --silent shopify-api-node@3 2>&1");
        ASSERT_TRUE(std::filesystem::exists(dir / "node_modules" / "shopify-api-node")) << out;
    }
    EmulatorOptions o;
    o.orders = 10'000;
    auto e = start_emulator(o);
    const auto script = dir / "page_orders.js";
    {
        std::ofstream js(script);
        js << R"JS(
const Shopify = require('shopify-api-node');
const [port, token, shop] = process.argv.slice(2);
const shopify = new Shopify({
  shopName: shop, accessToken: token, apiVersion: '2025-01', autoLimit: true,
  hooks: { beforeRequest: [(options) => {
    options.url = new URL(`http://127.0.0.1:${port}${options.url.pathname}${options.url.search}`);
    options.protocol = 'http:'; options.hostname = '127.0.0.1'; options.host = '127.0.0.1'; options.port = port;
  }] }
});
(async () => {
  let params = { limit: 250, status: 'any' };
  let total = 0;
  const seen = new Set();
  do {
    const orders = await shopify.order.list(params);
    for (const o of orders) seen.add(o.id);
    total += orders.length;
    params = orders.nextPageParameters;
  } while (params !== undefined);
  const count = await shopify.order.count({ status: 'any' });
  console.log(JSON.stringify({ total, unique: seen.size, count }));
})().catch((err) => { console.log(JSON.stringify({ error: String(err) })); process.exit(1); });
)JS";
    }
    const std::string out =
        run("cd '" + dir.string() + "' && timeout 240 node page_orders.js " +
            std::to_string(e->port()) + " " + e->admin_token() + " " + o.shop_domain + " 2>&1");
    auto result = boost::json::parse(out.substr(out.find('{'))).as_object();
    ASSERT_FALSE(result.contains("error")) << out;
    auto stats = test::get(e->port(), "/_emulator/stats").json();
    const auto expected = stats.at("records").at("orders").as_int64();
    EXPECT_EQ(expected, 10'000);
    EXPECT_EQ(result.at("total").as_int64(), expected);
    EXPECT_EQ(result.at("unique").as_int64(), expected);
    EXPECT_EQ(result.at("count").as_int64(), expected);
}

}  // namespace
}  // namespace sb::emulators::shopify::testing
