#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/api_client.hpp"
#include "common/test_env.hpp"
#include "emulators/shopify/emulator.hpp"
#include "storage/sql.hpp"

namespace sb::test {

// The hub and an emulated Shopify store, both real servers on loopback, with the steps every
// end-to-end test takes: register the app, connect the store, wait for jobs, read records.
class ShopifyHub : public ::testing::Test {
  protected:
    static emulators::shopify::EmulatorOptions store_options() {
        emulators::shopify::EmulatorOptions o;
        o.port = 0;
        o.shop_domain = "acme.myshopify.com";
        o.orders = 300;
        o.products = 30;
        o.customers = 40;
        o.plan = "enterprise";  // a big bucket keeps the test fast; throttling has its own tests
        o.api_key = "app-key";
        o.api_secret = "app-secret";
        o.webhook_retry_scale = 0.001;
        return o;
    }

    static config::Settings hub_settings(std::uint16_t store_port) {
        config::Settings s;
        s.connector_base_urls["shopify"] = "http://127.0.0.1:" + std::to_string(store_port);
        return s;
    }

    emulators::shopify::Emulator store{store_options()};
    bool started = (store.start(), true);
    TestServer hub{hub_settings(store.port())};
    Api api{hub.port(), hub.token()};

    // Follows one redirect: returns the Location and checks it is a 302.
    static std::string location_of(const HttpResponse& r) {
        EXPECT_EQ(r.status, 302) << r.body;
        return r.header("Location");
    }

    // GET an absolute http://127.0.0.1:PORT/... URL.
    static HttpResponse get_url(const std::string& url,
                                std::vector<std::pair<std::string, std::string>> headers = {}) {
        auto u = boost::urls::parse_uri(url);
        EXPECT_TRUE(u) << url;
        const auto port = static_cast<std::uint16_t>(std::stoi(std::string(u->port())));
        std::string target(u->encoded_path());
        if (u->has_query())
            target += "?" + std::string(u->encoded_query());
        return send(port, {"GET", target, std::move(headers), {}});
    }

    // The provider app registered, enabled, auto_connect on.
    void register_app() {
        ASSERT_EQ(api.put("/api/v6/providers/shopify/credentials",
                          R"({"credentials":{"client_id":"app-key","client_secret":"app-secret"}})")
                      .status,
                  200);
        ASSERT_EQ(api.put("/api/v6/providers/shopify/settings", R"({"auto_connect":true})").status,
                  200);
        ASSERT_EQ(api.put("/api/v6/providers/shopify", R"({"enable":true})").status, 200);
    }

    struct Connected {
        std::string user;
        std::string id;  // the data connection = integration
    };

    // A merchant with a data connection for `types` (JSON array text), installed through the
    // emulator's OAuth; auto_connect queues the initial syncs.
    Connected connect(const std::string& types) {
        register_app();
        Connected c;
        c.user = str(api.create("/api/v6/users", R"({"name":"Acme"})").at("id"));
        auto dc = api.create("/api/v6/users/" + c.user + "/data-connections",
                             R"({"provider_name":"shopify","requested_data_types":)" + types + "}");
        c.id = str(dc.at("id"));
        auto to_shopify =
            location_of(get_url(str(dc.at("connect_url")) + "&shop=acme.myshopify.com"));
        auto back = location_of(get_url(to_shopify));
        auto done = get_url(back, {{"Accept", "application/json"}});
        EXPECT_EQ(done.status, 200) << done.body;
        return c;
    }

    std::string integration_path(const Connected& c) const {
        return "/v1/organizations/" + c.user + "/integrations/" + c.id;
    }

    // Waits until `count` jobs exist and none is queued or running; returns the job list.
    boost::json::value wait_for_jobs(const Connected& c, std::int64_t count,
                                     std::chrono::seconds limit = std::chrono::seconds(120)) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        boost::json::value jobs;
        for (;;) {
            jobs = api.get(integration_path(c) + "/jobs?limit=200").json();
            bool finished = jobs.at("count").as_int64() >= count;
            for (const auto& j : jobs.at("_embedded").at("items").as_array())
                finished = finished && j.at("status") != "queued" && j.at("status") != "running";
            if (finished || std::chrono::steady_clock::now() > deadline)
                return jobs;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }

    // Polls `done` until it holds or `limit` passes; returns its last value.
    template <class F>
    static bool eventually(F done, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!done()) {
            if (std::chrono::steady_clock::now() > deadline)
                return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return true;
    }

    template <class F>
    auto read_db(F f) {
        return sql::open_database(hub.settings().database)->read(f);
    }

    std::int64_t stored(const std::string& integration_id, const std::string& type) {
        return read_db([&](sql::Session& s) {
            return s
                .exec("SELECT COUNT(*) FROM records WHERE integration_id = $1 AND type = $2",
                      {integration_id, type})
                .rows.at(0)
                .integer(0);
        });
    }

    // The stored normalized record (data), or "" when there is none.
    std::string record_data(const std::string& integration_id, const std::string& type,
                            const std::string& external_id) {
        return read_db([&](sql::Session& s) {
            auto r = s.exec(
                "SELECT data FROM records WHERE integration_id = $1 AND type = $2 AND "
                "external_id = $3",
                {integration_id, type, external_id});
            return r.rows.empty() ? std::string() : r.rows[0].text(0);
        });
    }

    boost::json::value store_stats() {
        return send(store.port(), {"GET", "/_emulator/stats", {}, {}}).json();
    }
};

}  // namespace sb::test
