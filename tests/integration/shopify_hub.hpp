#pragma once

#include "emulators/shopify/emulator.hpp"
#include "hub_fixture.hpp"

namespace sb::test {

// The hub and an emulated Shopify store, both real servers on loopback.
class ShopifyHub : public HubTest {
  public:
    static emulators::shopify::EmulatorOptions store_options() {
        emulators::shopify::EmulatorOptions o;
        o.port = 0;
        o.shop_domain = "acme.myshopify.com";
        o.orders = 300;
        o.products = 30;
        o.customers = 40;
        o.plan = "enterprise";  // a big bucket keeps the test fast; throttling has its own tests
        o.api_key = "app-key";
        o.api_secret = "app-secret";
        o.webhook_retry_scale = 0.001;
        return o;
    }

    static config::Settings hub_settings(std::uint16_t store_port) {
        config::Settings s;
        s.connector_base_urls["shopify"] = "http://127.0.0.1:" + std::to_string(store_port);
        // Webhook endpoints on loopback receivers, retried in milliseconds (events tests).
        s.allow_private_targets = true;
        s.event_retry_scale = 0.001;
        return s;
    }

  protected:
    emulators::shopify::Emulator store{store_options()};
    bool started = (store.start(), true);
    TestServer hub{hub_settings(store.port())};
    Api api{hub.port(), hub.token()};

    TestServer& hub_server() override { return hub; }
    Api& hub_api() override { return api; }

    void register_app() { HubTest::register_app("shopify", "app-key", "app-secret"); }

    Connected connect(const std::string& types) {
        register_app();
        return connect_store("shopify", "acme.myshopify.com", types);
    }

    boost::json::value store_stats() {
        return send(store.port(), {"GET", "/_emulator/stats", {}, {}}).json();
    }
};

}  // namespace sb::test
