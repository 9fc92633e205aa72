// The back end of the operator console against an emulated Shopify store: the account's job
// list, a record's normalized and raw JSON, an integration's per-type counts, the /metrics
// series, and the `storebridge status` and `--help` commands of the real binary.
#include <filesystem>
#include <set>

#include "common/process.hpp"
#include "crypto/crypto.hpp"
#include "shopify_hub.hpp"

namespace sb::test {

namespace {

namespace json = boost::json;

class ConsoleApi : public ShopifyHub {
  protected:
    void SetUp() override {
        c_ = connect(R"(["COMMERCE_ORDER","COMMERCE_PRODUCT","COMMERCE_CUSTOMER"])");
        auto jobs = wait_for_jobs(c_, 3);
        for (const auto& j : jobs.at("_embedded").at("items").as_array())
            ASSERT_EQ(j.at("status"), "succeeded") << json::serialize(j);
    }

    Connected c_;

    std::string first_external_id(const std::string& type) {
        return read_db([&](sql::Session& s) {
            return s
                .exec(
                    "SELECT external_id FROM records WHERE integration_id = $1 AND type = $2"
                    " ORDER BY external_id LIMIT 1",
                    {c_.id, type})
                .rows.at(0)
                .text(0);
        });
    }

    // The value of one series of /metrics, or -1 when the series is not there.
    double metric(const std::string& series) {
        const auto r = send(hub.port(), {"GET", "/metrics", {}, {}});
        EXPECT_EQ(r.status, 200);
        std::size_t at = 0;
        while ((at = r.body.find(series + " ", at)) != std::string::npos) {
            if (at == 0 || r.body[at - 1] == '\n')
                return std::stod(r.body.substr(at + series.size() + 1));
            at += series.size();
        }
        return -1;
    }

    HttpResponse deliver(const std::string& body, const std::string& webhook_id,
                         const std::string& secret = "app-secret") {
        return send(
            hub.port(),
            {"POST",
             "/webhooks/shopify",
             {{"Content-Type", "application/json"},
              {"X-Shopify-Topic", "orders/updated"},
              {"X-Shopify-Shop-Domain", "acme.myshopify.com"},
              {"X-Shopify-Webhook-Id", webhook_id},
              {"X-Shopify-Hmac-Sha256", crypto::base64_encode(crypto::hmac_sha256(secret, body))}},
             body});
    }
};

TEST_F(ConsoleApi, AccountJobsAreListedNewestFirstFilteredAndPaged) {
    auto all = api.get("/v1/jobs");
    ASSERT_EQ(all.status, 200) << all.body;
    const auto items = all.json().at("_embedded").at("items").as_array();
    ASSERT_EQ(items.size(), 3u);
    std::string previous = "9999";
    for (const auto& j : items) {
        EXPECT_EQ(j.at("organization_id"), c_.user.c_str());
        EXPECT_EQ(j.at("integration_id"), c_.id.c_str());
        EXPECT_EQ(j.at("connector"), "shopify");
        EXPECT_EQ(j.at("status"), "succeeded");
        EXPECT_TRUE(j.at("progress").as_object().contains("records_written"));
        const std::string created = str(j.at("created_at"));
        EXPECT_LE(created, previous);  // RFC 3339 UTC text sorts as time
        previous = created;
        const std::string self = str(j.at("_links").at("self").at("href"));
        EXPECT_NE(self.find("/integrations/" + c_.id + "/jobs/" + str(j.at("id"))),
                  std::string::npos);
    }

    // One a page: every job once, through the next links.
    const auto paged = list_all("/v1/jobs?limit=1");
    std::set<std::string> ids;
    for (const auto& j : paged)
        ids.insert(str(j.at("id")));
    EXPECT_EQ(paged.size(), 3u);
    EXPECT_EQ(ids.size(), 3u);

    EXPECT_EQ(list_all("/v1/jobs?status=succeeded&connector=shopify&integration_id=" + c_.id +
                       "&organization_id=" + c_.user)
                  .size(),
              3u);
    EXPECT_EQ(list_all("/v1/jobs?status=running").size(), 0u);
    EXPECT_EQ(list_all("/v1/jobs?connector=bigcommerce").size(), 0u);
    EXPECT_EQ(list_all("/v1/jobs?organization_id=org_none").size(), 0u);

    // A sync queued now is the newest.
    ASSERT_EQ(api.post(integration_path(c_) + "/sync/orders").status, 202);
    auto newest = api.get("/v1/jobs?limit=1").json().at("_embedded").at("items").at(0);
    EXPECT_EQ(newest.at("data_type"), "COMMERCE_ORDER");
    EXPECT_EQ(newest.at("trigger"), "manual");

    auto bad = api.get("/v1/jobs?status=done&connector=nope");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(code_of(bad), "validation_failed");
    const auto fields = field_names(bad);
    EXPECT_EQ(std::set<std::string>(fields.begin(), fields.end()),
              (std::set<std::string>{"status", "connector"}));
    EXPECT_EQ(code_of(api.get("/v1/jobs?cursor=forged")), "invalid_cursor");
    EXPECT_EQ(send(hub.port(), {"GET", "/v1/jobs", {}, {}}).status, 401);
}

TEST_F(ConsoleApi, ARecordIsReadNormalizedAndRaw) {
    const auto id = first_external_id("COMMERCE_ORDER");
    auto r = api.get(integration_path(c_) + "/records/COMMERCE_ORDER/" + id);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto body = r.json();
    EXPECT_EQ(body.at("type"), "COMMERCE_ORDER");
    EXPECT_EQ(body.at("external_id"), id.c_str());
    EXPECT_EQ(body.at("deleted"), false);
    EXPECT_FALSE(str(body.at("updated_at")).empty());
    ASSERT_TRUE(body.at("data").is_object());
    EXPECT_EQ(json::parse(record_data(c_.id, "COMMERCE_ORDER", id)), body.at("data"));
    // The platform's JSON as stored, not the normalized one.
    ASSERT_TRUE(body.at("raw").is_object());
    EXPECT_NE(body.at("raw"), body.at("data"));
    const auto stored_raw = read_db([&](sql::Session& s) {
        return s
            .exec(
                "SELECT raw FROM records WHERE integration_id = $1 AND type = $2 AND "
                "external_id = $3",
                {c_.id, std::string("COMMERCE_ORDER"), id})
            .rows.at(0)
            .text(0);
    });
    EXPECT_EQ(json::parse(stored_raw), body.at("raw"));

    auto absent = api.get(integration_path(c_) + "/records/COMMERCE_ORDER/no-such-order");
    EXPECT_EQ(absent.status, 404);
    EXPECT_EQ(code_of(absent), "not_found");
    auto bad_type = api.get(integration_path(c_) + "/records/ORDERS/" + id);
    EXPECT_EQ(bad_type.status, 400);
    EXPECT_EQ(field_names(bad_type), std::vector<std::string>{"type"});
    // Another merchant's path to the same integration finds nothing.
    const auto other = str(api.create("/v1/organizations", R"({"name":"Other"})").at("id"));
    EXPECT_EQ(api.get("/v1/organizations/" + other + "/integrations/" + c_.id +
                      "/records/COMMERCE_ORDER/" + id)
                  .status,
              404);
    // The custom connector's push route on .../records is still a POST route of its own.
    EXPECT_NE(api.post(integration_path(c_) + "/records", "{}").status, 405);
}

TEST_F(ConsoleApi, AnIntegrationShowsRecordCountsAndTheLastJobPerDataType) {
    auto check = [&](const json::value& integration) {
        SCOPED_TRACE(json::serialize(integration.at("data_types")));
        std::set<std::string> types;
        for (const auto& t : integration.at("data_types").as_array()) {
            const std::string type = str(t.at("data_type"));
            types.insert(type);
            EXPECT_EQ(t.at("records").as_int64(),
                      stored(c_.id, type) - read_db([&](sql::Session& s) {
                          return s
                              .exec(
                                  "SELECT COUNT(*) FROM records "
                                  "WHERE integration_id = $1 AND "
                                  "type = $2 AND deleted = 1",
                                  {c_.id, type})
                              .rows.at(0)
                              .integer(0);
                      }))
                << type;
            if (type == "COMMERCE_ORDER" || type == "COMMERCE_PRODUCT" ||
                type == "COMMERCE_CUSTOMER") {
                EXPECT_GT(t.at("records").as_int64(), 0) << type;
                EXPECT_EQ(t.at("last_job").at("status"), "succeeded") << type;
                EXPECT_FALSE(t.at("last_job").at("finished_at").is_null()) << type;
                EXPECT_FALSE(t.at("last_synced_at").is_null()) << type;
            }
        }
        EXPECT_TRUE(types.count("COMMERCE_ORDER"));
        EXPECT_TRUE(types.count("COMMERCE_CUSTOMER"));
    };
    auto one = api.get(integration_path(c_));
    ASSERT_EQ(one.status, 200) << one.body;
    check(one.json());
    auto list = api.get("/v1/organizations/" + c_.user + "/integrations");
    ASSERT_EQ(list.status, 200) << list.body;
    const auto page = list.json();
    ASSERT_EQ(page.at("_embedded").at("items").as_array().size(), 1u);
    check(page.at("_embedded").at("items").at(0));

    // The newest job of a type is the one shown, whatever its status.
    ASSERT_EQ(api.post(integration_path(c_) + "/sync/orders").status, 202);
    const auto queued = api.get("/v1/jobs?limit=1").json().at("_embedded").at("items").at(0);
    const auto after = api.get(integration_path(c_)).json();
    for (const auto& t : after.at("data_types").as_array()) {
        if (t.at("data_type") == "COMMERCE_ORDER") {
            EXPECT_EQ(t.at("last_job").at("id"), queued.at("id"));
        }
    }
}

TEST_F(ConsoleApi, MetricsMoveWithSyncsAndWebhooks) {
    EXPECT_GT(metric(R"(storebridge_records_written_total{connector="shopify"})"), 0);
    EXPECT_GT(metric(R"(storebridge_platform_calls_total{connector="shopify"})"), 0);
    EXPECT_GE(metric(R"(storebridge_platform_throttles_total{connector="shopify"})"), 0);
    EXPECT_EQ(metric(R"(storebridge_jobs{status="succeeded",connector="shopify"})"), 3);
    EXPECT_GE(metric(R"(storebridge_queue_depth{queue="sync_jobs"})"), 0);
    EXPECT_GE(metric(R"(storebridge_queue_depth{queue="webhook_inbox"})"), 0);
    EXPECT_GE(metric(R"(storebridge_queue_depth{queue="event_outbox"})"), 0);

    auto outcome = [&](const char* o) {
        return metric(
            std::string(R"(storebridge_webhook_deliveries_total{provider="shopify",outcome=")") +
            o + "\"}");
    };
    const double received = outcome("received");
    const double applied = outcome("applied");
    const double duplicate = outcome("duplicate");
    const double rejected = outcome("rejected");
    ASSERT_GE(received, 0);

    const auto id = first_external_id("COMMERCE_ORDER");
    auto order = send(store.port(), {"GET",
                                     "/admin/api/2025-01/orders/" + id + ".json",
                                     {{"X-Shopify-Access-Token", store.admin_token()}},
                                     {}});
    ASSERT_EQ(order.status, 200) << order.body;
    const std::string body = json::serialize(order.json().at("order"));
    ASSERT_EQ(deliver(body, "console-metrics-1").status, 200);
    ASSERT_EQ(deliver(body, "console-metrics-1").status, 200);  // a redelivery
    EXPECT_EQ(deliver(body, "console-metrics-2", "not-the-secret").status, 401);
    EXPECT_EQ(outcome("received"), received + 1);
    EXPECT_EQ(outcome("duplicate"), duplicate + 1);
    EXPECT_EQ(outcome("rejected"), rejected + 1);
    EXPECT_TRUE(eventually([&] { return outcome("applied") >= applied + 1; }));

    // Another sync moves the job gauge.
    ASSERT_EQ(api.post(integration_path(c_) + "/sync/orders").status, 202);
    wait_for_jobs(c_, 4);
    EXPECT_EQ(metric(R"(storebridge_jobs{status="succeeded",connector="shopify"})"), 4);
}

TEST_F(ConsoleApi, StatusPrintsAccountsIntegrationsAndJobs) {
    const auto r =
        run_process({storebridge_binary(), "status", "--database", hub.settings().database});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Accounts (1)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("admin"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Integrations (1)"), std::string::npos) << r.out;
    // The integration's row: platform, store, status and its live records.
    const auto row = r.out.find(c_.id);
    ASSERT_NE(row, std::string::npos) << r.out;
    const auto line = r.out.substr(r.out.rfind('\n', row) + 1,
                                   r.out.find('\n', row) - r.out.rfind('\n', row) - 1);
    const auto records = read_db([&](sql::Session& s) {
        return s
            .exec("SELECT COUNT(*) FROM records WHERE integration_id = $1 AND deleted = 0", {c_.id})
            .rows.at(0)
            .integer(0);
    });
    EXPECT_NE(line.find("shopify"), std::string::npos) << line;
    EXPECT_NE(line.find("acme.myshopify.com"), std::string::npos) << line;
    EXPECT_NE(line.find("CONNECTED"), std::string::npos) << line;
    EXPECT_NE(line.find(" " + std::to_string(records) + " "), std::string::npos) << line;
    EXPECT_NE(r.out.find("Running and queued jobs (0)"), std::string::npos) << r.out;
    // No password of a database URL is printed.
    EXPECT_EQ(r.out.find(":" + std::string("secret@")), std::string::npos);

    // A data directory with no database is reported, not created.
    TempDir empty;
    const auto none = run_process({storebridge_binary(), "status", "--data-dir", empty.path()});
    EXPECT_EQ(none.exit_code, 1);
    EXPECT_FALSE(std::filesystem::exists(empty.path() + "/storebridge.db"));
}

TEST(Cli, EverySubcommandAnswersHelp) {
    for (const std::vector<std::string>& command : {std::vector<std::string>{"serve"},
                                                    {"admin"},
                                                    {"admin", "create-client"},
                                                    {"migrate"},
                                                    {"status"},
                                                    {"push"},
                                                    {"emulate"},
                                                    {"emulate", "shopify"},
                                                    {"version"}}) {
        std::vector<std::string> argv{storebridge_binary()};
        argv.insert(argv.end(), command.begin(), command.end());
        argv.push_back("--help");
        const auto r = run_process(argv);
        EXPECT_EQ(r.exit_code, 0) << command[0] << ": " << r.err;
        EXPECT_TRUE(r.out.starts_with("usage: storebridge")) << command[0] << ": " << r.out;
    }
    const auto top = run_process({storebridge_binary(), "--help"});
    EXPECT_EQ(top.exit_code, 0);
    EXPECT_NE(top.out.find("storebridge status"), std::string::npos) << top.out;
}

}  // namespace

}  // namespace sb::test
