#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/connector.hpp"
#include "domain/record.hpp"

// Shopify webhooks in: signature check and decoding of REST-shaped bodies into the same
// normalized records a sync produces (docs/records.md), or a typed event.
namespace sb::connectors::shopify::webhooks {

// X-Shopify-Hmac-Sha256 is base64(HMAC-SHA256(app secret, raw body)); compared in constant time.
bool verify(std::string_view raw_body, std::string_view hmac_header, std::string_view app_secret);

// The REST topic names the hub subscribes to.
const std::vector<std::string>& topics();

// Throws ApiError(invalid_json) when the body is not a JSON object.
WebhookEvent decode(std::string_view topic, std::string_view body);

// REST resources → normalized records (also usable on REST fixtures and payloads). The raw of
// the record is `raw_text` when given (the text the resource was parsed from, whole), else the
// resource serialized again.
domain::Record map_rest_order(const boost::json::object& order, std::string_view raw_text = {});
domain::Record map_rest_product(const boost::json::object& product, std::string_view raw_text = {});
domain::Record map_rest_customer(const boost::json::object& customer,
                                 std::string_view raw_text = {});
domain::Record map_rest_inventory_level(const boost::json::object& level,
                                        std::string_view raw_text = {});

}  // namespace sb::connectors::shopify::webhooks
