#pragma once

#include "domain/auth_service.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace sb::api {

// Routes a request, authenticates it against the route's scope, runs the handler and turns
// every failure into the one error shape. Never throws.
class Dispatcher {
  public:
    Dispatcher(http::Router router, domain::AuthService& auth);
    http::Response handle(http::Request& req) noexcept;
    const http::Router& router() const { return router_; }

  private:
    http::Response handle_or_throw(http::Request& req);

    http::Router router_;
    domain::AuthService& auth_;
};

}  // namespace sb::api
