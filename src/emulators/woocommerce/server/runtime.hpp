#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "emulators/common/runtime.hpp"
#include "emulators/woocommerce/data/render.hpp"
#include "emulators/woocommerce/data/store.hpp"
#include "emulators/woocommerce/emulator.hpp"
#include "emulators/woocommerce/server/keys.hpp"
#include "emulators/woocommerce/webhooks/webhooks.hpp"
#include "http/router.hpp"

// Everything the endpoints share, built once by the Emulator: the kit's faults, webhooks,
// request count, options and store (common/runtime.hpp), and WooCommerce's webhook table,
// counters and the site's address.
namespace sb::emulators::woocommerce {

struct Counters {
    std::atomic<std::int64_t> api{0};
    std::atomic<std::int64_t> unauthorized{0};
    std::atomic<std::int64_t> pings_delivered{0};
    std::atomic<std::int64_t> pings_failed{0};
    std::atomic<std::int64_t> oauth1{0};         // calls by an OAuth 1.0a signature
    std::atomic<std::int64_t> basic{0};          // calls by Basic or the query keys
    std::atomic<std::int64_t> keys_granted{0};   // key pairs the key grant created
    std::atomic<std::int64_t> keys_refused{0};   // … and deleted: the app did not take them
    std::atomic<std::int64_t> in_flight{0};      // wc/v3 calls being answered now
    std::atomic<std::int64_t> max_in_flight{0};  // … the most at once so far
    std::atomic<std::int64_t> html_answers{0};   // calls answered by the html_next fault
};

struct Runtime : common::Runtime<EmulatorOptions, Store> {
    explicit Runtime(EmulatorOptions o);
    Runtime(EmulatorOptions o, std::shared_ptr<WebhookTable> table);

    std::shared_ptr<WebhookTable> hooks;
    Counters counters;
    // The options' key pair (read_write) and those the key grant creates.
    KeyTable keys;
    // The wc_auth_nonce of the Approve link (WordPress's nonce for the logged-in merchant).
    const std::string grant_nonce;
    std::atomic<std::uint16_t> port{0};  // known once listening
    // The faults' "html_next": the next N wc/v3 calls answer a WordPress HTML page with 200,
    // as a site whose PHP broke or whose security plugin intercepts the API does.
    std::atomic<std::int64_t> html_next{0};

    // site_url, or http://HOST:PORT once listening.
    std::string site_url() const;
    Site site() const { return {site_url(), options.utc_offset_minutes}; }
    // Sends `body` to every webhook on `topic` that is active (the kit skips disabled ones).
    void publish(const std::string& topic, const boost::json::object& body);
};

// WooCommerce's (WordPress's) error: {"code":…,"message":…,"data":{"status":N[,"params":{…},
// "details":{…}]}}. Handlers throw it; the route wrapper answers it.
struct ApiError {
    int status = 400;
    std::string code;
    std::string message;
    boost::json::object params;  // rest_invalid_param: parameter → what is wrong with it
};

http::Response error_response(const ApiError& e);
// The kit's errors (404, 405, 500, injected 503) in WooCommerce's shape.
http::Response kit_error(int status, const std::string& message);

void add_rest_routes(http::Router& r, Runtime& rt);
void add_webhook_routes(http::Router& r, Runtime& rt);
void add_admin_routes(http::Router& r, Runtime& rt);
void add_wc_auth_routes(http::Router& r, Runtime& rt);

}  // namespace sb::emulators::woocommerce
