#include "domain/push_service.hpp"

#include <chrono>

#include "connectors/custom/custom_connector.hpp"
#include "connectors/custom/push_batch.hpp"
#include "connectors/kit/webhook_signature.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "domain/merchant_service.hpp"
#include "log/logger.hpp"

namespace sb::domain {

namespace {

void require_custom(const Integration& i) {
    if (i.connector_id != connectors::custom::k_connector_id) {
        throw ApiError(Errc::conflict, "Only custom integrations take pushed records",
                       "Integration " + i.id + " is of connector " + i.connector_id +
                           ": its records come from its syncs and webhooks.");
    }
    if (i.status == IntegrationStatus::revoked)
        throw ApiError(Errc::integration_revoked, "The integration was revoked");
}

}  // namespace

PushReceipt PushService::push(const std::string& account_id, const std::string& merchant_id,
                              const std::string& integration_id, std::string_view body) {
    auto i = integrations_.find(account_id, integration_id);
    if (!i || i->merchant_id != merchant_id)
        throw_not_found("integration", integration_id);
    require_custom(*i);
    return write(*i, body, std::nullopt);
}

PushReceipt PushService::push_signed(const std::string& integration_id,
                                     const connectors::HeaderLookup& headers,
                                     std::string_view body) {
    const ApiError refused(Errc::invalid_webhook_signature, "The webhook signature is not valid",
                           "Sign the batch with the integration's push_secret (Standard "
                           "Webhooks); nothing was stored.");
    auto i = integrations_.find_unscoped(integration_id);
    // An unknown integration is refused like a bad signature: the route is public.
    if (!i || i->connector_id != connectors::custom::k_connector_id)
        throw refused;
    const std::string id = headers("webhook-id");
    const std::string timestamp = headers("webhook-timestamp");
    const std::string signature = headers("webhook-signature");
    const auto check = connectors::kit::verify_standard_webhook(
        {id, timestamp, signature}, body,
        connectors::credential_text(*i, connectors::custom::k_push_secret),
        std::chrono::system_clock::now());
    if (check != connectors::kit::SignatureCheck::valid) {
        log::warn(
            "push_refused",
            {{"integration_id", i->id},
             {"reason", check == connectors::kit::SignatureCheck::stale ? "stale" : "signature"}});
        throw refused;
    }
    if (id.size() > 255) {
        throw ApiError(Errc::validation_failed, "Invalid webhook-id", "",
                       {{"webhook-id", "must be at most 255 characters"}});
    }
    require_custom(*i);
    return write(*i, body, storage::PushDelivery{new_time_ordered_id("whk"), id, now_ms()});
}

PushReceipt PushService::write(const Integration& i, std::string_view body,
                               const std::optional<storage::PushDelivery>& delivery) {
    const auto records = connectors::custom::parse_push_batch(body);
    const auto w = store_.write(i.account_id, i.id, records, delivery);
    PushReceipt out;
    out.duplicate = w.duplicate;
    out.received = static_cast<std::int64_t>(records.size());
    out.written = w.written;
    out.unchanged = w.duplicate ? 0 : out.received - w.written;
    out.last_change_seq = w.last_change_seq;
    return out;
}

}  // namespace sb::domain
