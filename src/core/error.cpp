#include "core/error.hpp"

namespace sb {

ErrorInfo error_info(Errc code) {
    switch (code) {
        case Errc::bad_request:
            return {"bad_request", 400};
        case Errc::invalid_json:
            return {"invalid_json", 400};
        case Errc::validation_failed:
            return {"validation_failed", 400};
        case Errc::invalid_cursor:
            return {"invalid_cursor", 400};
        case Errc::unauthorized:
            return {"unauthorized", 401};
        case Errc::invalid_token:
            return {"invalid_token", 401};
        case Errc::insufficient_scope:
            return {"insufficient_scope", 403};
        case Errc::forbidden:
            return {"forbidden", 403};
        case Errc::not_found:
            return {"not_found", 404};
        case Errc::method_not_allowed:
            return {"method_not_allowed", 405};
        case Errc::conflict:
            return {"conflict", 409};
        case Errc::precondition_failed:
            return {"precondition_failed", 412};
        case Errc::payload_too_large:
            return {"payload_too_large", 413};
        case Errc::uri_too_long:
            return {"uri_too_long", 414};
        case Errc::unsupported_media_type:
            return {"unsupported_media_type", 415};
        case Errc::unprocessable_entity:
            return {"unprocessable_entity", 422};
        case Errc::rate_limited:
            return {"rate_limited", 429};
        case Errc::request_header_fields_too_large:
            return {"request_header_fields_too_large", 431};
        case Errc::internal_error:
            return {"internal_error", 500};
        case Errc::not_implemented:
            return {"not_implemented", 501};
        case Errc::service_unavailable:
            return {"service_unavailable", 503};
        case Errc::http_version_not_supported:
            return {"http_version_not_supported", 505};
        case Errc::invalid_request:
            return {"invalid_request", 400};
        case Errc::invalid_client:
            return {"invalid_client", 401};
        case Errc::invalid_grant:
            return {"invalid_grant", 400};
        case Errc::unsupported_grant_type:
            return {"unsupported_grant_type", 400};
        case Errc::invalid_scope:
            return {"invalid_scope", 400};
        case Errc::idempotency_key_reused:
            return {"idempotency_key_reused", 422};
        case Errc::idempotency_in_progress:
            return {"idempotency_in_progress", 409};
        case Errc::merchant_has_integrations:
            return {"merchant_has_integrations", 409};
        case Errc::unknown_connector:
            return {"unknown_connector", 400};
        case Errc::unsupported_data_type:
            return {"unsupported_data_type", 422};
        case Errc::provider_disabled:
            return {"provider_disabled", 409};
        case Errc::provider_not_configured:
            return {"provider_not_configured", 409};
        case Errc::integration_revoked:
            return {"integration_revoked", 409};
        case Errc::job_finished:
            return {"job_finished", 409};
        case Errc::connector_not_implemented:
            return {"connector_not_implemented", 501};
        case Errc::platform_error:
            return {"platform_error", 502};
        case Errc::platform_timeout:
            return {"platform_timeout", 504};
        case Errc::platform_unauthorized:
            return {"platform_unauthorized", 409};
        case Errc::platform_auth_failed:
            return {"platform_auth_failed", 409};
        case Errc::platform_unreachable:
            return {"platform_unreachable", 502};
        case Errc::stored_value_invalid:
            return {"stored_value_invalid", 409};
        case Errc::no_connected_integration:
            return {"no_connected_integration", 409};
        case Errc::invalid_webhook_signature:
            return {"invalid_webhook_signature", 401};
        case Errc::invalid_webhook_payload:
            return {"invalid_webhook_payload", 422};
        case Errc::stock_sync_disabled:
            return {"stock_sync_disabled", 409};
        case Errc::shop_update_not_supported:
            return {"shop_update_not_supported", 422};
    }
    return {"internal_error", 500};
}

ApiError::ApiError(Errc code, std::string message, std::string description,
                   std::vector<FieldError> fields)
    : std::runtime_error(message),
      code_(code),
      message_(std::move(message)),
      description_(std::move(description)),
      fields_(std::move(fields)) {}

}  // namespace sb
