#include <boost/json/serialize.hpp>
#include <chrono>
#include <exception>

#include "core/html.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "emulators/common/http_post.hpp"
#include "emulators/common/oauth_http.hpp"
#include "emulators/woocommerce/server/auth.hpp"

// /wc-auth/v1/…: WooCommerce's REST API key grant (WC_Auth; the REST API documentation's
// "Authentication endpoint"). An app sends the merchant to /wc-auth/v1/authorize with
// app_name, scope (read, write, read_write), user_id (the app's own reference, echoed back),
// return_url and callback_url (https). The merchant, logged in (the emulator's merchant always
// is), approves; the site creates a key pair, POSTs it as JSON to callback_url — {key_id,
// user_id, consumer_key, consumer_secret, key_permissions} — and, on a 200, sends the browser
// to return_url with success=1&user_id=…. A refusal sends it there with success=0. Errors are
// WordPress's wp_die page: 401, "Error: … .".
namespace sb::emulators::woocommerce {

namespace json = boost::json;

namespace {

struct Grant {
    std::string app_name;
    std::string user_id;
    std::string return_url;
    std::string callback_url;
    std::string scope;
};

struct Refused {
    std::string why;
};

http::Response page(int status, const std::string& title, const std::string& body) {
    return http::Response::text(status,
                                "<!DOCTYPE html><html><head><title>" + core::html_escape(title) +
                                    "</title></head><body>" + body + "</body></html>",
                                "text/html; charset=UTF-8");
}

http::Response refused(const std::string& why) {
    return page(401, "Access denied", "<p>Error: " + core::html_escape(why) + ".</p>");
}

http::Response redirect(const std::string& to) {
    http::Response r;
    r.status = 302;
    r.set_header("Location", to);
    return r;
}

// A URL as WooCommerce reads one: percent-decoded, https:// when it has no scheme.
std::string formatted_url(std::string url) {
    url = url_decode(url);
    if (url.find("://") == std::string::npos)
        url = "https://" + url;
    return url;
}

// scheme://host[…] with a scheme of letters and a host: what PHP's FILTER_VALIDATE_URL needs.
bool valid_url(const std::string& url) {
    const auto sep = url.find("://");
    if (sep == std::string::npos || sep == 0 || sep + 3 >= url.size())
        return false;
    for (std::size_t i = 0; i < sep; ++i) {
        if (!std::isalpha(static_cast<unsigned char>(url[i])))
            return false;
    }
    return url.find_first_of(" <>\"") == std::string::npos && url[sep + 3] != '/';
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && http::iequals(s.substr(0, prefix.size()), prefix);
}

// The five parameters, checked as WC_Auth::make_validation checks them. Throws Refused.
Grant validated(const http::Request& req, const EmulatorOptions& o) {
    Grant g;
    const std::pair<const char*, std::string*> fields[] = {{"app_name", &g.app_name},
                                                           {"user_id", &g.user_id},
                                                           {"return_url", &g.return_url},
                                                           {"callback_url", &g.callback_url},
                                                           {"scope", &g.scope}};
    for (const auto& [name, out] : fields) {
        const auto v = req.query_param(name);
        if (!v || v->empty())
            throw Refused{std::string("Missing parameter ") + name};
        *out = std::string(*v);
    }
    if (g.scope != "read" && g.scope != "write" && g.scope != "read_write")
        throw Refused{"Invalid scope " + g.scope};
    g.return_url = formatted_url(g.return_url);
    g.callback_url = formatted_url(g.callback_url);
    for (const auto* url : {&g.return_url, &g.callback_url}) {
        if (!valid_url(*url))
            throw Refused{"The " + *url + " is not a valid URL"};
    }
    const bool https = starts_with_nocase(g.callback_url, "https://");
    if (!https && !(o.allow_http_callback && starts_with_nocase(g.callback_url, "http://")))
        throw Refused{"The callback_url needs to be over SSL"};
    return g;
}

std::vector<std::pair<std::string, std::string>> grant_params(const Grant& g) {
    return {{"app_name", g.app_name},
            {"user_id", g.user_id},
            {"return_url", g.return_url},
            {"callback_url", g.callback_url},
            {"scope", g.scope}};
}

const char* scope_name(const std::string& scope) {
    return scope == "read" ? "Read" : scope == "write" ? "Write" : "Read/Write";
}

// Creates the key, sends it to the app, and sends the browser back; the key is deleted when
// the app does not answer 200.
http::Response grant_access(Runtime& rt, const Grant& g) {
    const ApiKey key = rt.keys.create(
        g.app_name.substr(0, 170) + " - API (" + format_time(now_ms()).substr(0, 19) + ")",
        g.scope);
    ++rt.counters.keys_granted;
    if (!starts_with_nocase(g.callback_url, "http://")) {
        rt.keys.remove(key.id);
        return refused(
            "the emulator sends the keys over plain HTTP only (an http:// "
            "callback_url and --allow-http-callback true)");
    }
    const json::object body{{"key_id", key.id},
                            {"user_id", g.user_id},
                            {"consumer_key", key.consumer_key},
                            {"consumer_secret", key.consumer_secret},
                            {"key_permissions", key.permissions}};
    const auto sent = common::http_post(g.callback_url,
                                        {{"Content-Type", "application/json;charset=UTF-8"},
                                         {"User-Agent", "WordPress/6.5.3; " + rt.site_url()}},
                                        json::serialize(body), std::chrono::seconds(60));
    if (sent.status != 200) {
        rt.keys.remove(key.id);
        ++rt.counters.keys_refused;
        return refused(sent.status == 0 ? sent.error
                                        : "An error occurred in the request and at the time were "
                                          "unable to send the consumer data");
    }
    return redirect(common::with_query(g.return_url, {{"success", "1"}, {"user_id", g.user_id}}));
}

}  // namespace

void add_wc_auth_routes(http::Router& r, Runtime& rt) {
    auto add = [&](const char* path, auto f) {
        r.add({"GET", path, "", true, [f](const http::Request& req, const http::Context&) {
                   try {
                       return f(req);
                   } catch (const Refused& e) {
                       return refused(e.why);
                   }
               }});
    };
    // The merchant is logged in: login goes straight on to authorize.
    add("/wc-auth/v1/login", [&rt](const http::Request& req) {
        const Grant g = validated(req, rt.options);
        return redirect(
            common::with_query(rt.site_url() + "/wc-auth/v1/authorize", grant_params(g)));
    });
    // The page the merchant approves on (or, with auto_approve, the approval itself).
    add("/wc-auth/v1/authorize", [&rt](const http::Request& req) {
        const Grant g = validated(req, rt.options);
        if (rt.options.auto_approve)
            return grant_access(rt, g);
        auto params = grant_params(g);
        params.emplace_back("wc_auth_nonce", rt.grant_nonce);
        const std::string approve =
            common::with_query(rt.site_url() + "/wc-auth/v1/access_granted", params);
        const std::string deny =
            common::with_query(g.return_url, {{"success", "0"}, {"user_id", g.user_id}});
        return page(200, "Authorize " + g.app_name,
                    "<h1>" + core::html_escape(g.app_name) +
                        " would like to connect to your store</h1><p>This will give \"" +
                        core::html_escape(g.app_name) + "\" " + scope_name(g.scope) +
                        " access.</p><p>Logged in as admin</p><p><a class=\"button "
                        "wc-auth-approve\" id=\"approve\" href=\"" +
                        core::html_escape(approve) +
                        "\">Approve</a> <a class=\"button wc-auth-deny\" id=\"deny\" href=\"" +
                        core::html_escape(deny) + "\">Deny</a></p>");
    });
    // The Approve button's link.
    add("/wc-auth/v1/access_granted", [&rt](const http::Request& req) {
        const Grant g = validated(req, rt.options);
        const auto nonce = req.query_param("wc_auth_nonce");
        if (!nonce || !crypto::constant_time_equal(*nonce, rt.grant_nonce))
            throw Refused{"Invalid nonce verification"};
        return grant_access(rt, g);
    });
}

}  // namespace sb::emulators::woocommerce
