// The custom connector's pull option: the hub's syncs read GET {base_url}/records from the
// reference pull server (`storebridge emulate custom`, in process on 127.0.0.1), page by page,
// through the push path's validator. Real HTTP both ways, on SQLite and PostgreSQL.
#include <gmock/gmock.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "core/time.hpp"
#include "domain/records/codec.hpp"
#include "emulators/custom/emulator.hpp"
#include "hub_fixture.hpp"

namespace sb::test {
namespace {

namespace json = boost::json;
namespace records = domain::records;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* k_token = "sbpull_test_token_1";

// 2026-11-02T10:00:00Z plus `minutes`.
std::string at(int minutes) {
    return format_time(1'793'613'600'000 + std::int64_t{minutes} * 60'000);
}

json::object order_data(const std::string& id, const std::string& total) {
    return {{"id", id},
            {"name", "#" + id},
            {"currency", "EUR"},
            {"total", {{"amount", total}, {"currency", "EUR"}}},
            {"line_items", json::array{{{"id", "li-" + id}, {"title", "Mug"}, {"quantity", 2}}}}};
}

json::object order(const std::string& id, int minutes, const std::string& total = "12.50") {
    return {{"type", "COMMERCE_ORDER"},
            {"external_id", id},
            {"updated_at", at(minutes)},
            {"data", order_data(id, total)}};
}

emulators::custom::EmulatorOptions server_options() {
    emulators::custom::EmulatorOptions o;
    o.port = 0;
    o.token = k_token;
    o.max_limit = 50;  // pages of 50 whatever the hub asks: several pages from few records
    return o;
}

config::Settings hub_settings(bool allow_private) {
    config::Settings s;
    s.allow_private_targets = allow_private;  // the reference server is on loopback
    return s;
}

class CustomPullBase : public HubTest {
  protected:
    explicit CustomPullBase(bool allow_private) : hub(hub_settings(allow_private)) {}

    emulators::custom::Emulator server{server_options()};
    bool started = (server.start(), true);
    TestServer hub;
    Api api{hub.port(), hub.token()};
    std::string org = str(api.create("/v1/organizations", R"({"name":"Acme"})").at("id"));
    std::string base = "/v1/organizations/" + org + "/integrations";

    TestServer& hub_server() override { return hub; }
    Api& hub_api() override { return api; }

    HttpResponse create(const std::string& base_url, const std::string& token = k_token) {
        json::object body{{"name", "ERP"}, {"connector_id", "custom"}};
        if (!base_url.empty())
            body["settings"] = {{"base_url", base_url}};
        if (!token.empty())
            body["credentials"] = {{"pull_token", token}};
        return api.post(base, json::serialize(body));
    }
    std::string create_pull(const std::string& token = k_token) {
        auto r = create(server.base_url(), token);
        EXPECT_EQ(r.status, 201) << server.base_url() << ": " << r.body;
        return str(r.json().at("id"));
    }

    // POST …/sync/{what}, then the job once it stopped running.
    json::value sync(const std::string& id, const std::string& what = "orders") {
        auto r = api.post(base + "/" + id + "/sync/" + what);
        EXPECT_EQ(r.status, 202) << r.body;
        if (r.status != 202)
            return nullptr;
        const std::string job = base + "/" + id + "/jobs/" + str(r.json().at("id"));
        json::value j;
        EXPECT_TRUE(eventually(
            [&] {
                j = api.get(job).json();
                return j.at("status") != "queued" && j.at("status") != "running";
            },
            std::chrono::seconds(60)))
            << json::serialize(j);
        return j;
    }

    void put(json::array list) {
        auto r = post_json(server.port(), "/_emulator/records",
                           json::serialize(json::object{{"records", std::move(list)}}));
        ASSERT_EQ(r.status, 200) << r.body;
    }
    json::value stats() { return get(server.port(), "/_emulator/stats").json(); }
    std::int64_t served() { return stats().at("requests").at("records_served").as_int64(); }

    json::value stored(const std::string& id, const std::string& external_id) {
        const auto text = record_data(id, "COMMERCE_ORDER", external_id);
        return text.empty() ? json::value(nullptr) : json::parse(text);
    }
    bool deleted(const std::string& id, const std::string& external_id) {
        return read_db([&](sql::Session& s) {
            auto r = s.exec(
                "SELECT deleted FROM records WHERE integration_id = $1 AND type = $2 AND "
                "external_id = $3",
                {id, std::string("COMMERCE_ORDER"), external_id});
            return !r.rows.empty() && r.rows[0].integer(0) != 0;
        });
    }
    // The stored record as the codec writes the server's data.
    static json::value expected(const json::object& item) {
        return records::to_json(records::from_json<records::Order>(item.at("data")));
    }
};

class CustomPull : public CustomPullBase {
  protected:
    CustomPull() : CustomPullBase(true) {}
};

class CustomPullOutsideTests : public CustomPullBase {
  protected:
    CustomPullOutsideTests() : CustomPullBase(false) {}
};

}  // namespace

TEST_F(CustomPull, StatusCatalogAndPushOnlyIntegrations) {
    // No install step: CONNECTED once created, with or without a server to pull from.
    auto push_only = create("", "");
    ASSERT_EQ(push_only.status, 201) << push_only.body;
    EXPECT_EQ(push_only.json().at("status"), "CONNECTED");
    const std::string push_id = str(push_only.json().at("id"));
    auto refused = api.post(base + "/" + push_id + "/sync/orders");
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(code_of(refused), "unsupported_data_type");
    EXPECT_THAT(str(refused.json().at("description")), HasSubstr("base_url"));
    // base_url without the token pulls nothing either.
    auto no_token = create(server.base_url(), "");
    ASSERT_EQ(no_token.status, 201) << no_token.body;
    EXPECT_EQ(code_of(api.post(base + "/" + str(no_token.json().at("id")) + "/sync/orders")),
              "unsupported_data_type");

    const auto pulling = create(server.base_url());
    ASSERT_EQ(pulling.status, 201) << pulling.body;
    EXPECT_EQ(pulling.json().at("status"), "CONNECTED");
    EXPECT_EQ(pulling.json().at("credentials").at("pull_token"), "********");
    EXPECT_EQ(pulling.body.find(k_token), std::string::npos);

    // The catalog lists what custom syncs, and says pulls need base_url.
    const auto catalog = api.get("/v1/connectors/custom").json();
    std::vector<std::string> types;
    for (const auto& t : catalog.at("data_types").as_array())
        types.push_back(str(t));
    EXPECT_THAT(types, Contains("COMMERCE_ORDER"));
    EXPECT_THAT(types, Contains("COMMERCE_PRODUCT"));
    bool described = false;
    for (const auto& f : catalog.at("settings_fields").as_array()) {
        if (f.at("name") == "base_url")
            described =
                std::string(f.at("description").as_string()).find("pull") != std::string::npos;
    }
    EXPECT_TRUE(described) << json::serialize(catalog);
}

TEST_F(CustomPull, InitialPullEqualsTheServerThenIncrementalChangesAndDeletes) {
    json::array initial;
    for (int i = 0; i < 120; ++i)
        initial.push_back(order("o" + std::to_string(i), i));
    put(initial);
    const std::string id = create_pull();

    auto job = sync(id);
    ASSERT_EQ(job.at("status"), "succeeded") << json::serialize(job);
    EXPECT_EQ(job.at("progress").at("records_written").as_int64(), 120);
    EXPECT_GE(job.at("progress").at("pages").as_int64(), 3);  // 50 a page at the server
    EXPECT_EQ(HubTest::stored(id, "COMMERCE_ORDER"), 120);
    for (const auto& item : initial) {
        const auto& o = item.as_object();
        EXPECT_EQ(stored(id, str(o.at("external_id"))), expected(o)) << str(o.at("external_id"));
    }
    // Served like a pushed or synced record.
    auto read = api.get("/api/v6/users/" + org + "/commerce-orders/o7");
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.json().at("total").at("amount"), "12.50");
    EXPECT_EQ(served(), 120);

    // At the server: o5 changed, o7 deleted, o500 new; all after the newest stored.
    put({order("o5", 200, "99.00"),
         {{"type", "COMMERCE_ORDER"},
          {"external_id", "o7"},
          {"updated_at", at(200)},
          {"deleted", true}},
         order("o500", 201)});
    job = sync(id);
    ASSERT_EQ(job.at("status"), "succeeded") << json::serialize(job);
    // Incremental: from the newest stored (o119, minute 119) less the 2-minute overlap, so
    // o117 to o119 again, and the three changes.
    EXPECT_EQ(served() - 120, 3 + 3);
    EXPECT_EQ(stored(id, "o5").at("total").at("amount"), "99.00");
    EXPECT_TRUE(deleted(id, "o7"));
    EXPECT_EQ(api.get("/api/v6/users/" + org + "/commerce-orders/o7").status, 404);
    EXPECT_EQ(stored(id, "o500"), expected(order("o500", 201)));
    EXPECT_FALSE(deleted(id, "o6"));
}

TEST_F(CustomPull, ABadRecordFailsTheJobAndNothingOfItsPageIsStored) {
    json::array list;
    for (int i = 0; i < 60; ++i)
        list.push_back(order("o" + std::to_string(i), i));
    // The 56th, on the second page: money that is not a decimal string.
    list[55].as_object()["data"].as_object()["total"].as_object()["amount"] = 10.5;
    put(list);
    const std::string id = create_pull();

    const auto job = sync(id);
    ASSERT_EQ(job.at("status"), "failed") << json::serialize(job);
    EXPECT_EQ(job.at("attempts").as_int64(), 1);  // not retried: the server must change
    const std::string error = str(job.at("last_error"));
    EXPECT_THAT(error, StartsWith("validation_failed"));
    EXPECT_THAT(error, HasSubstr("records[5].data.total.amount"));
    // The first page is stored; nothing of the second.
    EXPECT_EQ(HubTest::stored(id, "COMMERCE_ORDER"), 50);
    EXPECT_TRUE(stored(id, "o49").is_object());
    EXPECT_TRUE(stored(id, "o50").is_null());
    EXPECT_TRUE(stored(id, "o59").is_null());
}

TEST_F(CustomPull, ServerErrorsAndThrottlesAreRetried) {
    json::array list;
    for (int i = 0; i < 70; ++i)
        list.push_back(order("o" + std::to_string(i), i));
    put(list);
    const std::string id = create_pull();
    auto f = post_json(server.port(), "/_emulator/faults", R"({"fail_next":2,"throttle_next":1})");
    ASSERT_EQ(f.status, 200) << f.body;

    const auto job = sync(id);
    ASSERT_EQ(job.at("status"), "succeeded") << json::serialize(job);
    EXPECT_EQ(HubTest::stored(id, "COMMERCE_ORDER"), 70);
    const auto s = stats();
    EXPECT_EQ(s.at("requests").at("injected_failures").as_int64(), 2);
    EXPECT_EQ(s.at("requests").at("pages").as_int64(), 2);  // each page answered once
}

TEST_F(CustomPull, AWrongTokenFailsTheJobAndMarksTheIntegration) {
    put({order("o1", 1)});
    const std::string id = create_pull("not-the-token");
    const auto job = sync(id);
    ASSERT_EQ(job.at("status"), "failed") << json::serialize(job);
    EXPECT_THAT(str(job.at("last_error")), StartsWith("platform_unauthorized"));
    EXPECT_EQ(api.get(base + "/" + id).json().at("status"), "ERROR");
    EXPECT_EQ(stats().at("requests").at("unauthorized").as_int64(), 1);
}

TEST_F(CustomPullOutsideTests, PrivateAddressesAreRefused) {
    // Outside tests base_url is an https URL of a host name …
    auto r = create(server.base_url());
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(code_of(r), "validation_failed");
    EXPECT_EQ(field_names(r), std::vector<std::string>{"settings.base_url"});
    // … and a name that resolves to a private address is refused at connect time, before any
    // packet reaches it.
    r = create("https://localhost:" + std::to_string(server.port()));
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string id = str(r.json().at("id"));
    const auto job = sync(id);
    ASSERT_EQ(job.at("status"), "failed") << json::serialize(job);
    EXPECT_THAT(str(job.at("last_error")), StartsWith("platform_unreachable"));
    EXPECT_EQ(stats().at("requests").at("total").as_int64(), 1);  // this stats call only
}

}  // namespace sb::test
