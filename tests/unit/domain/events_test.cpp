// Webhooks out, the parts without a server: event type filters, the retry schedule, the
// body an endpoint receives, and the signature checked against the published vector.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "crypto/crypto.hpp"
#include "domain/events/event_body.hpp"
#include "domain/events/event_types.hpp"
#include "sync/event_sender.hpp"

namespace sb {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using domain::events::check_filter_entry;
using domain::events::filter_matches;

TEST(EventTypes, FiltersTakeTypesGroupsAndEverything) {
    EXPECT_TRUE(filter_matches({"*"}, "sync.failed"));
    EXPECT_TRUE(filter_matches({"record.*"}, "record.deleted"));
    EXPECT_FALSE(filter_matches({"record.*"}, "sync.failed"));
    EXPECT_TRUE(filter_matches({"sync.failed", "record.created"}, "record.created"));
    EXPECT_FALSE(filter_matches({"sync.failed"}, "sync.succeeded"));
    EXPECT_FALSE(filter_matches({}, "sync.failed"));

    EXPECT_EQ(check_filter_entry("*"), "");
    EXPECT_EQ(check_filter_entry("integration.*"), "");
    EXPECT_EQ(check_filter_entry("webhook_delivery.rejected"), "");
    EXPECT_NE(check_filter_entry("orders.*"), "");
    EXPECT_NE(check_filter_entry("record.created "), "");
    EXPECT_NE(check_filter_entry(""), "");

    EXPECT_EQ(domain::events::split_filter(domain::events::join_filter({"a.*", "b.c"})),
              (std::vector<std::string>{"a.*", "b.c"}));
}

TEST(EventRetries, TheScheduleSpansMoreThanADayThenGivesUp) {
    std::chrono::seconds total{0};
    std::int64_t attempts = 1;
    for (; sync::event_retry_delay(attempts) != 0s; ++attempts)
        total += sync::event_retry_delay(attempts);
    EXPECT_EQ(attempts, 8);  // the 8th failure gives up
    EXPECT_GE(total, 24h);
    EXPECT_EQ(sync::event_retry_delay(1), 5s);
}

domain::StoredEvent record_event(std::string data) {
    domain::StoredEvent e;
    e.account_id = "acct_1";
    e.seq = 42;
    e.id = "evt_1";
    e.type = "record.updated";
    e.subject = "record:int_1:COMMERCE_ORDER:7";
    e.merchant_id = "org_1";
    e.integration_id = "int_1";
    e.record_type = "COMMERCE_ORDER";
    e.external_id = "7";
    e.record_updated_at = 1'700'000'000'000;
    e.data = std::move(data);
    e.created_at = 1'700'000'000'500;
    return e;
}

TEST(EventBody, ARecordEventCarriesTheChangeAsTheFeedShowsIt) {
    auto body = json::parse(
        domain::events::event_body(record_event(R"({"note":"hi"})"), "https://hub.example.com"));
    EXPECT_EQ(body.at("id"), "evt_1");
    EXPECT_EQ(body.at("type"), "record.updated");
    EXPECT_EQ(body.at("seq").as_int64(), 42);
    const auto& d = body.at("data");
    EXPECT_EQ(d.at("operation"), "updated");
    EXPECT_EQ(d.at("type"), "COMMERCE_ORDER");
    EXPECT_EQ(d.at("id"), "7");
    EXPECT_EQ(d.at("organization_id"), "org_1");
    EXPECT_EQ(d.at("data").at("note"), "hi");
    EXPECT_EQ(d.at("data").at("data_connection_id"), "int_1");
}

TEST(EventBody, ALargeRecordIsSentAsAReference) {
    const std::string big =
        R"({"note":")" + std::string(domain::events::k_max_inline_record, 'x') + R"("})";
    auto body =
        json::parse(domain::events::event_body(record_event(big), "https://hub.example.com"));
    const auto& d = body.at("data").as_object();
    EXPECT_FALSE(d.contains("data"));
    EXPECT_EQ(d.at("truncated"), true);
    EXPECT_EQ(
        d.at("href"),
        "https://hub.example.com/api/v6/users/org_1/commerce-orders/7?data_connection_id=int_1");
}

// The published Standard Webhooks vector (standard-webhooks, libraries/python tests).
TEST(EventSignature, MatchesThePublishedVector) {
    EXPECT_EQ(crypto::standard_webhook_signature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                                                 "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                                                 R"({"test": 2432232314})"),
              "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    EXPECT_EQ(crypto::standard_webhook_signature("whsec_!!!", "id", "1", "{}"), "");
}

}  // namespace
}  // namespace sb
