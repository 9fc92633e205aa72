// The webhook decoders: Shopify's REST-shaped bodies and Shoplazza's, per topic, into
// normalized records. Input: the topic on the first line, the body after it. Only ApiError
// (the decoders' documented failure) may escape; any other exception or a record whose data
// is not a JSON object is a bug.
#include <boost/json/parse.hpp>
#include <cstdlib>
#include <memory>

#include "connectors/shopify/webhooks.hpp"
#include "connectors/shoplazza/shoplazza_connector.hpp"
#include "core/error.hpp"
#include "input.hpp"

namespace {

void check(const sb::connectors::WebhookEvent& e) {
    for (const auto& r : e.records) {
        boost::system::error_code ec;
        auto v = boost::json::parse(r.data, ec);
        if (ec || !v.is_object())
            std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto shoplazza = sb::connectors::make_shoplazza_connector();
    const auto [topic, body] = sb::fuzz::first_line(sb::fuzz::text(data, size));
    try {
        check(sb::connectors::shopify::webhooks::decode(topic, body));
    } catch (const sb::ApiError&) {
    }
    try {
        check(shoplazza->webhooks()->decode_webhook(topic, body));
    } catch (const sb::ApiError&) {
    }
    // The signature check on the same body, with the topic line as the header.
    (void)sb::connectors::shopify::webhooks::verify(body, topic, "fuzz-secret");
    return 0;
}
