#pragma once

#include <cstdint>
#include <string>

#include "emulators/common/webhooks.hpp"
#include "emulators/shopify/emulator.hpp"

// Shopify's outbound webhooks on the kit's delivery: its topics, REST-shaped bodies signed with
// the app secret (X-Shopify-Hmac-Sha256), the X-Shopify-* headers and Shopify's retry schedule
// (8 tries over about 4 hours), compressible for tests.
namespace sb::emulators::shopify {

using Webhooks = common::Webhooks;
using Subscription = common::WebhookSubscription;

// Subscriptions get numeric ids (1300000001, …), kept as text by the kit.
common::WebhookOptions webhook_options(const EmulatorOptions& o);
std::int64_t subscription_id(const Subscription& s);

// REST topic "orders/create" ↔ GraphQL enum ORDERS_CREATE ("" for an unknown enum).
std::string topic_from_enum(const std::string& e);
std::string topic_to_enum(const std::string& t);

}  // namespace sb::emulators::shopify
