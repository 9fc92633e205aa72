#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "emulators/common/request_bucket.hpp"
#include "emulators/common/runtime.hpp"
#include "emulators/shoplazza/data/store.hpp"
#include "emulators/shoplazza/emulator.hpp"
#include "emulators/shoplazza/webhooks/webhooks.hpp"
#include "http/router.hpp"

// Everything the endpoints share, built once by the Emulator: the kit's faults, app install,
// webhooks, request count, options and store (common/runtime.hpp), and Shoplazza's buckets,
// counters, store state and pending authorization codes.
namespace sb::emulators::shoplazza {

struct Counters {
    std::atomic<std::int64_t> openapi{0};
    std::atomic<std::int64_t> throttled{0};
};

struct Runtime : common::Runtime<EmulatorOptions, Store> {
    explicit Runtime(EmulatorOptions o);

    common::RequestBuckets buckets;  // one leaky bucket per access token
    Counters counters;
    std::atomic<bool> active{true};
    // The redirect_uri each authorization code was issued for: the exchange must name the same
    // one. Entries go when their code is exchanged.
    std::mutex code_redirects_mutex;
    std::map<std::string, std::string> code_redirects;

    std::string store_id() const;
    // Renders and sends `topic` with {"<key>": body}.
    void publish(const std::string& topic, const char* key, boost::json::object body);
    void publish_order(const std::string& topic, const Order& o);
};

// Shoplazza's error body: {"errors":["<message>"]}.
http::Response error_response(int status, const std::string& message);

const std::vector<std::string>& all_scopes();
using common::has_scope;  // write_x grants read_x too

std::optional<Customer> order_customer(const Runtime& rt, const Order& o);

void add_openapi_routes(http::Router& r, Runtime& rt);
void add_oauth_routes(http::Router& r, Runtime& rt);
void add_admin_routes(http::Router& r, Runtime& rt);

}  // namespace sb::emulators::shoplazza
