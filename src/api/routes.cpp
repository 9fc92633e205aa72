#include "api/deps.hpp"

namespace sb::api {

http::Router make_router(const Deps& deps) {
    http::Router router;
    add_system_routes(router, deps);
    add_oauth_routes(router, deps);
    add_account_routes(router, deps);
    add_audit_log_routes(router, deps);
    add_connector_routes(router, deps);
    add_merchant_routes(router, deps, "/v1/organizations", "organizationId");
    add_merchant_routes(router, deps, "/api/v6/users", "userId");
    add_integration_routes(router, deps);
    add_job_routes(router, deps);
    add_account_job_routes(router, deps);
    add_provider_routes(router, deps);
    add_data_connection_routes(router, deps);
    add_credentials_routes(router, deps);
    add_install_routes(router, deps);
    add_webhook_routes(router, deps);
    add_record_push_routes(router, deps);
    add_record_read_routes(router, deps);
    add_webhook_endpoint_routes(router, deps);
    add_commerce_routes(router, deps);
    add_erc_ecommerce_routes(router, deps);
    add_shop_routes(router, deps);
    add_console_routes(router, deps);
    return router;
}

bool takes_push_body(std::string_view target) {
    const auto path = target.substr(0, target.find('?'));
    if (path.starts_with("/webhooks/custom/"))
        return true;
    // /v1/organizations/{id}/integrations/{id}/records
    return path.starts_with("/v1/organizations/") && path.ends_with("/records") &&
           path.find("/integrations/") != std::string_view::npos;
}

}  // namespace sb::api
