#include "api/dispatcher.hpp"

#include "core/error.hpp"
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

Dispatcher::Dispatcher(http::Router router, domain::AuthService& auth)
    : router_(std::move(router)), auth_(auth) {}

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
    return m.route->handler(req, ctx);
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
