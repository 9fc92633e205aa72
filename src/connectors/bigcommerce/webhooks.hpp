#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "connectors/connector_types.hpp"

// BigCommerce's webhooks in: a light payload ({scope, store_id, data{type, id, …}, hash,
// created_at, producer}) signed the Standard Webhooks way with the app's client secret. The
// payload only names what changed; the connector reads the object from the store.
namespace sb::connectors::bigcommerce {

// The store (the hash of `producer` "stores/{hash}"), the topic (`scope`) and the delivery id
// (`hash`, the same across BigCommerce's retries of one event). nullopt: not BigCommerce's.
std::optional<WebhookEnvelope> webhook_envelope(std::string_view body);

// The Standard Webhooks signature (webhook-id, webhook-timestamp, webhook-signature) keyed by
// the raw bytes of the client secret, within the kit's timestamp tolerance of `now`.
bool verify_signature(const HeaderLookup& headers, std::string_view body,
                      std::string_view client_secret, std::chrono::system_clock::time_point now);

// Without an app (a store-level API account has no client secret, and BigCommerce signs a
// delivery only with an app's), the hub registers its hooks with this custom header holding a
// random secret of the integration's; a delivery carrying it came from a hook the hub made.
constexpr const char* k_hook_secret_header = "X-Storebridge-Hook-Secret";

// The hook header's value equals `secret` (compared in constant time); never for an empty one.
bool verify_hook_header(const HeaderLookup& headers, std::string_view secret);

// What a delivery asks the hub to do once decoded and checked.
struct LightEvent {
    WebhookKind kind = WebhookKind::ignored;
    enum class Fetch { none, order, product, customer, stock, deleted } fetch = Fetch::none;
    domain::DataType type = domain::DataType::order;
    std::string id;  // the order, product, customer, or the variant whose stock changed
};

// Throws ApiError(invalid_json) for a body that is not JSON, invalid_webhook_payload for one
// whose ids or time are not BigCommerce's (integers, Unix seconds).
LightEvent decode_light(std::string_view topic, std::string_view body);

// The topics the hub subscribes to.
const std::vector<std::string>& webhook_scopes();

}  // namespace sb::connectors::bigcommerce
