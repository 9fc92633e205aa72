#include "connectors/bigcommerce/webhooks.hpp"

#include <boost/json/parse.hpp>

#include "connectors/common/json_util.hpp"
#include "connectors/kit/webhook_payload.hpp"
#include "connectors/kit/webhook_signature.hpp"
#include "core/error.hpp"
#include "crypto/crypto.hpp"

namespace sb::connectors::bigcommerce {

namespace json = boost::json;

namespace {

bool valid_hash(std::string_view v) {
    if (v.empty() || v.size() > 32)
        return false;
    for (char c : v) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

std::string header(const HeaderLookup& headers, std::string_view name) {
    return headers ? headers(name) : std::string();
}

bool under(std::string_view topic, std::string_view prefix) {
    return topic.rfind(prefix, 0) == 0;
}

}  // namespace

const std::vector<std::string>& webhook_scopes() {
    static const std::vector<std::string> k{
        "store/order/created",    "store/order/updated",         "store/order/statusUpdated",
        "store/shipment/created", "store/product/created",       "store/product/updated",
        "store/product/deleted",  "store/customer/created",      "store/customer/updated",
        "store/customer/deleted", "store/sku/inventory/updated", "store/app/uninstalled"};
    return k;
}

std::optional<WebhookEnvelope> webhook_envelope(std::string_view body) {
    boost::system::error_code ec;
    auto v = json::parse(body, ec);
    if (ec || !v.is_object())
        return std::nullopt;
    const auto& o = v.as_object();
    const std::string producer = jsonu::str(o, "producer").value_or("");
    WebhookEnvelope e;
    if (producer.rfind("stores/", 0) == 0)
        e.store = producer.substr(7);
    e.topic = jsonu::str(o, "scope").value_or("");
    e.delivery_id = jsonu::str(o, "hash").value_or("");
    if (!valid_hash(e.store) || e.topic.empty() || e.delivery_id.empty() ||
        e.delivery_id.size() > 200)
        return std::nullopt;
    return e;
}

bool verify_signature(const HeaderLookup& headers, std::string_view body,
                      std::string_view client_secret, std::chrono::system_clock::time_point now) {
    if (client_secret.empty())
        return false;
    const std::string id = header(headers, "webhook-id");
    const std::string ts = header(headers, "webhook-timestamp");
    const std::string sig = header(headers, "webhook-signature");
    // The kit's Standard Webhooks secret is `whsec_<base64 key>`; BigCommerce's key is the raw
    // client secret.
    return kit::verify_standard_webhook({id, ts, sig}, body,
                                        "whsec_" + crypto::base64_encode(client_secret),
                                        now) == kit::SignatureCheck::valid;
}

bool verify_hook_header(const HeaderLookup& headers, std::string_view secret) {
    if (secret.empty())
        return false;
    return crypto::constant_time_equal(header(headers, k_hook_secret_header), secret);
}

LightEvent decode_light(std::string_view topic, std::string_view body) {
    boost::system::error_code ec;
    auto v = json::parse(body, ec);
    if (ec || !v.is_object())
        throw ApiError(Errc::invalid_json, "The webhook body is not JSON");
    const auto& o = v.as_object();
    const auto* data = jsonu::obj(o, "data");
    if (!data) {
        throw ApiError(Errc::invalid_webhook_payload, "The webhook payload is not the topic's", "",
                       {{"data", "is required: {type, id}"}});
    }
    kit::PayloadCheck(o).integer("created_at").done();
    LightEvent ev;
    if (topic == "store/app/uninstalled") {
        ev.kind = WebhookKind::app_uninstalled;
        return ev;
    }
    using F = LightEvent::Fetch;
    auto by_id = [&](F fetch, domain::DataType type, std::string_view field) {
        kit::PayloadCheck(*data).id(field, kit::IdKind::integer).done();
        ev.kind = WebhookKind::records;
        ev.fetch = fetch;
        ev.type = type;
        ev.id = std::to_string(*jsonu::int64(*data, field));
    };
    const bool deleted = topic.size() >= 8 && topic.substr(topic.size() - 8) == "/deleted";
    if (under(topic, "store/order/")) {
        by_id(F::order, domain::DataType::order, "id");
    } else if (under(topic, "store/shipment/")) {
        by_id(F::order, domain::DataType::order, "orderId");
    } else if (topic == "store/sku/inventory/updated") {
        const auto* inventory = jsonu::obj(*data, "inventory");
        if (!inventory) {
            throw ApiError(Errc::invalid_webhook_payload, "The webhook payload is not the topic's",
                           "", {{"data.inventory", "is required: {variant_id, …}"}});
        }
        kit::PayloadCheck(*inventory).id("variant_id", kit::IdKind::integer).done();
        ev.kind = WebhookKind::records;
        ev.fetch = F::stock;
        ev.type = domain::DataType::stock;
        ev.id = std::to_string(*jsonu::int64(*inventory, "variant_id"));
    } else if (under(topic, "store/product/") && topic != "store/product/inventory/updated") {
        by_id(deleted ? F::deleted : F::product, domain::DataType::product, "id");
    } else if (under(topic, "store/product/inventory/")) {
        by_id(F::product, domain::DataType::product, "id");
    } else if (under(topic, "store/customer/") && !under(topic, "store/customer/address/")) {
        by_id(deleted ? F::deleted : F::customer, domain::DataType::customer, "id");
    }
    return ev;  // anything else: ignored
}

}  // namespace sb::connectors::bigcommerce
