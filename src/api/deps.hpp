#pragma once

#include <functional>
#include <string>

#include "domain/auth_service.hpp"
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
};

void add_system_routes(http::Router& router, const Deps& deps);
void add_oauth_routes(http::Router& router, const Deps& deps);
void add_account_routes(http::Router& router, const Deps& deps);

http::Router make_router(const Deps& deps);

}  // namespace sb::api
