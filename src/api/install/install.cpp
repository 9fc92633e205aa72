#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "core/error.hpp"

namespace sb::api {

namespace {

std::string html_escape(std::string_view in) {
    std::string out;
    for (char c : in) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

http::Response page(int status, const std::string& title, const std::string& body) {
    auto r = http::Response::text(status,
                                  "<!doctype html><html><head><meta charset=\"utf-8\"><title>" +
                                      html_escape(title) + "</title></head><body><h1>" +
                                      html_escape(title) + "</h1>" + body + "</body></html>",
                                  "text/html; charset=utf-8");
    r.set_header("Cache-Control", "no-store");
    return r;
}

bool wants_json(const http::Request& req) {
    auto accept = req.header("accept");
    return accept && accept->find("application/json") != std::string_view::npos;
}

}  // namespace

void add_install_routes(http::Router& router, const Deps& deps) {
    // The link the merchant opens: asks for the store when it is not known yet, then sends
    // the browser to the platform's authorize page.
    router.add(
        {"GET", "/connect/{connectionId}", "", true,
         [&deps](const http::Request& req, const http::Context&) {
             const std::string token(req.query_param("token").value_or(""));
             std::optional<std::string> shop;
             if (auto s = req.query_param("shop"); s && !s->empty())
                 shop = std::string(*s);
             auto begin =
                 deps.install.begin(std::string(req.path_param("connectionId")), token, shop);
             if (begin.redirect) {
                 http::Response r;
                 r.status = 302;
                 r.set_header("Location", *begin.redirect);
                 r.set_header("Cache-Control", "no-store");
                 return r;
             }
             return page(200, "Connect your " + begin.provider_name + " store",
                         "<form method=\"get\"><input type=\"hidden\" name=\"token\" value=\"" +
                             html_escape(token) +
                             "\"><label>Store address <input name=\"shop\" "
                             "placeholder=\"your-store.myshopify.com\" required></label> "
                             "<button type=\"submit\">Connect</button></form>");
         }});
    // Where the platform sends the merchant back; the handler exchanges the code with the
    // platform.
    router.add(
        {"GET", "/callback/{provider}", "", true,
         [&deps](const http::Request& req, const http::Context&) {
             auto i = deps.install.complete(std::string(req.path_param("provider")), req.query);
             if (auto to = deps.install.page_after_install(i, req.query); to && !wants_json(req)) {
                 http::Response r;
                 r.status = 302;
                 r.set_header("Location", *to);
                 r.set_header("Cache-Control", "no-store");
                 return r;
             }
             if (wants_json(req)) {
                 return json_response(200,
                                      boost::json::object{{"id", i.id},
                                                          {"status", domain::status_name(i.status)},
                                                          {"provider_name", i.connector_id}});
             }
             return page(200, "Your store is connected", "<p>You can close this window.</p>");
         },
         /*calls_platform=*/true});  // the code exchange
}

}  // namespace sb::api
