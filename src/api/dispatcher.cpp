#include "api/dispatcher.hpp"

#include "core/error.hpp"
#include "crypto/crypto.hpp"
#include "domain/scopes.hpp"
#include "http/error_response.hpp"
#include "log/logger.hpp"
#include "storage/sql.hpp"

namespace sb::api {

namespace {

constexpr const char* k_realm = "Bearer realm=\"storebridge\"";

std::string bearer_token(const http::Request& req) {
    auto h = req.header("authorization");
    if (!h) {
        ApiError e(
            Errc::unauthorized, "Authentication required",
            "Send an access token from POST /oauth/token as 'Authorization: Bearer <token>'.");
        e.headers.emplace_back("WWW-Authenticate", k_realm);
        throw e;
    }
    std::string_view v = *h;
    if (v.size() < 7 || !http::iequals(v.substr(0, 7), "bearer ")) {
        ApiError e(Errc::invalid_token, "The Authorization header must use the Bearer scheme");
        e.headers.emplace_back("WWW-Authenticate",
                               std::string(k_realm) + ", error=\"invalid_request\"");
        throw e;
    }
    v.remove_prefix(7);
    while (!v.empty() && v.front() == ' ')
        v.remove_prefix(1);
    return std::string(v);
}

}  // namespace

Dispatcher::Dispatcher(http::Router router, domain::AuthService& auth,
                       storage::IdempotencyStore* idempotency, const crypto::Keyring* keys)
    : router_(std::move(router)), auth_(auth), keys_(keys), idempotency_(idempotency) {}

http::Response Dispatcher::run_idempotent(const http::Route& route, const http::Request& req,
                                          const http::Context& ctx, const std::string& key) {
    if (key.empty() || key.size() > 255) {
        throw ApiError(Errc::validation_failed, "Invalid Idempotency-Key", "",
                       {{"Idempotency-Key", "must be 1 to 255 characters"}});
    }
    const auto& account = ctx.principal->account_id;
    const std::string aad = "idempotency:" + account + ":" + key;
    const std::string fingerprint =
        crypto::hex_encode(crypto::sha256(req.method + " " + req.path + "\n" + req.body));
    if (auto stored = idempotency_->claim(account, key, fingerprint)) {
        if (stored->fingerprint != fingerprint) {
            throw ApiError(Errc::idempotency_key_reused,
                           "The Idempotency-Key was used for a different request",
                           "Use a new key for a new request.");
        }
        if (stored->status == 0) {
            ApiError e(Errc::idempotency_in_progress,
                       "A request with this Idempotency-Key is still running");
            e.headers.emplace_back("Retry-After", "1");
            throw e;
        }
        std::string body = stored->body;
        if (keys_) {
            try {
                body = keys_->open(body, aad);
            } catch (const std::exception&) {
                // Sealed under a key since removed from the keyring: the answer is gone.
                throw ApiError(Errc::idempotency_key_reused,
                               "The answer stored for this Idempotency-Key can no longer be read",
                               "Use a new key for a new request.");
            }
        }
        http::Response replay = http::Response::json(stored->status, body);
        if (!stored->location.empty())
            replay.set_header("Location", stored->location);
        replay.set_header("Idempotent-Replayed", "true");
        return replay;
    }
    http::Response res;
    try {
        res = route.handler(req, ctx);
    } catch (const ApiError& e) {
        // An expected failure is an answer too: the same request gets the same answer.
        res = http::error_response(e);
    } catch (...) {
        idempotency_->release(account, key);
        throw;
    }
    if (res.status >= 500) {
        idempotency_->release(account, key);
    } else {
        idempotency_->complete(
            account, key,
            {fingerprint, res.status, std::string(res.header("Location").value_or("")),
             keys_ ? keys_->seal(res.body, aad) : res.body});
    }
    return res;
}

http::Response Dispatcher::handle_or_throw(http::Request& req) {
    auto m = router_.match(req);
    if (!m.route) {
        if (m.allowed.empty()) {
            throw ApiError(Errc::not_found, "No resource at " + req.path);
        }
        std::string allow;
        for (const auto& method : m.allowed) {
            if (!allow.empty())
                allow += ", ";
            allow += method;
        }
        ApiError e(Errc::method_not_allowed, req.method + " is not supported here",
                   "Allowed: " + allow + ".");
        e.headers.emplace_back("Allow", allow);
        throw e;
    }
    req.route = m.route->pattern;
    http::Principal principal;
    http::Context ctx;
    if (!m.route->is_public) {
        auto who = auth_.authenticate(bearer_token(req));
        if (!domain::has_scope(who.scopes, m.route->scope)) {
            ApiError e(Errc::insufficient_scope,
                       "The access token lacks the scope " + m.route->scope,
                       "Request a token with scope '" + m.route->scope + "'.");
            e.headers.emplace_back("WWW-Authenticate",
                                   std::string(k_realm) +
                                       ", error=\"insufficient_scope\", scope=\"" + m.route->scope +
                                       "\"");
            throw e;
        }
        principal = {std::move(who.account_id), std::move(who.client_id), std::move(who.scopes)};
        ctx.principal = &principal;
    }
    if (idempotency_ && ctx.principal && req.method == "POST") {
        if (auto key = req.header("idempotency-key"))
            return run_idempotent(*m.route, req, ctx, std::string(*key));
    }
    return m.route->handler(req, ctx);
}

bool Dispatcher::is_local_read(http::Request& req) const noexcept {
    if (req.method != "GET" && req.method != "HEAD")
        return false;
    try {
        const auto m = router_.match(req);
        return !m.route || !m.route->calls_platform;
    } catch (...) {
        return false;
    }
}

http::Response Dispatcher::handle(http::Request& req) noexcept {
    try {
        return handle_or_throw(req);
    } catch (const ApiError& e) {
        return http::error_response(e);
    } catch (const sql::DbError& e) {
        const bool transient =
            e.kind() == sql::DbError::Kind::unavailable || e.kind() == sql::DbError::Kind::busy;
        log::error("request_failed",
                   {{"request_id", req.request_id}, {"route", req.route}, {"error", e.what()}});
        if (transient) {
            ApiError out(Errc::service_unavailable,
                         "The database is unavailable, try again shortly");
            out.headers.emplace_back("Retry-After", "1");
            return http::error_response(out);
        }
        return http::error_response(Errc::internal_error, "Internal error",
                                    "Quote request id " + req.request_id + " when reporting it.");
    } catch (const std::exception& e) {
        log::error("request_failed",
                   {{"request_id", req.request_id}, {"route", req.route}, {"error", e.what()}});
        return http::error_response(Errc::internal_error, "Internal error",
                                    "Quote request id " + req.request_id + " when reporting it.");
    } catch (...) {
        return http::error_response(Errc::internal_error, "Internal error");
    }
}

}  // namespace sb::api
