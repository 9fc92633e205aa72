#include <algorithm>
#include <boost/json/serialize.hpp>

#include "emulators/bigcommerce/server/runtime.hpp"
#include "emulators/common/oauth_http.hpp"

// A single-click app install as BigCommerce runs it, auto-approved. The app's install link
// (GET /app/{client_id}/install, BigCommerce's published link for apps installed from outside
// the marketplace) stands for the merchant's consent in the control panel and sends the browser
// to the app's REGISTERED auth callback, exactly as registered (no query of the app's own), with
// account_uuid, code, context, scope and external_install; POST /oauth2/token (JSON or form)
// exchanges the code for the store's token, which replaces the app's previous one, and refuses a
// redirect_uri other than the registered callback. /app/{client_id}/install/succeeded and
// /failed are the pages an app sends the merchant to afterwards.
namespace sb::emulators::bigcommerce {

namespace json = boost::json;

namespace {

http::Response oauth_error(int status, const std::string& message) {
    return http::Response::json(status, json::serialize(json::object{{"error", message}}));
}

http::Response install(Runtime& rt, const http::Request& req) {
    if (req.path_param("client_id") != rt.options.client_id)
        return http::Response::text(404, "This app does not exist.");
    const auto app = rt.registration();
    if (app.auth_callback.rfind("http://", 0) != 0 && app.auth_callback.rfind("https://", 0) != 0) {
        return http::Response::text(
            400,
            "The app has no auth callback URL registered (--auth-callback or "
            "POST /_emulator/app).");
    }
    const auto scopes = app.scopes.empty() ? all_scopes() : app.scopes;
    const std::string code = rt.app.tokens().issue_code(scopes);
    rt.remember_code(code, app.auth_callback);
    const std::vector<std::pair<std::string, std::string>> params{
        {"account_uuid", rt.account_uuid},
        {"code", code},
        {"context", "stores/" + rt.options.store_hash},
        {"scope", common::join_scopes(scopes, ' ')},
        {"external_install", "1"}};
    http::Response res = http::Response::text(302, "");
    res.set_header("Location", common::with_query(app.auth_callback, params));
    return res;
}

http::Response install_outcome(Runtime& rt, const http::Request& req) {
    if (req.path_param("client_id") != rt.options.client_id)
        return http::Response::text(404, "This app does not exist.");
    const bool ok = req.path_param("outcome") == "succeeded";
    if (!ok && req.path_param("outcome") != "failed")
        return http::Response::text(404, "Not found.");
    return http::Response::text(
        200,
        std::string("<!doctype html><title>App install</title><p>") +
            (ok ? "The app was installed." : "The app could not be installed.") + "</p>",
        "text/html; charset=utf-8");
}

http::Response token(Runtime& rt, const http::Request& req) {
    auto p = common::body_params(req);
    if (p["client_id"] != rt.options.client_id || p["client_secret"] != rt.options.client_secret)
        return oauth_error(401, "Invalid client id or client secret.");
    if (p["grant_type"] != "authorization_code")
        return oauth_error(400, "The grant_type must be authorization_code.");
    if (p["context"] != "stores/" + rt.options.store_hash)
        return oauth_error(400, "The context does not name this store.");
    const auto redirect = rt.take_code_redirect(p["code"]);
    if (!redirect)
        return oauth_error(400, "The authorization code is invalid, expired or already used.");
    if (*redirect != p["redirect_uri"])
        return oauth_error(400,
                           "The redirect_uri does not match the app's registered auth callback.");
    const auto t = rt.app.tokens().exchange(p["code"], false);
    if (!t)
        return oauth_error(400, "The authorization code is invalid, expired or already used.");
    rt.set_app_token(t->access_token);
    rt.app.mark_installed();
    const json::object user{{"id", 1}, {"username", "owner"}, {"email", "owner@example.com"}};
    json::object body{{"access_token", t->access_token},
                      {"scope", t->scope},
                      {"user", user},
                      {"owner", user},
                      {"context", "stores/" + rt.options.store_hash},
                      {"account_uuid", rt.account_uuid}};
    return http::Response::json(200, json::serialize(body));
}

}  // namespace

void add_oauth_routes(http::Router& r, Runtime& rt) {
    r.add({"GET", "/app/{client_id}/install", "", true,
           [&rt](const http::Request& req, const http::Context&) { return install(rt, req); }});
    r.add({"GET", "/app/{client_id}/install/{outcome}", "", true,
           [&rt](const http::Request& req, const http::Context&) {
               return install_outcome(rt, req);
           }});
    r.add({"POST", "/oauth2/token", "", true,
           [&rt](const http::Request& req, const http::Context&) { return token(rt, req); }});
}

}  // namespace sb::emulators::bigcommerce
