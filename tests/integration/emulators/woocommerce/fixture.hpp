#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <utility>

#include "common/eventually.hpp"
#include "common/http_client.hpp"
#include "connectors/woocommerce/oauth1.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "emulators/woocommerce/emulator.hpp"
#include "http/message.hpp"
#include "integration/emulators/emulator_fixture.hpp"

namespace sb::emulators::woocommerce::testing {

using test::eventually;

inline std::unique_ptr<Emulator> start_emulator(EmulatorOptions o = {}) {
    o.orders = o.orders == 1000 ? 60 : o.orders;  // small stores unless a test asks otherwise
    o.products = o.products == 100 ? 12 : o.products;
    o.customers = o.customers == 200 ? 30 : o.customers;
    return test::start_emulator_on_free_port<Emulator>(std::move(o));
}

inline std::string basic(const std::string& key, const std::string& secret) {
    return "Basic " + crypto::base64_encode(key + ":" + secret);
}

// `target` (path and query) signed with OAuth 1.0a as a client over plain HTTP signs it
// (the connector's signer, checked against a worked example in its unit tests): against the
// site's own URL, a fresh nonce each time unless one is given.
inline std::string signed_target(const Emulator& e, const std::string& method,
                                 const std::string& target,
                                 const connectors::woocommerce::OAuth1Key& key,
                                 std::int64_t timestamp, const std::string& nonce = {},
                                 connectors::woocommerce::SignatureMethod how =
                                     connectors::woocommerce::SignatureMethod::hmac_sha256) {
    http::Request parsed;
    EXPECT_TRUE(http::parse_target(target, parsed)) << target;
    const std::string path = target.substr(0, target.find('?'));
    // The site's URL with the scheme the call goes over (http).
    std::string site = e.site_url();
    if (site.rfind("https://", 0) == 0)
        site = "http://" + site.substr(8);
    const auto q = connectors::woocommerce::oauth1_signed_query(
        method, site + path, parsed.query, key, timestamp,
        nonce.empty() ? crypto::hex_encode(crypto::random_bytes(16)) : nonce, how);
    return path + "?" + connectors::woocommerce::encode_query(q);
}

inline connectors::woocommerce::OAuth1Key site_key(const Emulator& e) {
    return {e.options().consumer_key, e.options().consumer_secret};
}

// A wc/v3 call (path after /wp-json/wc/v3) with the emulator's keys signed by OAuth 1.0a (the
// emulator serves plain HTTP), or with `authorization` as given ("" sends none, unsigned).
inline test::HttpResponse api(const Emulator& e, const std::string& method, const std::string& path,
                              const std::string& body = {},
                              std::optional<std::string> authorization = std::nullopt) {
    test::HttpRequest r;
    r.method = method;
    r.target = "/wp-json/wc/v3" + path;
    if (!authorization)
        r.target = signed_target(e, method, r.target, site_key(e), now_ms() / 1000);
    const std::string auth = authorization.value_or("");
    if (!auth.empty())
        r.headers.emplace_back("Authorization", auth);
    if (!body.empty()) {
        r.headers.emplace_back("Content-Type", "application/json");
        r.body = body;
    }
    return test::send(e.port(), r);
}

inline test::HttpResponse api_get(const Emulator& e, const std::string& path) {
    return api(e, "GET", path);
}

inline test::HttpResponse admin(const Emulator& e, const std::string& method,
                                const std::string& target, const std::string& body = "{}") {
    return test::send(
        e.port(), test::HttpRequest{method, target, {{"Content-Type", "application/json"}}, body});
}

}  // namespace sb::emulators::woocommerce::testing
