#include <boost/json/object.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/pct_string_view.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "core/error.hpp"
#include "crypto/crypto.hpp"
#include "domain/scopes.hpp"

namespace sb::api {

namespace {

struct TokenInput {
    std::string grant_type;
    std::string client_id;
    std::string client_secret;
    std::string scope;
    bool secret_in_body = false;
};

// application/x-www-form-urlencoded, decoded by Boost.URL with '+' as space.
std::vector<std::pair<std::string, std::string>> parse_form(const std::string& body) {
    if (!boost::urls::parse_query(body))
        throw ApiError(Errc::invalid_request, "The form body is malformed");
    boost::urls::encoding_opts opt;
    opt.space_as_plus = true;
    boost::urls::params_view params(body, opt);
    std::vector<std::pair<std::string, std::string>> out;
    for (auto p : params)
        out.emplace_back(p.key, p.has_value ? p.value : std::string{});
    return out;
}

TokenInput read_input(const http::Request& req) {
    TokenInput in;
    const std::string mt = req.media_type();
    auto take = [&](const std::string& key, const std::string& value) {
        if (key == "grant_type")
            in.grant_type = value;
        else if (key == "client_id")
            in.client_id = value;
        else if (key == "client_secret") {
            in.client_secret = value;
            in.secret_in_body = true;
        } else if (key == "scope")
            in.scope = value;
    };
    if (mt == "application/x-www-form-urlencoded") {
        for (const auto& [k, v] : parse_form(req.body))
            take(k, v);
    } else if (mt == "application/json") {
        for (const auto& kv : read_json_object(req)) {
            if (!kv.value().is_string()) {
                throw ApiError(Errc::invalid_request, "Token request fields must be strings", "",
                               {{std::string(kv.key()), "must be a string"}});
            }
            take(std::string(kv.key()), std::string(kv.value().as_string()));
        }
    } else {
        throw ApiError(
            Errc::unsupported_media_type,
            "Content-Type must be application/x-www-form-urlencoded or application/json");
    }
    if (auto auth = req.header("authorization")) {
        std::string_view v = *auth;
        if (v.size() < 6 || !http::iequals(v.substr(0, 6), "basic ")) {
            throw ApiError(Errc::invalid_client,
                           "Client authentication must use HTTP Basic or the body");
        }
        std::string decoded;
        if (!crypto::base64_decode(v.substr(6), decoded) ||
            decoded.find(':') == std::string::npos) {
            throw ApiError(Errc::invalid_client, "Malformed Basic credentials");
        }
        if (in.secret_in_body) {
            throw ApiError(Errc::invalid_request, "Use one client authentication method, not two");
        }
        // RFC 6749 2.3.1: both parts are form-encoded before Basic encoding.
        auto decode = [](std::string_view part) {
            auto pct = boost::urls::make_pct_string_view(part);
            return pct ? pct->decode() : std::string(part);
        };
        const auto colon = decoded.find(':');
        in.client_id = decode(std::string_view(decoded).substr(0, colon));
        in.client_secret = decode(std::string_view(decoded).substr(colon + 1));
    }
    return in;
}

}  // namespace

void add_oauth_routes(http::Router& router, const Deps& deps) {
    router.add({"POST", "/oauth/token", "", true,
                [&auth = deps.auth, &failures = deps.token_failures](const http::Request& req,
                                                                     const http::Context&) {
                    TokenInput in = read_input(req);
                    if (in.grant_type.empty()) {
                        throw ApiError(Errc::invalid_request, "grant_type is required", "",
                                       {{"grant_type", "required"}});
                    }
                    if (in.grant_type != "client_credentials") {
                        throw ApiError(Errc::unsupported_grant_type,
                                       "Only client_credentials is supported", "",
                                       {{"grant_type", "must be client_credentials"}});
                    }
                    // Counted before the secret is checked: concurrent guesses cannot slip
                    // past the limit while the slow hash runs.
                    if (auto wait = failures.begin_attempt(in.client_id, req.remote_address)) {
                        ApiError e(Errc::rate_limited, "Too many failed authentication attempts",
                                   "Try again in " + std::to_string(wait) + " seconds.");
                        e.headers.emplace_back("Retry-After", std::to_string(wait));
                        throw e;
                    }
                    domain::IssuedToken token;
                    try {
                        token = auth.issue_token(in.client_id, in.client_secret,
                                                 domain::split_scopes(in.scope));
                    } catch (const ApiError& e) {
                        // invalid_scope comes only after the secret was found right.
                        if (e.code() == Errc::invalid_scope)
                            failures.succeeded(in.client_id, req.remote_address);
                        throw;
                    }
                    failures.succeeded(in.client_id, req.remote_address);
                    auto res = json_response(200, boost::json::object{
                                                      {"access_token", token.access_token},
                                                      {"token_type", "Bearer"},
                                                      {"expires_in", token.expires_in},
                                                      {"scope", domain::join_scopes(token.scopes)},
                                                  });
                    res.set_header("Cache-Control", "no-store");
                    res.set_header("Pragma", "no-cache");
                    return res;
                }});
}

}  // namespace sb::api
