#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/eventually.hpp"
#include "common/http_client.hpp"
#include "emulators/bigcommerce/emulator.hpp"
#include "integration/emulators/emulator_fixture.hpp"

namespace sb::emulators::bigcommerce::testing {

using test::eventually;

inline std::unique_ptr<Emulator> start_emulator(EmulatorOptions o = {}) {
    o.orders = o.orders == 1000 ? 60 : o.orders;  // small stores unless a test asks otherwise
    o.products = o.products == 100 ? 20 : o.products;
    o.customers = o.customers == 200 ? 30 : o.customers;
    return test::start_emulator_on_free_port<Emulator>(std::move(o));
}

// "/stores/{hash}" + path.
inline std::string store_path(const Emulator& e, const std::string& path) {
    return "/stores/" + e.options().store_hash + path;
}

inline test::HttpResponse api(const Emulator& e, const std::string& method, const std::string& path,
                              const std::string& body = {}, const std::string& token = {}) {
    test::HttpRequest r;
    r.method = method;
    r.target = store_path(e, path);
    r.headers = {{"X-Auth-Token", token.empty() ? e.admin_token() : token},
                 {"Accept", "application/json"}};
    if (!body.empty() || method != "GET")
        r.headers.emplace_back("Content-Type", "application/json");
    r.body = body;
    return test::send(e.port(), r);
}

inline test::HttpResponse api_get(const Emulator& e, const std::string& path,
                                  const std::string& token = {}) {
    return api(e, "GET", path, {}, token);
}

inline test::HttpResponse admin(const Emulator& e, const std::string& method,
                                const std::string& target, const std::string& body = "{}") {
    return test::send(
        e.port(), test::HttpRequest{method, target, {{"Content-Type", "application/json"}}, body});
}

inline std::string value_of(const std::vector<std::pair<std::string, std::string>>& q,
                            const std::string& key) {
    for (const auto& [k, v] : q) {
        if (k == key)
            return v;
    }
    return {};
}

// Registers the app (auth callback http://localhost/auth, `scopes` space separated) as the
// Developer Portal would, then runs its install link; the auth callback's query, empty if none.
inline std::vector<std::pair<std::string, std::string>> install(const Emulator& e,
                                                                const std::string& scopes) {
    const auto reg = admin(e, "POST", "/_emulator/app",
                           boost::json::serialize(boost::json::object{
                               {"auth_callback", "http://localhost/auth"}, {"scopes", scopes}}));
    if (reg.status != 200)
        return {};
    auto r = test::get(e.port(), "/app/" + e.options().client_id + "/install");
    if (r.status != 302)
        return {};
    const auto callback = test::redirect_request(r, "/auth");
    return callback ? callback->query : std::vector<std::pair<std::string, std::string>>{};
}

inline test::HttpResponse token_form(const Emulator& e, const std::string& form) {
    return test::send(e.port(),
                      test::HttpRequest{"POST",
                                        "/oauth2/token",
                                        {{"Content-Type", "application/x-www-form-urlencoded"}},
                                        form});
}

// An app token granted exactly `scopes` (space separated) through the install.
inline std::string token_with_scopes(const Emulator& e, const std::string& scopes) {
    const auto q = install(e, scopes);
    const auto& o = e.options();
    auto r = token_form(e, "client_id=" + o.client_id + "&client_secret=" + o.client_secret +
                               "&grant_type=authorization_code&code=" + value_of(q, "code") +
                               "&context=stores%2F" + o.store_hash +
                               "&redirect_uri=http%3A%2F%2Flocalhost%2Fauth");
    if (r.status != 200)
        return {};
    return std::string(r.json().at("access_token").as_string());
}

}  // namespace sb::emulators::bigcommerce::testing
