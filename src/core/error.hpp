#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sb {

// Every client-visible failure has one of these codes. The registry in error.cpp maps each
// code to its wire string and HTTP status; tests assert the wire string, never the message.
enum class Errc {
    bad_request,
    invalid_json,
    validation_failed,
    invalid_cursor,
    unauthorized,
    invalid_token,
    insufficient_scope,
    forbidden,
    not_found,
    method_not_allowed,
    conflict,
    precondition_failed,
    payload_too_large,
    uri_too_long,
    unsupported_media_type,
    unprocessable_entity,
    rate_limited,
    request_header_fields_too_large,
    internal_error,
    not_implemented,
    service_unavailable,
    http_version_not_supported,
    // OAuth2 token endpoint (RFC 6749 section 5.2).
    invalid_request,
    invalid_client,
    invalid_grant,
    unsupported_grant_type,
    invalid_scope,
    // Integration management.
    idempotency_key_reused,
    idempotency_in_progress,
    merchant_has_integrations,
    unknown_connector,
    unsupported_data_type,
    provider_disabled,
    provider_not_configured,
    integration_revoked,
    job_finished,
    connector_not_implemented,
    // Calls to a commerce platform.
    platform_error,    // the platform failed or answered something unusable (502)
    platform_timeout,  // the platform could not be reached in time, retries spent (504)
    // The platform refused the stored credentials themselves (HTTP 401: unknown, revoked or
    // placeholder token) (409). No retry helps: someone has to connect the store again.
    platform_unauthorized,
    // The platform accepted the credentials but refused the call: a missing scope or
    // permission (403, GraphQL ACCESS_DENIED), an inactive store (409).
    platform_auth_failed,
    platform_unreachable,  // the store's address is one calls may not go to (502)
    // A value stored over its bound (by an older version): set it again (409).
    stored_value_invalid,
    // Seed 003 syncs.
    no_connected_integration,  // nothing CONNECTED to sync from (409)
    // Webhooks in.
    invalid_webhook_signature,  // unknown store, or the signature does not verify (401)
    invalid_webhook_payload,    // signed, but not the topic's payload: kept as rejected (422)
    // Stock write-back.
    stock_sync_disabled,  // the integration's stock_sync_enabled is off (409)
    // Seed 001.
    shop_update_not_supported,  // the platform's API cannot change the shop (422)
    last = shop_update_not_supported,
};

struct ErrorInfo {
    std::string_view code;
    int status;
};

// The single code -> (wire code, status) table.
ErrorInfo error_info(Errc code);

struct FieldError {
    std::string name;
    std::string description;
};

// An expected failure that becomes an error response. `message` is for the client;
// `description` adds detail safe to show. Internals never go into either.
class ApiError : public std::runtime_error {
  public:
    ApiError(Errc code, std::string message, std::string description = {},
             std::vector<FieldError> fields = {});

    Errc code() const noexcept { return code_; }
    const std::string& message() const noexcept { return message_; }
    const std::string& description() const noexcept { return description_; }
    const std::vector<FieldError>& fields() const noexcept { return fields_; }

    // Extra response headers (e.g. Retry-After, Allow, WWW-Authenticate).
    std::vector<std::pair<std::string, std::string>> headers;

  private:
    Errc code_;
    std::string message_;
    std::string description_;
    std::vector<FieldError> fields_;
};

}  // namespace sb
