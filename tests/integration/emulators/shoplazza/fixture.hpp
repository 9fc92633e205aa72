#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/eventually.hpp"
#include "common/http_client.hpp"
#include "emulators/shoplazza/emulator.hpp"
#include "integration/emulators/emulator_fixture.hpp"

namespace sb::emulators::shoplazza::testing {

using test::eventually;

inline std::unique_ptr<Emulator> start_emulator(EmulatorOptions o = {}) {
    return test::start_emulator_on_free_port<Emulator>(std::move(o));
}

inline test::HttpResponse api(const Emulator& e, const std::string& method,
                              const std::string& target, const std::string& body = {},
                              const std::string& token = {}) {
    test::HttpRequest r;
    r.method = method;
    r.target = target;
    r.headers = {{"Access-Token", token.empty() ? e.admin_token() : token}};
    if (!body.empty() || method != "GET")
        r.headers.emplace_back("Content-Type", "application/json");
    r.body = body;
    return test::send(e.port(), r);
}

inline test::HttpResponse api_get(const Emulator& e, const std::string& target,
                                  const std::string& token = {}) {
    return api(e, "GET", target, {}, token);
}

inline test::HttpResponse admin(const Emulator& e, const std::string& method,
                                const std::string& target, const std::string& body = "{}") {
    return test::send(
        e.port(), test::HttpRequest{method, target, {{"Content-Type", "application/json"}}, body});
}

// The callback query of an authorize redirect to http://localhost/cb; empty if none.
inline std::vector<std::pair<std::string, std::string>> authorize(const Emulator& e,
                                                                  const std::string& scopes,
                                                                  const std::string& state = "s") {
    const auto& o = e.options();
    auto r =
        test::get(e.port(), "/admin/oauth/authorize?client_id=" + o.client_id + "&scope=" + scopes +
                                "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&response_type="
                                "code&state=" +
                                state);
    if (r.status != 302)
        return {};
    const auto callback = test::redirect_request(r);
    return callback ? callback->query : std::vector<std::pair<std::string, std::string>>{};
}

inline std::string value_of(const std::vector<std::pair<std::string, std::string>>& q,
                            const std::string& key) {
    for (const auto& [k, v] : q) {
        if (k == key)
            return v;
    }
    return {};
}

inline test::HttpResponse token_request(const Emulator& e, const std::string& form) {
    return test::send(e.port(),
                      test::HttpRequest{"POST",
                                        "/admin/oauth/token",
                                        {{"Content-Type", "application/x-www-form-urlencoded"}},
                                        form});
}

// An access token granted exactly `scopes` (space separated, URL-encoded) through OAuth.
inline std::string token_with_scopes(const Emulator& e, const std::string& scopes) {
    const auto q = authorize(e, scopes);
    const auto& o = e.options();
    auto r = token_request(e, "client_id=" + o.client_id + "&client_secret=" + o.client_secret +
                                  "&grant_type=authorization_code&code=" + value_of(q, "code") +
                                  "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb");
    if (r.status != 200)
        return {};
    const auto body = r.json();
    return std::string(body.at("access_token").as_string());
}

}  // namespace sb::emulators::shoplazza::testing
