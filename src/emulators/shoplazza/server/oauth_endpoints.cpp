#include <algorithm>
#include <boost/json/serialize.hpp>
#include <mutex>

#include "emulators/common/oauth_http.hpp"
#include "emulators/common/signing.hpp"
#include "emulators/shoplazza/server/runtime.hpp"

// OAuth authorization code grant as Shoplazza runs it, auto-approved: /admin/oauth/authorize
// redirects with code, shop, state and hmac; /admin/oauth/token exchanges and refreshes.
namespace sb::emulators::shoplazza {

namespace json = boost::json;

namespace {

http::Response oauth_error(int status, const char* error, const char* description) {
    return http::Response::json(status, json::serialize(json::object{
                                            {"error", error}, {"error_description", description}}));
}

http::Response authorize(Runtime& rt, const http::Request& req) {
    const std::string client_id(req.query_param("client_id").value_or(""));
    const std::string redirect(req.query_param("redirect_uri").value_or(""));
    const std::string state(req.query_param("state").value_or(""));
    const std::string scope(req.query_param("scope").value_or(""));
    const std::string response_type(req.query_param("response_type").value_or("code"));
    if (client_id != rt.options.client_id)
        return http::Response::text(400, "invalid_request: the client_id is invalid or missing");
    if (redirect.rfind("http://", 0) != 0 && redirect.rfind("https://", 0) != 0)
        return http::Response::text(400, "invalid_request: the redirect_uri is invalid or missing");
    if (response_type != "code")
        return http::Response::text(400, "unsupported_response_type: use response_type=code");
    const auto scopes = common::split_scopes(scope);
    for (const auto& s : scopes) {
        const auto& all = all_scopes();
        if (std::find(all.begin(), all.end(), s) == all.end())
            return http::Response::text(400, "invalid_scope: unknown access scope " + s);
    }
    const std::string code = rt.app.tokens().issue_code(scopes);
    {
        std::lock_guard lock(rt.code_redirects_mutex);
        rt.code_redirects[code] = redirect;
    }
    std::vector<std::pair<std::string, std::string>> params{
        {"code", code}, {"shop", rt.options.shop_domain}, {"state", state}};
    params.emplace_back("hmac", common::oauth_hmac(params, rt.options.client_secret));
    rt.app.mark_installed();
    http::Response res = http::Response::text(302, "");
    res.set_header("Location", common::with_query(redirect, params));
    return res;
}

// As OAuth 2.0 has it (RFC 6749 4.1.3): a code authorized with a redirect_uri is exchanged
// only with the same one.
bool redirect_matches(Runtime& rt, const std::string& code, const std::string& redirect) {
    std::lock_guard lock(rt.code_redirects_mutex);
    const auto it = rt.code_redirects.find(code);
    return it == rt.code_redirects.end() || it->second == redirect;
}

http::Response token(Runtime& rt, const http::Request& req) {
    auto p = common::body_params(req);
    if (p["client_id"] != rt.options.client_id || p["client_secret"] != rt.options.client_secret)
        return oauth_error(401, "invalid_client", "client authentication failed");
    std::optional<common::IssuedToken> t;
    if (p["grant_type"] == "authorization_code") {
        if (!redirect_matches(rt, p["code"], p["redirect_uri"])) {
            return oauth_error(400, "invalid_grant",
                               "the redirect_uri does not match the authorization request");
        }
        t = rt.app.tokens().exchange(p["code"], true);
        if (!t)
            return oauth_error(400, "invalid_grant",
                               "the authorization code is invalid, expired or already used");
        std::lock_guard lock(rt.code_redirects_mutex);
        rt.code_redirects.erase(p["code"]);
    } else if (p["grant_type"] == "refresh_token") {
        t = rt.app.tokens().refresh(p["refresh_token"]);
        if (!t)
            return oauth_error(400, "invalid_grant", "the refresh token is invalid or expired");
    } else {
        return oauth_error(400, "unsupported_grant_type",
                           "grant_type must be authorization_code or refresh_token");
    }
    const std::int64_t created = t->created_at_ms / 1000;
    const Shop shop = rt.store->shop();
    json::object body{{"access_token", t->access_token},
                      {"token_type", "Bearer"},
                      {"refresh_token", t->refresh_token},
                      {"expires_in", t->expires_in},
                      {"expires_at", created + t->expires_in},
                      {"created_at", created},
                      {"scope", t->scope},
                      {"store_id", std::to_string(shop.id)},
                      {"store_name", shop.name},
                      {"locale", shop.primary_locale}};
    return http::Response::json(200, json::serialize(body));
}

}  // namespace

void add_oauth_routes(http::Router& r, Runtime& rt) {
    r.add({"GET", "/admin/oauth/authorize", "", true,
           [&rt](const http::Request& req, const http::Context&) { return authorize(rt, req); }});
    r.add({"POST", "/admin/oauth/token", "", true,
           [&rt](const http::Request& req, const http::Context&) { return token(rt, req); }});
}

}  // namespace sb::emulators::shoplazza
