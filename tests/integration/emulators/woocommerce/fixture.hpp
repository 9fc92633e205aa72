#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <utility>

#include "common/eventually.hpp"
#include "common/http_client.hpp"
#include "crypto/crypto.hpp"
#include "emulators/woocommerce/emulator.hpp"
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

// A wc/v3 call (path after /wp-json/wc/v3) with the emulator's keys over HTTP Basic, or with
// `authorization` as given ("" sends none).
inline test::HttpResponse api(const Emulator& e, const std::string& method, const std::string& path,
                              const std::string& body = {},
                              std::optional<std::string> authorization = std::nullopt) {
    test::HttpRequest r;
    r.method = method;
    r.target = "/wp-json/wc/v3" + path;
    const std::string auth =
        authorization.value_or(basic(e.options().consumer_key, e.options().consumer_secret));
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
