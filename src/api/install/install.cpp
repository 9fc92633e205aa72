#include "api/console/connect_page.hpp"
#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "core/error.hpp"

namespace sb::api {

namespace {

bool wants_json(const http::Request& req) {
    auto accept = req.header("accept");
    return accept && accept->find("application/json") != std::string_view::npos;
}

// The connect link again, without the store: where "Try again" leads.
std::string connect_link(std::string_view connection_id, std::string_view token) {
    std::string out = "/connect/";
    auto encode = [&out](std::string_view s) {
        static constexpr char k_hex[] = "0123456789ABCDEF";
        for (unsigned char c : s) {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_' || c == '.' || c == '~') {
                out.push_back(static_cast<char>(c));
            } else {
                out.push_back('%');
                out.push_back(k_hex[c >> 4]);
                out.push_back(k_hex[c & 15]);
            }
        }
    };
    encode(connection_id);
    out += "?token=";
    encode(token);
    return out;
}

}  // namespace

void add_install_routes(http::Router& router, const Deps& deps) {
    // The link the merchant opens: asks for the store when it is not known yet, then sends
    // the browser to the platform's authorize page. A browser that meets a failure gets the
    // failure screen (a store address the platform would not take: the form again, saying
    // why); API clients keep the Error JSON.
    router.add({"GET", "/connect/{connectionId}", "", true,
                [&deps](const http::Request& req, const http::Context&) {
                    const std::string id(req.path_param("connectionId"));
                    const std::string token(req.query_param("token").value_or(""));
                    std::optional<std::string> shop;
                    if (auto s = req.query_param("shop"); s && !s->empty())
                        shop = std::string(*s);
                    domain::InstallService::Begin begin;
                    try {
                        begin = deps.install.begin(id, token, shop);
                    } catch (const ApiError& e) {
                        if (!connect_page::wants_html(req))
                            throw;
                        if (e.code() == Errc::validation_failed && shop) {
                            // The link is good (only the store was refused): the platform's name
                            // for the form, asked without a store.
                            const auto again = deps.install.begin(id, token, std::nullopt);
                            return connect_page::form(req, again.provider_name, token, *shop, &e);
                        }
                        const bool link_is_good =
                            e.code() != Errc::not_found && e.code() != Errc::conflict;
                        return connect_page::failure(req, "", e,
                                                     link_is_good ? connect_link(id, token) : "");
                    }
                    if (begin.redirect) {
                        http::Response r;
                        r.status = 302;
                        r.set_header("Location", *begin.redirect);
                        r.set_header("Cache-Control", "no-store");
                        return r;
                    }
                    return connect_page::form(req, begin.provider_name, token);
                }});
    // Where the platform sends the merchant back; the handler exchanges the code with the
    // platform.
    router.add({"GET", "/callback/{provider}", "", true,
                [&deps](const http::Request& req, const http::Context&) {
                    const std::string provider(req.path_param("provider"));
                    const auto* connector = deps.connectors.find(provider);
                    const std::string platform = connector ? connector->spec().name : "";
                    domain::Integration i;
                    try {
                        i = deps.install.complete(provider, req.query);
                    } catch (const ApiError& e) {
                        if (!connect_page::wants_html(req) || wants_json(req))
                            throw;
                        return connect_page::failure(req, platform, e, "");
                    }
                    if (auto to = deps.install.page_after_install(i, req.query);
                        to && !wants_json(req)) {
                        http::Response r;
                        r.status = 302;
                        r.set_header("Location", *to);
                        r.set_header("Cache-Control", "no-store");
                        return r;
                    }
                    if (wants_json(req)) {
                        return json_response(
                            200, boost::json::object{{"id", i.id},
                                                     {"status", domain::status_name(i.status)},
                                                     {"provider_name", i.connector_id}});
                    }
                    return connect_page::success(req, platform);
                },
                /*calls_platform=*/true});  // the code exchange
    // Where a key grant's store POSTs the credentials (WooCommerce), before it sends the
    // merchant back to the GET above; exactly 200 tells it they were taken.
    router.add({"POST", "/callback/{provider}", "", true,
                [&deps](const http::Request& req, const http::Context&) {
                    auto i =
                        deps.install.deliver(std::string(req.path_param("provider")), req.body);
                    return json_response(
                        200, boost::json::object{{"id", i.id},
                                                 {"status", domain::status_name(i.status)},
                                                 {"provider_name", i.connector_id}});
                },
                /*calls_platform=*/true});  // the keys are tried on the store
}

}  // namespace sb::api
