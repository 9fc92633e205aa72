#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "api/request_io.hpp"
#include "core/time.hpp"
#include "domain/install_service.hpp"
#include "domain/integration_service.hpp"

namespace sb::api {

namespace {

constexpr const char* k_base = "/api/v6/providers/{provider}";

boost::json::object credentials_body(const domain::ProviderApp& app) {
    return {{"client_id",
             app.client_id ? boost::json::value(*app.client_id) : boost::json::value(nullptr)},
            {"client_secret", app.client_secret ? boost::json::value(domain::k_masked)
                                                : boost::json::value(nullptr)}};
}

http::Response render(const Deps& deps, const domain::ProviderApp& app, const std::string& view) {
    const std::string self = deps.public_url + "/api/v6/providers/" + app.provider;
    boost::json::object body{{"provider", app.provider}};
    if (view == "credentials") {
        body["credentials"] = credentials_body(app);
    } else if (view == "settings") {
        body["auto_connect"] = app.auto_connect;
    } else {
        body["enabled"] = app.enabled;
        body["auto_connect"] = app.auto_connect;
        body["has_credentials"] = app.client_id && app.client_secret;
        body["callback_url"] = domain::install_callback_url(deps.public_url, app.provider);
    }
    body["updated_at"] =
        app.version ? boost::json::value(format_time(app.updated_at)) : boost::json::value(nullptr);
    body["_links"] = {{"self", {{"href", view.empty() ? self : self + "/" + view}}}};
    auto res = json_response(200, body);
    res.set_header("ETag", etag_of(app.version));
    return res;
}

}  // namespace

void add_provider_routes(http::Router& router, const Deps& deps) {
    auto provider = [](const http::Request& req) {
        return std::string(req.path_param("provider"));
    };

    router.add({"GET", std::string(k_base) + "/credentials", "providers:read", false,
                [&deps, provider](const http::Request& req, const http::Context& ctx) {
                    return render(deps, deps.providers.get(account_of(ctx), provider(req)),
                                  "credentials");
                }});
    router.add({"PUT", std::string(k_base) + "/credentials", "providers:write", false,
                [&deps, provider](const http::Request& req, const http::Context& ctx) {
                    deps.providers.get(account_of(ctx),
                                       provider(req));  // 404 before 400 for unknown providers
                    const auto body = read_json_object(req);
                    BodyReader r(body);
                    auto* creds = r.raw("credentials");
                    std::string client_id;
                    std::optional<std::string> client_secret;
                    if (!creds) {
                        r.error("credentials", "required");
                    } else if (!creds->is_object()) {
                        r.error("credentials", "must be an object");
                    } else {
                        BodyReader c(creds->as_object(), "credentials.");
                        client_id = c.string("client_id", true).value_or("");
                        client_secret = c.string("client_secret", false, 1024);
                        for (auto& e : c.errors())
                            r.error(e.name, e.description);
                        for (const auto& kv : creds->as_object()) {
                            if (kv.key() != "client_id" && kv.key() != "client_secret") {
                                r.error("credentials." + std::string(kv.key()), "unknown field");
                            }
                        }
                    }
                    r.finish();
                    return render(
                        deps,
                        deps.providers.set_credentials(account_of(ctx), provider(req), client_id,
                                                       client_secret, if_match_version(req)),
                        "credentials");
                }});
    router.add({"GET", std::string(k_base) + "/settings", "providers:read", false,
                [&deps, provider](const http::Request& req, const http::Context& ctx) {
                    return render(deps, deps.providers.get(account_of(ctx), provider(req)),
                                  "settings");
                }});
    router.add({"PUT", std::string(k_base) + "/settings", "providers:write", false,
                [&deps, provider](const http::Request& req, const http::Context& ctx) {
                    deps.providers.get(account_of(ctx), provider(req));
                    const auto body = read_json_object(req);
                    BodyReader r(body);
                    const auto auto_connect = r.boolean("auto_connect", true);
                    r.finish();
                    return render(
                        deps,
                        deps.providers.set_auto_connect(account_of(ctx), provider(req),
                                                        *auto_connect, if_match_version(req)),
                        "settings");
                }});
    router.add({"GET", k_base, "providers:read", false,
                [&deps, provider](const http::Request& req, const http::Context& ctx) {
                    return render(deps, deps.providers.get(account_of(ctx), provider(req)), "");
                }});
    router.add({"PUT", k_base, "providers:write", false,
                [&deps, provider](const http::Request& req, const http::Context& ctx) {
                    deps.providers.get(account_of(ctx), provider(req));
                    const auto body = read_json_object(req);
                    BodyReader r(body);
                    const auto enable = r.boolean("enable", true);
                    r.finish();
                    return render(deps,
                                  deps.providers.set_enabled(account_of(ctx), provider(req),
                                                             *enable, if_match_version(req)),
                                  "");
                }});
}

}  // namespace sb::api
