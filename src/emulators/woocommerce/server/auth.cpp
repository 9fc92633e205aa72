#include "emulators/woocommerce/server/auth.hpp"

#include <boost/url/pct_string_view.hpp>
#include <charconv>
#include <vector>

#include "crypto/crypto.hpp"

namespace sb::emulators::woocommerce {

namespace {

ApiError auth_error(std::string message) {
    return {401, "woocommerce_rest_authentication_error", std::move(message), {}};
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return std::string(s);
}

// `OAuth oauth_consumer_key="ck_…", oauth_nonce="…"`: the oauth_* pairs, values decoded.
std::map<std::string, std::string> header_params(std::string_view header) {
    std::map<std::string, std::string> out;
    if (header.rfind("OAuth ", 0) != 0)
        return out;
    header.remove_prefix(6);
    while (!header.empty()) {
        const auto comma = header.find(',');
        const std::string part = trim(header.substr(0, comma));
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        const auto eq = part.find('=');
        if (eq == std::string::npos || part.rfind("oauth_", 0) != 0)
            continue;
        std::string value = part.substr(eq + 1);
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.substr(1, value.size() - 2);
        out[part.substr(0, eq)] = url_decode(value);
    }
    return out;
}

// The request path as sent, without the query.
std::string raw_path(const http::Request& req) {
    const auto q = req.target.find('?');
    return req.target.substr(0, q);
}

// WordPress's home URL with `path` below it and the request's scheme (always http here):
// the home path is taken off the request path first when it starts with it.
std::string base_request_url(const std::string& site_url, std::string path) {
    const auto scheme = site_url.find("://");
    const std::string home = scheme == std::string::npos ? site_url : site_url.substr(scheme + 3);
    const auto slash = home.find('/');
    const std::string home_path =
        (slash == std::string::npos ? std::string() : home.substr(slash)) + "/";
    if (home_path != "/" && path.rfind(home_path, 0) == 0)
        path = path.substr(home_path.size());
    while (!path.empty() && path.front() == '/')
        path.erase(0, 1);
    return "http://" + home + "/" + path;
}

std::optional<std::int64_t> to_int(std::string_view s) {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

const char* const k_oauth_required[] = {"oauth_consumer_key", "oauth_timestamp", "oauth_nonce",
                                        "oauth_signature", "oauth_signature_method"};

Caller oauth(const http::Request& req, Runtime& rt, std::int64_t now_s) {
    Caller out;
    out.oauth = true;
    auto params = oauth_request_params(req);
    std::vector<std::string> missing;
    for (const char* name : k_oauth_required) {
        if (params[name].empty())
            missing.emplace_back(name);
    }
    if (missing.size() == std::size(k_oauth_required))
        return {};  // not trying OAuth: no credentials at all
    if (!missing.empty()) {
        std::string names;
        for (const auto& m : missing)
            names += (names.empty() ? "" : ", ") + m;
        out.error = ApiError{
            401,
            "woocommerce_rest_authentication_missing_parameter",
            (missing.size() == 1 ? "Missing OAuth parameter " : "Missing OAuth parameters ") +
                names,
            {}};
        return out;
    }
    const auto key = rt.keys.find(params["oauth_consumer_key"]);
    if (!key) {
        out.error = auth_error("Consumer key is invalid.");
        return out;
    }
    const std::string method = params["oauth_signature_method"];
    std::string given = params["oauth_signature"];
    for (auto& c : given)
        c = c == ' ' ? '+' : c;  // a '+' the client left unencoded arrives as a space
    given = url_decode(given);
    params.erase("oauth_signature");
    const std::string text = oauth_string_to_sign(req, rt.site_url(), params);
    if (method != "HMAC-SHA1" && method != "HMAC-SHA256") {
        out.error = auth_error("Invalid signature - signature method is invalid.");
        return out;
    }
    const std::string secret = key->consumer_secret + "&";
    const std::string expected =
        crypto::base64_encode(method == "HMAC-SHA1" ? crypto::hmac_sha1(secret, text)
                                                    : crypto::hmac_sha256(secret, text));
    if (!crypto::constant_time_equal(expected, given)) {
        out.error = auth_error("Invalid signature - provided signature does not match.");
        return out;
    }
    const auto ts = to_int(params["oauth_timestamp"]);
    if (!ts || *ts < now_s - k_oauth_window_s || *ts > now_s + k_oauth_window_s) {
        out.error = auth_error("Invalid timestamp.");
        return out;
    }
    if (!rt.keys.use_nonce(key->id, params["oauth_nonce"], *ts, now_s)) {
        out.error = auth_error("Invalid nonce - nonce has already been used.");
        return out;
    }
    out.key = key;
    return out;
}

// HTTPS only at a real site: the query parameters first, then HTTP Basic. An unknown key is
// no credentials at all (WooCommerce goes on to OAuth, which finds none); a known key with a
// wrong secret is refused.
Caller basic(const http::Request& req, Runtime& rt) {
    std::string key(req.query_param("consumer_key").value_or(""));
    std::string secret(req.query_param("consumer_secret").value_or(""));
    if (key.empty() || secret.empty()) {
        key.clear();
        secret.clear();
        const auto auth = req.header("authorization");
        std::string decoded;
        if (auth && auth->rfind("Basic ", 0) == 0 &&
            crypto::base64_decode(auth->substr(6), decoded)) {
            const auto colon = decoded.find(':');
            if (colon != std::string::npos) {
                key = decoded.substr(0, colon);
                secret = decoded.substr(colon + 1);
            }
        }
    }
    if (key.empty() || secret.empty())
        return {};
    const auto found = rt.keys.find(key);
    if (!found)
        return {};
    Caller out;
    if (!crypto::constant_time_equal(found->consumer_secret, secret))
        out.error = auth_error("Consumer secret is invalid.");
    else
        out.key = found;
    return out;
}

}  // namespace

std::string url_decode(std::string_view s) {
    auto pct = boost::urls::make_pct_string_view(s);
    return pct ? pct->decode() : std::string(s);
}

std::map<std::string, std::string> oauth_request_params(const http::Request& req) {
    std::map<std::string, std::string> params;
    for (const auto& [k, v] : req.query)
        params[k] = v;
    if (req.media_type() == "application/x-www-form-urlencoded") {
        http::Request form;
        if (http::parse_target("/?" + req.body, form)) {
            for (const auto& [k, v] : form.query)
                params[k] = v;
        }
    }
    if (const auto h = req.header("authorization")) {
        for (auto& [k, v] : header_params(trim(*h)))
            params[k] = std::move(v);
    }
    return params;
}

std::string oauth_string_to_sign(const http::Request& req, const std::string& site_url,
                                 std::map<std::string, std::string> params) {
    params.erase("oauth_signature");
    // Each name=value encoded, then the pair encoded again and joined by an encoded '&'.
    std::string joined;
    for (const auto& [k, v] : params) {
        if (!joined.empty())
            joined += "%26";
        joined +=
            crypto::percent_encode(crypto::percent_encode(k) + "=" + crypto::percent_encode(v));
    }
    return req.method + "&" + crypto::percent_encode(base_request_url(site_url, raw_path(req))) +
           "&" + joined;
}

Caller authenticate(const http::Request& req, Runtime& rt, std::int64_t now_s) {
    if (rt.options.allow_basic_over_http) {
        Caller c = basic(req, rt);
        if (c.key || c.error)
            return c;
    }
    return oauth(req, rt, now_s);
}

}  // namespace sb::emulators::woocommerce
