#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "common/eventually.hpp"
#include "common/http_client.hpp"
#include "emulators/shopify/emulator.hpp"
#include "integration/emulators/emulator_fixture.hpp"

namespace sb::emulators::shopify::testing {

using test::eventually;

inline std::unique_ptr<Emulator> start_emulator(EmulatorOptions o = {}) {
    return test::start_emulator_on_free_port<Emulator>(std::move(o));
}

inline test::HttpResponse graphql(const Emulator& e, const std::string& query,
                                  boost::json::object vars = {}, const std::string& token = {}) {
    test::HttpRequest r;
    r.method = "POST";
    r.target = "/admin/api/2026-10/graphql.json";
    r.headers = {{"Content-Type", "application/json"},
                 {"X-Shopify-Access-Token", token.empty() ? e.admin_token() : token}};
    r.body = boost::json::serialize(boost::json::object{{"query", query}, {"variables", vars}});
    return test::send(e.port(), r);
}

inline test::HttpResponse rest_get(const Emulator& e, const std::string& target,
                                   const std::string& token = {}) {
    test::HttpRequest r;
    r.target = target;
    r.headers = {{"X-Shopify-Access-Token", token.empty() ? e.admin_token() : token}};
    return test::send(e.port(), r);
}

// An offline token granted exactly `scopes` (comma separated) through the OAuth flow; "" if
// the flow failed.
inline std::string token_with_scopes(const Emulator& e, const std::string& scopes) {
    const auto& o = e.options();
    auto r =
        test::get(e.port(), "/admin/oauth/authorize?client_id=" + o.api_key + "&scope=" + scopes +
                                "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&state=s");
    const auto callback = test::redirect_request(r);
    if (!callback)
        return {};
    const std::string code(callback->query_param("code").value_or(""));
    auto tok = test::post_json(
        e.port(), "/admin/oauth/access_token",
        boost::json::serialize(boost::json::object{
            {"client_id", o.api_key}, {"client_secret", o.api_secret}, {"code", code}}));
    if (tok.status != 200)
        return {};
    return std::string(tok.json().at("access_token").as_string());
}

}  // namespace sb::emulators::shopify::testing
