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
#include "common/eventually.hpp"
#include "common/test_env.hpp"
#include "storage/sql.hpp"

namespace sb::test {

// The steps every end-to-end test against an emulated store takes, whatever the platform:
// register the provider app, connect the store through its OAuth install, wait for jobs,
// read what the hub stored. The derived fixture owns the store, the hub and the client.
class HubTest : public ::testing::Test {
  protected:
    virtual TestServer& hub_server() = 0;
    virtual Api& hub_api() = 0;

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
    void register_app(const std::string& provider, const std::string& client_id,
                      const std::string& client_secret) {
        auto& api = hub_api();
        ASSERT_EQ(api.put("/api/v6/providers/" + provider + "/credentials",
                          boost::json::serialize(boost::json::object{
                              {"credentials",
                               {{"client_id", client_id}, {"client_secret", client_secret}}}}))
                      .status,
                  200);
        ASSERT_EQ(api.put("/api/v6/providers/" + provider + "/settings", R"({"auto_connect":true})")
                      .status,
                  200);
        ASSERT_EQ(api.put("/api/v6/providers/" + provider, R"({"enable":true})").status, 200);
    }

    struct Connected {
        std::string user;
        std::string id;  // the data connection = integration
    };

    // A data connection of `user` (a new merchant when empty) for `types` (JSON array text),
    // installed through the store's OAuth; auto_connect queues the initial syncs.
    Connected connect_store(const std::string& provider, const std::string& store,
                            const std::string& types, std::string user = {}) {
        auto& api = hub_api();
        Connected c;
        c.user = user.empty() ? str(api.create("/api/v6/users", R"({"name":"Acme"})").at("id"))
                              : std::move(user);
        auto dc = api.create(
            "/api/v6/users/" + c.user + "/data-connections",
            R"({"provider_name":")" + provider + R"(","requested_data_types":)" + types + "}");
        c.id = str(dc.at("id"));
        auto to_store = location_of(get_url(str(dc.at("connect_url")) + "&shop=" + store));
        auto back = location_of(get_url(to_store));
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
            jobs = hub_api().get(integration_path(c) + "/jobs?limit=200").json();
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
        return test::eventually(std::move(done), limit);
    }

    // Every item of a list (`_embedded.items`), page after page by its `_links.next`.
    std::vector<boost::json::value> list_all(std::string path) {
        std::vector<boost::json::value> out;
        while (!path.empty()) {
            auto r = hub_api().get(path);
            EXPECT_EQ(r.status, 200) << path << ": " << r.body;
            if (r.status != 200)
                break;
            const boost::json::value page = r.json();
            for (const auto& item : page.at("_embedded").at("items").as_array())
                out.push_back(item);
            const auto* next = page.at("_links").as_object().if_contains("next");
            path.clear();
            if (next) {
                // An absolute href: its path and query.
                const std::string href = str(next->at("href"));
                const auto host = href.find("://");
                path = href.substr(host == std::string::npos ? 0 : href.find('/', host + 3));
            }
        }
        return out;
    }

    template <class F>
    auto read_db(F f) {
        return sql::open_database(hub_server().settings().database)->read(f);
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
};

}  // namespace sb::test
