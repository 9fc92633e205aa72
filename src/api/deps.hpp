#pragma once

#include <functional>
#include <string>

#include "api/paging.hpp"
#include "connectors/connector.hpp"
#include "domain/auth_service.hpp"
#include "domain/commerce_service.hpp"
#include "domain/console_service.hpp"
#include "domain/credentials_service.hpp"
#include "domain/erc_service.hpp"
#include "domain/install_service.hpp"
#include "domain/integration_service.hpp"
#include "domain/merchant_service.hpp"
#include "domain/provider_service.hpp"
#include "domain/push_service.hpp"
#include "domain/webhook_endpoint_service.hpp"
#include "domain/webhook_service.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace sb::api {

// What handlers may use. Built once by the composition root.
struct Deps {
    domain::AuthService& auth;
    domain::FailureLimiter& token_failures;
    http::Metrics& metrics;
    std::function<void()> check_ready;  // throws when the database is unreachable
    std::string public_url;
    std::string engine;  // "sqlite" or "postgres"
    const connectors::Registry& connectors;
    domain::MerchantService& merchants;
    domain::IntegrationService& integrations;
    domain::ProviderService& providers;
    domain::CredentialsService& credentials;
    const CursorCodec& cursors;
    domain::InstallService& install;
    domain::WebhookService& webhooks;
    domain::CommerceService& commerce;
    domain::ErcService& erc;
    domain::WebhookEndpointService& webhook_endpoints;
    domain::PushService& push;
    domain::ConsoleService& console;
};

inline const std::string& account_of(const http::Context& ctx) {
    return ctx.principal->account_id;
}

void add_system_routes(http::Router& router, const Deps& deps);
void add_oauth_routes(http::Router& router, const Deps& deps);
void add_account_routes(http::Router& router, const Deps& deps);
// GET /v1/audit-log: the account's audit log.
void add_audit_log_routes(http::Router& router, const Deps& deps);
void add_connector_routes(http::Router& router, const Deps& deps);
// Merchants: mounted as /v1/organizations (seed 002) and /api/v6/users (seed 003).
void add_merchant_routes(http::Router& router, const Deps& deps, const std::string& base,
                         const std::string& param);
void add_integration_routes(http::Router& router, const Deps& deps);
void add_job_routes(http::Router& router, const Deps& deps);
// GET /v1/jobs: the account's sync jobs across its integrations.
void add_account_job_routes(http::Router& router, const Deps& deps);
// GET .../integrations/{id}/records/{type}/{externalId}: one record, normalized and raw.
void add_record_read_routes(http::Router& router, const Deps& deps);
void add_provider_routes(http::Router& router, const Deps& deps);
void add_data_connection_routes(http::Router& router, const Deps& deps);
void add_credentials_routes(http::Router& router, const Deps& deps);
// The merchant's browser: /connect/{connectionId} and /callback/{provider}.
void add_install_routes(http::Router& router, const Deps& deps);

// Seed 003's commerce-* reads of a user's records, and the merchant's change feed.
void add_commerce_routes(http::Router& router, const Deps& deps);
// Seed 004: /erc/ecommerce customers, their orders and order items, carts.
void add_erc_ecommerce_routes(http::Router& router, const Deps& deps);
// Seed 001: GET and PUT .../integrations/{id}/shop.
void add_shop_routes(http::Router& router, const Deps& deps);
// Webhooks in: POST /webhooks/{provider}, and an integration's received deliveries.
void add_webhook_routes(http::Router& router, const Deps& deps);

// The custom connector's pushes: POST .../integrations/{id}/records (bearer) and
// POST /webhooks/custom/{integrationId} (signed).
void add_record_push_routes(http::Router& router, const Deps& deps);

// Webhooks out: /v1/webhook-endpoints (their deliveries and replays) and /v1/event-types.
void add_webhook_endpoint_routes(http::Router& router, const Deps& deps);

// The console (/ and /console/...), /docs and /openapi.yaml, from the embedded web assets.
void add_console_routes(http::Router& router, const Deps& deps);

http::Router make_router(const Deps& deps);

// The routes that take a store's pushed batches (the custom connector's two ways in) read
// bodies up to this size; every other route keeps the server's --body-limit.
inline constexpr std::size_t k_push_body_limit = 16 * 1024 * 1024;
bool takes_push_body(std::string_view target);

}  // namespace sb::api
