#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <set>

#include "connectors/kit/webhook_payload.hpp"
#include "connectors/shoplazza/shoplazza_connector.hpp"

namespace sb::connectors::kit {
namespace {

namespace json = boost::json;

// The names of the fields the check refused, or {} when it passed.
std::set<std::string> refused(const std::string& body, IdKind kind) {
    const auto o = json::parse(body).as_object();
    try {
        PayloadCheck(o).id("id", kind).time("updated_at").integer("available").done();
    } catch (const ApiError& e) {
        EXPECT_EQ(e.code(), Errc::invalid_webhook_payload);
        std::set<std::string> names;
        for (const auto& f : e.fields())
            names.insert(f.name);
        return names;
    }
    return {};
}

using Names = std::set<std::string>;

TEST(WebhookPayload, IntegerIdsAndTimes) {
    EXPECT_EQ(
        refused(R"({"id":450789469,"updated_at":"2008-01-10T11:00:00-05:00"})", IdKind::integer),
        Names{});
    EXPECT_EQ(refused(R"({"id":"abc","updated_at":"garbage"})", IdKind::integer),
              (Names{"id", "updated_at"}));
    EXPECT_EQ(refused(R"({"id":0,"updated_at":"2008-01-10T11:00:00Z"})", IdKind::integer),
              Names{"id"});
    EXPECT_EQ(refused(R"({"id":-1,"updated_at":null})", IdKind::integer),
              (Names{"id", "updated_at"}));
    EXPECT_EQ(refused(R"({"id":2.5,"updated_at":"2008-01-10T11:00:00Z"})", IdKind::integer),
              Names{"id"});
    EXPECT_EQ(refused(R"({})", IdKind::integer), (Names{"id", "updated_at"}));
    EXPECT_EQ(refused(R"({"id":1,"updated_at":"2008-01-10T11:00:00Z","available":"six"})",
                      IdKind::integer),
              Names{"available"});
}

TEST(WebhookPayload, TextIds) {
    EXPECT_EQ(refused(R"({"id":"5f0e-aa","updated_at":"2022-08-03T03:56:59Z"})", IdKind::text),
              Names{});
    EXPECT_EQ(refused(R"({"id":"","updated_at":"2022-08-03T03:56:59Z"})", IdKind::text),
              Names{"id"});
    EXPECT_EQ(refused(R"({"id":12,"updated_at":"2022-08-03T03:56:59Z"})", IdKind::text),
              Names{"id"});
    EXPECT_EQ(
        refused(R"({"id":")" + std::string(256, 'x') + R"(","updated_at":"2022-08-03T03:56:59Z"})",
                IdKind::text),
        Names{"id"});
}

TEST(WebhookPayload, ShoplazzaRefusesJunkAndTakesItsOwnShape) {
    auto c = make_shoplazza_connector();
    const auto* receiver = c->webhooks();
    ASSERT_NE(receiver, nullptr);
    try {
        receiver->decode_webhook("orders/update", R"({"order":{"id":7,"updated_at":"soon"}})");
        ADD_FAILURE() << "junk decoded";
    } catch (const ApiError& e) {
        EXPECT_EQ(e.code(), Errc::invalid_webhook_payload);
        EXPECT_EQ(e.fields().size(), 2u);
    }
    try {
        receiver->decode_webhook("orders/update", R"({"product":{}})");
        ADD_FAILURE() << "a payload without its object decoded";
    } catch (const ApiError& e) {
        EXPECT_EQ(e.code(), Errc::invalid_webhook_payload);
    }
    const auto ok = receiver->decode_webhook(
        "orders/update",
        R"({"order":{"id":"store-1001","number":"1001","updated_at":"2022-08-03T03:56:59Z"}})");
    ASSERT_EQ(ok.records.size(), 1u);
    EXPECT_EQ(ok.records[0].external_id, "store-1001") << ok.records[0].data;
}

}  // namespace
}  // namespace sb::connectors::kit
