// Webhooks out, end to end: the account's endpoints on loopback receivers get the hub's
// events from a real sync and from a store's webhook, signed, in order per record, through
// outages and replays; the endpoint API refuses what it must.
#include <map>
#include <set>

#include "common/webhook_receiver.hpp"
#include "connectors/kit/webhook_signature.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "shopify_hub.hpp"

namespace sb::test {

namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

struct Received {
    std::string id;  // webhook-id
    std::string type;
    std::int64_t seq = 0;
    std::string subject;  // record type:id, or "" for other events
    json::object body;
};

class EventsOut : public ShopifyHub {
  protected:
    struct Endpoint {
        std::string id;
        std::string secret;
    };

    Endpoint create_endpoint(const std::string& url, const std::string& types = R"(["*"])") {
        auto r = api.post("/v1/webhook-endpoints",
                          R"({"url":")" + url + R"(","event_types":)" + types + "}");
        EXPECT_EQ(r.status, 201) << r.body;
        auto o = r.json().as_object();
        return {str(o.at("id")), str(o.at("secret"))};
    }

    // Every request the receiver got, checked against the endpoint's secret; fails the test
    // on a bad signature.
    std::vector<Received> received(const WebhookReceiver& rx, const std::string& secret) {
        std::vector<Received> out;
        for (const auto& req : rx.requests()) {
            const auto id = std::string(req.header("webhook-id").value_or(""));
            const auto check = connectors::kit::verify_standard_webhook(
                {id, req.header("webhook-timestamp").value_or(""),
                 req.header("webhook-signature").value_or("")},
                req.body, secret, std::chrono::system_clock::now());
            EXPECT_EQ(check, connectors::kit::SignatureCheck::valid) << req.body;
            auto body = json::parse(req.body).as_object();
            Received r{id, str(body.at("type")), body.at("seq").as_int64(), "", body};
            if (r.type.starts_with("record.")) {
                const auto& d = body.at("data").as_object();
                r.subject = str(d.at("type")) + ":" + str(d.at("id"));
            }
            EXPECT_EQ(str(body.at("id")), id);
            out.push_back(std::move(r));
        }
        return out;
    }

    json::array deliveries(const std::string& endpoint, const std::string& query = "") {
        auto r = api.get("/v1/webhook-endpoints/" + endpoint + "/deliveries?limit=200" + query);
        EXPECT_EQ(r.status, 200) << r.body;
        return r.json().at("_embedded").at("items").as_array();
    }

    std::int64_t pending(const std::string& endpoint) {
        return static_cast<std::int64_t>(deliveries(endpoint, "&status=pending").size());
    }
};

// Each record's events arrive in seq order (the first arrival of each event counts).
void expect_in_order_per_record(const std::vector<Received>& got) {
    std::map<std::string, std::int64_t> last;
    std::set<std::string> seen;
    for (const auto& r : got) {
        if (r.subject.empty() || !seen.insert(r.id).second)
            continue;
        auto& prev = last[r.subject];
        EXPECT_GT(r.seq, prev) << r.subject;
        prev = r.seq;
    }
}

}  // namespace

TEST_F(EventsOut, ASyncAndAStoreWebhookReachTheEndpointSignedAndInOrder) {
    WebhookReceiver rx;
    auto ep = create_endpoint(rx.url(), R"(["record.*","sync.succeeded"])");
    ASSERT_TRUE(ep.secret.starts_with("whsec_"));
    const auto c = connect(R"(["COMMERCE_ORDER"])");
    auto jobs = wait_for_jobs(c, 1);
    const auto orders = stored(c.id, "COMMERCE_ORDER");
    ASSERT_GT(orders, 0);
    // One record.created per stored order, and the sync's success.
    ASSERT_TRUE(eventually(
        [&] {
            std::set<std::string> created;
            bool synced = false;
            for (const auto& r : received(rx, ep.secret)) {
                if (r.type == "record.created")
                    created.insert(r.subject);
                synced = synced || r.type == "sync.succeeded";
            }
            return static_cast<std::int64_t>(created.size()) == orders && synced;
        },
        60s));

    // An edit in the store: its webhook reaches the hub, the hub's event reaches the endpoint.
    const auto order_id = read_db([&](sql::Session& s) {
        return s
            .exec(
                "SELECT external_id FROM records WHERE integration_id = $1 AND type = $2 "
                "ORDER BY external_id LIMIT 1",
                {c.id, std::string("COMMERCE_ORDER")})
            .rows.at(0)
            .text(0);
    });
    ASSERT_EQ(
        send(store.port(), {"PUT", "/_emulator/orders/" + order_id, {}, R"({"note":"to the app"})"})
            .status,
        200);
    ASSERT_TRUE(eventually(
        [&] {
            for (const auto& r : received(rx, ep.secret)) {
                if (r.type == "record.updated" && r.subject == "COMMERCE_ORDER:" + order_id &&
                    r.body.at("data").at("data").at("note") == "to the app")
                    return true;
            }
            return false;
        },
        30s));

    const auto got = received(rx, ep.secret);
    expect_in_order_per_record(got);
    // The event's seq is the change feed's: reading the feed after seq - 1 shows the change.
    const auto& last = got.back();
    const auto& data = last.body.at("data").as_object();
    EXPECT_EQ(str(data.at("organization_id")), c.user);
    auto feed = api.get("/v1/organizations/" + c.user +
                        "/changes?after=" + std::to_string(last.seq - 1) + "&limit=1")
                    .json();
    EXPECT_EQ(feed.at("_embedded").at("items").at(0).at("seq").as_int64(), last.seq);
    // Everything was delivered once (no failures here), and the log says so.
    EXPECT_EQ(pending(ep.id), 0);
    for (const auto& d : deliveries(ep.id)) {
        EXPECT_EQ(d.at("status"), "delivered");
        EXPECT_EQ(d.at("response_status").as_int64(), 200);
    }
}

TEST_F(EventsOut, IntegrationLifeAndRejectedDeliveriesAreEvents) {
    WebhookReceiver rx;
    auto ep = create_endpoint(rx.url(), R"(["integration.*","webhook_delivery.rejected"])");
    const auto c = connect(R"(["COMMERCE_LOCATION"])");
    wait_for_jobs(c, 1);
    auto types = [&] {
        std::vector<std::string> out;
        for (const auto& r : received(rx, ep.secret))
            out.push_back(r.type);
        return out;
    };
    auto has = [&](const std::string& type) {
        auto t = types();
        return std::find(t.begin(), t.end(), type) != t.end();
    };
    ASSERT_TRUE(eventually([&] { return has("integration.connected"); }));

    // A signed delivery that is not its topic's payload: kept as rejected, and the app told.
    const std::string body = R"({"id":"abc","updated_at":"garbage"})";
    auto junk =
        send(hub.port(), {"POST",
                          "/webhooks/shopify",
                          {{"Content-Type", "application/json"},
                           {"X-Shopify-Topic", "orders/updated"},
                           {"X-Shopify-Shop-Domain", "acme.myshopify.com"},
                           {"X-Shopify-Webhook-Id", "junk-1"},
                           {"X-Shopify-Hmac-Sha256",
                            crypto::base64_encode(crypto::hmac_sha256("app-secret", body))}},
                          body});
    ASSERT_EQ(junk.status, 422) << junk.body;
    ASSERT_TRUE(eventually([&] { return has("webhook_delivery.rejected"); }));

    // The merchant uninstalls the app: the store's app/uninstalled revokes the integration.
    ASSERT_EQ(send(store.port(), {"POST", "/_emulator/uninstall", {}, {}}).status, 200);
    ASSERT_TRUE(eventually([&] { return has("integration.revoked"); }, 30s));
    for (const auto& r : received(rx, ep.secret)) {
        const auto& d = r.body.at("data").as_object();
        if (r.type == "integration.revoked") {
            EXPECT_EQ(str(d.at("integration_id")), c.id);
            EXPECT_EQ(str(d.at("previous_status")), "CONNECTED");
        }
        if (r.type == "webhook_delivery.rejected") {
            EXPECT_EQ(str(d.at("platform_delivery_id")), "junk-1");
            EXPECT_FALSE(r.body.at("data").as_object().contains("body"));
        }
    }
}

TEST_F(EventsOut, CredentialsTheStoreRefusesTurnTheIntegrationToErrorAndSayIt) {
    WebhookReceiver rx;
    auto ep = create_endpoint(rx.url(), R"(["integration.error","sync.failed"])");
    const auto org = str(api.create("/v1/organizations", R"({"name":"Acme"})").at("id"));
    const auto id =
        str(api.create("/v1/organizations/" + org + "/integrations",
                       R"({"name":"placeholder","connector_id":"shopify","credentials":)"
                       R"({"shop_domain":"acme.myshopify.com","access_token":"shpat_..."}})")
                .at("id"));
    ASSERT_EQ(api.post("/v1/organizations/" + org + "/integrations/" + id + "/sync/orders").status,
              202);
    ASSERT_TRUE(eventually([&] { return rx.count() >= 2; }, 30s));
    std::set<std::string> types;
    for (const auto& r : received(rx, ep.secret)) {
        types.insert(r.type);
        EXPECT_EQ(str(r.body.at("data").at("integration_id")), id);
        if (r.type == "sync.failed") {
            EXPECT_TRUE(str(r.body.at("data").at("error")).starts_with("platform_unauthorized"));
        }
    }
    EXPECT_EQ(types, (std::set<std::string>{"integration.error", "sync.failed"}));
    EXPECT_EQ(api.get("/v1/organizations/" + org + "/integrations/" + id).json().at("status"),
              "ERROR");
}

TEST_F(EventsOut, DeletingAnIntegrationSendsADeletionForEachOfItsRecords) {
    const auto c = connect(R"(["COMMERCE_LOCATION","COMMERCE_ORDER"])");
    wait_for_jobs(c, 2);
    const auto records = stored(c.id, "COMMERCE_LOCATION") + stored(c.id, "COMMERCE_ORDER");
    ASSERT_GT(records, 0);
    // The app subscribes after the sync: it hears only of the deletions.
    WebhookReceiver rx;
    auto ep = create_endpoint(rx.url(), R"(["record.*"])");
    ASSERT_EQ(api.del(integration_path(c)).status, 204);
    ASSERT_TRUE(eventually([&] { return static_cast<std::int64_t>(rx.count()) >= records; }, 30s));
    std::set<std::string> deleted;
    for (const auto& r : received(rx, ep.secret)) {
        EXPECT_EQ(r.type, "record.deleted");
        EXPECT_EQ(str(r.body.at("data").at("integration_id")), c.id);
        deleted.insert(r.subject);
    }
    EXPECT_EQ(static_cast<std::int64_t>(deleted.size()), records);
}

TEST_F(EventsOut, AnOutageIsRiddenOutWithRetriesAndOrderPerRecordHolds) {
    WebhookReceiver rx;
    rx.set_failing(true);
    auto ep = create_endpoint(rx.url(), R"(["record.*"])");
    const auto c = connect(R"(["COMMERCE_ORDER"])");
    wait_for_jobs(c, 1);
    const auto orders = stored(c.id, "COMMERCE_ORDER");
    // The receiver is down: attempts fail and are rescheduled, nothing is lost.
    ASSERT_TRUE(eventually([&] { return rx.count() > static_cast<std::size_t>(orders); }, 30s));
    auto failing = deliveries(ep.id, "&status=pending");
    ASSERT_FALSE(failing.empty());
    bool saw_503 = false;
    for (const auto& d : failing)
        saw_503 = saw_503 ||
                  (d.at("response_status").is_int64() && d.at("response_status").as_int64() == 503);
    EXPECT_TRUE(saw_503);
    // Back up: every event arrives, each record's in order.
    rx.set_failing(false);
    ASSERT_TRUE(eventually([&] { return pending(ep.id) == 0; }, 60s));
    std::set<std::string> delivered_ok;
    for (const auto& d : deliveries(ep.id))
        EXPECT_EQ(d.at("status"), "delivered") << json::serialize(d);
    const auto got = received(rx, ep.secret);
    std::set<std::string> subjects;
    for (const auto& r : got)
        subjects.insert(r.subject);
    EXPECT_EQ(static_cast<std::int64_t>(subjects.size()), orders);
    expect_in_order_per_record(got);
}

TEST_F(EventsOut, OneDeliveryOrATimeRangeIsReplayed) {
    WebhookReceiver rx;
    auto ep = create_endpoint(rx.url(), R"(["record.created"])");
    const auto t0 = format_time(now_ms() - 1);
    const auto c = connect(R"(["COMMERCE_ORDER"])");
    wait_for_jobs(c, 1);
    const auto orders = stored(c.id, "COMMERCE_ORDER");
    ASSERT_TRUE(eventually([&] { return rx.count() == static_cast<std::size_t>(orders); }, 60s));
    ASSERT_TRUE(eventually([&] { return pending(ep.id) == 0; }));

    // One delivery again: a new log entry, the same event (same webhook-id).
    const auto first = deliveries(ep.id).at(0).as_object();
    auto replay = api.post("/v1/webhook-endpoints/" + ep.id + "/deliveries/" + str(first.at("id")) +
                           "/replay");
    ASSERT_EQ(replay.status, 202) << replay.body;
    EXPECT_EQ(replay.json().at("event_id"), first.at("event_id"));
    ASSERT_TRUE(eventually([&] { return rx.count() == static_cast<std::size_t>(orders) + 1; }));
    EXPECT_EQ(rx.requests().back().header("webhook-id").value_or(""), str(first.at("event_id")));

    // A time range: every event of the range again.
    auto range =
        api.post("/v1/webhook-endpoints/" + ep.id + "/replay", R"({"since":")" + t0 + R"("})");
    ASSERT_EQ(range.status, 202) << range.body;
    EXPECT_EQ(range.json().at("replayed").as_int64(), orders);
    EXPECT_EQ(range.json().at("truncated"), false);
    ASSERT_TRUE(
        eventually([&] { return rx.count() == 2 * static_cast<std::size_t>(orders) + 1; }, 60s));
    // Unknown delivery, bad range.
    EXPECT_EQ(api.post("/v1/webhook-endpoints/" + ep.id + "/deliveries/dlv_nope/replay").status,
              404);
    auto bad = api.post("/v1/webhook-endpoints/" + ep.id + "/replay", R"({"since":"yesterday"})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(field_names(bad), std::vector<std::string>{"since"});
}

TEST_F(EventsOut, TheEndpointApiValidatesPagesRotatesAndDeletes) {
    // The catalog.
    auto types = api.get("/v1/event-types");
    ASSERT_EQ(types.status, 200);
    EXPECT_GE(types.json().at("count").as_int64(), 10);

    // Bad input: one 400 naming every bad field.
    auto bad = api.post("/v1/webhook-endpoints",
                        R"({"url":"ftp://example.com/x","event_types":["record.created","nope"],
                            "colour":"red"})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(code_of(bad), "validation_failed");
    auto names = field_names(bad);
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"colour", "event_types[1]", "url"}));
    EXPECT_EQ(api.post("/v1/webhook-endpoints", R"({"url":"https://u:p@example.com/"})").status,
              400);
    EXPECT_EQ(api.post("/v1/webhook-endpoints", "{}").status, 400);

    // Created: the secret once; reads never show it.
    auto ep = create_endpoint("https://example.com/hooks");
    auto one = api.get("/v1/webhook-endpoints/" + ep.id);
    ASSERT_EQ(one.status, 200);
    EXPECT_FALSE(one.json().as_object().contains("secret"));
    EXPECT_EQ(one.body.find(ep.secret), std::string::npos);
    EXPECT_EQ(one.json().at("event_types").at(0), "*");
    EXPECT_EQ(one.json().at("enabled"), true);

    // Update with If-Match, then a stale one.
    auto upd =
        api.call("PATCH", "/v1/webhook-endpoints/" + ep.id,
                 R"({"event_types":["sync.*"],"description":"ops"})", {{"If-Match", "\"v1\""}});
    ASSERT_EQ(upd.status, 200) << upd.body;
    EXPECT_EQ(upd.json().at("description"), "ops");
    EXPECT_EQ(api.call("PATCH", "/v1/webhook-endpoints/" + ep.id, R"({"enabled":false})",
                       {{"If-Match", "\"v1\""}})
                  .status,
              412);

    // Rotation: a new secret, the old one still signing for a day.
    auto rot = api.post("/v1/webhook-endpoints/" + ep.id + "/rotate-secret");
    ASSERT_EQ(rot.status, 200);
    EXPECT_NE(str(rot.json().at("secret")), ep.secret);
    EXPECT_FALSE(rot.json().at("previous_secret_expires_at").is_null());

    // Listed and paged.
    for (int i = 0; i < 3; ++i)
        create_endpoint("https://example.com/h" + std::to_string(i));
    auto page = api.get("/v1/webhook-endpoints?limit=2").json();
    EXPECT_EQ(page.at("count").as_int64(), 2);
    EXPECT_TRUE(page.at("_links").as_object().contains("next"));

    // Deleted: gone, with its log.
    EXPECT_EQ(api.del("/v1/webhook-endpoints/" + ep.id).status, 204);
    EXPECT_EQ(api.get("/v1/webhook-endpoints/" + ep.id).status, 404);
    EXPECT_EQ(api.get("/v1/webhook-endpoints/" + ep.id + "/deliveries").status, 404);

    // Scopes: a token without webhooks:write cannot create.
    Api reader{hub.port(), hub.token("webhooks:read")};
    EXPECT_EQ(reader.post("/v1/webhook-endpoints", R"({"url":"https://example.com/"})").status,
              403);
    EXPECT_EQ(reader.get("/v1/webhook-endpoints").status, 200);
}

// The Shopify hub with the retry schedule run 10,000 times faster (~10 s end to end).
class EventsGiveUp : public HubTest {
  protected:
    static config::Settings settings(std::uint16_t store_port) {
        auto s = ShopifyHub::hub_settings(store_port);
        s.event_retry_scale = 0.0001;
        return s;
    }
    emulators::shopify::Emulator store{ShopifyHub::store_options()};
    bool started = (store.start(), true);
    TestServer hub{settings(store.port())};
    Api api{hub.port(), hub.token()};
    TestServer& hub_server() override { return hub; }
    Api& hub_api() override { return api; }
};

TEST_F(EventsGiveUp, ThePersistentlyFailingEndpointIsDisabledAndTheAccountTold) {
    // A port nothing listens on (the receiver is gone).
    std::string dead_url;
    {
        WebhookReceiver gone;
        dead_url = gone.url();
    }
    WebhookReceiver watcher;
    auto endpoint = [&](const std::string& url, const std::string& types) {
        auto r = api.create("/v1/webhook-endpoints",
                            R"({"url":")" + url + R"(","event_types":)" + types + "}");
        return std::make_pair(str(r.at("id")), str(r.at("secret")));
    };
    const auto [watch_id, watch_secret] =
        endpoint(watcher.url(), R"(["webhook_endpoint.disabled"])");
    const auto [dead_id, dead_secret] = endpoint(dead_url, R"(["record.*"])");
    register_app("shopify", "app-key", "app-secret");
    const auto c = connect_store("shopify", "acme.myshopify.com", R"(["COMMERCE_LOCATION"])");
    wait_for_jobs(c, 1);
    // The whole schedule (8 attempts, ~27 h at full scale) runs in ~10 s here.
    ASSERT_TRUE(eventually([&] { return watcher.count() >= 1; }, 120s));
    auto e = api.get("/v1/webhook-endpoints/" + dead_id).json();
    EXPECT_EQ(e.at("enabled"), false);
    EXPECT_TRUE(str(e.at("disabled_reason")).find("connection_refused") != std::string::npos)
        << json::serialize(e);
    auto log = api.get("/v1/webhook-endpoints/" + dead_id + "/deliveries?status=failed").json();
    ASSERT_GE(log.at("count").as_int64(), 1);
    EXPECT_EQ(log.at("_embedded").at("items").at(0).at("attempts").as_int64(), 8);
    const auto req = watcher.requests().at(0);
    auto body = json::parse(req.body);
    EXPECT_EQ(body.at("type"), "webhook_endpoint.disabled");
    EXPECT_EQ(str(body.at("data").at("endpoint_id")), dead_id);

    // Enabled again, it clears its reason.
    auto on = api.call("PATCH", "/v1/webhook-endpoints/" + dead_id, R"({"enabled":true})", {});
    ASSERT_EQ(on.status, 200) << on.body;
    EXPECT_TRUE(on.json().at("disabled_reason").is_null());
}

TEST(EventsOutTargets, PrivateAddressesAreRefusedUnlessAllowed) {
    TestServer hub;  // allow_private_targets off, as in production
    Api api{hub.port(), hub.token()};
    for (const auto* url : {"http://127.0.0.1:9/x", "http://10.1.2.3/x", "http://localhost/x",
                            "http://169.254.169.254/latest", "http://[::1]/x"}) {
        auto r = api.post("/v1/webhook-endpoints", std::string(R"({"url":")") + url + R"("})");
        EXPECT_EQ(r.status, 400) << url;
        EXPECT_EQ(field_names(r), std::vector<std::string>{"url"}) << url;
    }
    EXPECT_EQ(api.post("/v1/webhook-endpoints", R"({"url":"https://hooks.example.com/x"})").status,
              201);
}

}  // namespace sb::test
