#pragma once

#include <string>

#include "emulators/common/webhooks.hpp"
#include "emulators/shoplazza/emulator.hpp"

// Shoplazza's webhooks on the kit's delivery: its topics, bodies signed with the client secret
// (X-Shoplazza-Hmac-Sha256), the X-Shoplazza-* headers and Shoplazza's retry schedule (19 tries
// over about two days), compressible for tests.
namespace sb::emulators::shoplazza {

using Webhooks = common::Webhooks;
using Subscription = common::WebhookSubscription;

// Subscriptions get UUIDs.
common::WebhookOptions webhook_options(const EmulatorOptions& o);

// The read scope a subscription to `topic` needs; "" when none.
std::string scope_for_topic(const std::string& topic);

}  // namespace sb::emulators::shoplazza
