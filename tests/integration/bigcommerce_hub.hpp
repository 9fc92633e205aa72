#pragma once

#include <cstdint>
#include <string>

#include "common/http_client.hpp"
#include "emulators/bigcommerce/emulator.hpp"

namespace sb::test::bigcommerce_store {

// The emulated BigCommerce store the e2e tests connect: its hash and the app's credentials.
constexpr const char* k_hash = "acme01";
constexpr const char* k_client_id = "bc-app";
constexpr const char* k_client_secret = "bc-secret";

// 40 orders, 12 products, 25 customers; `quota` requests per `window_ms` window.
inline emulators::bigcommerce::EmulatorOptions options(int quota = 150, int window_ms = 2000) {
    emulators::bigcommerce::EmulatorOptions o;
    o.port = 0;
    o.store_hash = k_hash;
    o.client_id = k_client_id;
    o.client_secret = k_client_secret;
    o.orders = 40;
    o.products = 12;
    o.customers = 25;
    o.quota = quota;
    o.window_ms = window_ms;
    o.webhook_retry_scale = 0.001;
    return o;
}

// Registers the hub's auth callback for the app, as the app's developer does once in
// BigCommerce's Developer Portal: the store sends the merchant there, with no state.
inline int register_auth_callback(std::uint16_t store_port, std::uint16_t hub_port) {
    return send(store_port, {"POST",
                             "/_emulator/app",
                             {{"Content-Type", "application/json"}},
                             R"({"auth_callback":"http://127.0.0.1:)" + std::to_string(hub_port) +
                                 R"(/callback/bigcommerce"})"})
        .status;
}

}  // namespace sb::test::bigcommerce_store
