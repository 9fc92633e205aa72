#include "api/console/console.hpp"

#include <string>
#include <string_view>

#include "api/deps.hpp"
#include "core/error.hpp"
#include "http/static_assets.hpp"

namespace sb::api {

namespace console {

void set_page_security_headers(http::Response& res, Page page) {
    std::string csp =
        "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
        "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    // form-action also binds the redirects a submission follows, and the connect form's leads
    // to the platform's authorize page, wherever the platform (or its emulator) is.
    if (page != Page::connect)
        csp += "; form-action 'self'";
    if (page == Page::reference)
        csp += "; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:";
    res.set_header("Content-Security-Policy", std::move(csp));
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
}

}  // namespace console

namespace {

// If-None-Match lists entity tags, maybe weak ("W/"), or "*".
bool etag_matches(std::string_view header, std::string_view etag) {
    while (!header.empty()) {
        const auto comma = header.find(',');
        auto tag = header.substr(0, comma);
        while (!tag.empty() && tag.front() == ' ')
            tag.remove_prefix(1);
        while (!tag.empty() && tag.back() == ' ')
            tag.remove_suffix(1);
        if (tag.starts_with("W/"))
            tag.remove_prefix(2);
        if (tag == "*" || tag == etag)
            return true;
        if (comma == std::string_view::npos)
            break;
        header.remove_prefix(comma + 1);
    }
    return false;
}

http::Response serve(const http::Request& req, const http::StaticAsset& asset) {
    http::Response res;
    res.set_header("ETag", std::string(asset.etag));
    // Paths carry no version: the browser revalidates each time and mostly gets a 304.
    res.set_header("Cache-Control", "no-cache");
    console::set_page_security_headers(
        res, asset.path.starts_with("/docs/") ? console::Page::reference : console::Page::strict);
    if (auto inm = req.header("if-none-match"); inm && etag_matches(*inm, asset.etag)) {
        res.status = 304;
        return res;
    }
    res.status = 200;
    res.set_header("Content-Type", std::string(asset.content_type));
    res.body.assign(asset.body);
    return res;
}

const http::StaticAsset& asset_at(std::string_view path) {
    if (const auto* a = http::find_static_asset(path))
        return *a;
    throw ApiError(Errc::not_found, "No resource at " + std::string(path));
}

// The single-page console: a file when there is one, else the page itself, so that a deep
// link (/console/anything) opens the console.
http::Response serve_console(const http::Request& req) {
    const auto* a = http::find_static_asset(req.path);
    return serve(req, a ? *a : asset_at("/console/index.html"));
}

}  // namespace

void add_console_routes(http::Router& router, const Deps&) {
    router.add({"GET", "/", "", true, [](const http::Request&, const http::Context&) {
                    http::Response r;
                    r.status = 302;
                    r.set_header("Location", "/console/");
                    return r;
                }});
    const auto console = [](const http::Request& req, const http::Context&) {
        return serve_console(req);
    };
    // The router has no wildcard: the console's files lie at most three levels down.
    for (const char* pattern : {"/console", "/console/{p1}", "/console/{p1}/{p2}",
                                "/console/{p1}/{p2}/{p3}", "/console/{p1}/{p2}/{p3}/{p4}"}) {
        router.add({"GET", pattern, "", true, console});
    }
    router.add({"GET", "/docs", "", true, [](const http::Request& req, const http::Context&) {
                    return serve(req, asset_at("/docs/index.html"));
                }});
    router.add(
        {"GET", "/docs/{file}", "", true, [](const http::Request& req, const http::Context&) {
             return serve(req, asset_at(req.path));
         }});
    // The connect page's script, styles and texts (the page itself is /connect/{connectionId}).
    router.add({"GET", "/connect/assets/{file}", "", true,
                [](const http::Request& req, const http::Context&) {
                    return serve(req, asset_at(req.path));
                }});
    router.add(
        {"GET", "/openapi.yaml", "", true, [](const http::Request& req, const http::Context&) {
             return serve(req, asset_at("/openapi.yaml"));
         }});
}

}  // namespace sb::api
