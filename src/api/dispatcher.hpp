#pragma once

#include "crypto/keyring.hpp"
#include "domain/auth_service.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "storage/idempotency_store.hpp"

namespace sb::api {

// Routes a request, authenticates it against the route's scope, runs the handler and turns
// every failure into the one error shape. Never throws.
class Dispatcher {
  public:
    // With `idempotency`, authenticated POSTs honour the Idempotency-Key header; with `keys`,
    // the stored answers (they may carry secrets: a connect link's token) are sealed.
    Dispatcher(http::Router router, domain::AuthService& auth,
               storage::IdempotencyStore* idempotency = nullptr,
               const crypto::Keyring* keys = nullptr);
    http::Response handle(http::Request& req) noexcept;
    // A GET or HEAD whose handler reads the hub's database and calls no platform (and a
    // request no route takes: its answer is an error). The request keeps the route it
    // matched, and handle() does not look it up again.
    bool is_local_read(http::Request& req) const noexcept;
    const http::Router& router() const { return router_; }

  private:
    http::Response handle_or_throw(http::Request& req);
    http::Response run_idempotent(const http::Route& route, const http::Request& req,
                                  const http::Context& ctx, const std::string& key);

    http::Router router_;
    domain::AuthService& auth_;
    const crypto::Keyring* keys_ = nullptr;
    storage::IdempotencyStore* idempotency_;
};

}  // namespace sb::api
