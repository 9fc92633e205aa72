#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "emulators/common/request_bucket.hpp"
#include "emulators/common/tokens.hpp"
#include "emulators/shoplazza/data/store.hpp"
#include "emulators/shoplazza/emulator.hpp"
#include "emulators/shoplazza/webhooks/webhooks.hpp"
#include "http/router.hpp"

// Everything the endpoints share, built once by the Emulator.
namespace sb::emulators::shoplazza {

struct Counters {
    std::atomic<std::int64_t> requests{0};
    std::atomic<std::int64_t> openapi{0};
    std::atomic<std::int64_t> throttled{0};
    std::atomic<std::int64_t> injected_failures{0};
    std::atomic<std::int64_t> injected_resets{0};
};

struct Faults {
    std::mutex mutex;
    int latency_min_ms = 0;
    int latency_max_ms = 0;
    double fail_rate = 0;
    double reset_rate = 0;
    // The next OpenAPI calls answered 503, or 429 whatever the bucket holds: faults a test
    // can count on, where the rates are chance.
    int fail_next = 0;
    int throttle_next = 0;
};

// One leaky bucket per access token, made on first use.
class Buckets {
  public:
    Buckets(double size, double leak_rate) : size_(size), rate_(leak_rate) {}
    common::RequestBucket::Status take(const std::string& token);
    double size() const { return size_; }
    double leak_rate() const { return rate_; }

  private:
    double size_, rate_;
    std::mutex mutex_;
    std::map<std::string, std::unique_ptr<common::RequestBucket>> buckets_;
};

struct Runtime {
    EmulatorOptions options;
    std::unique_ptr<Store> store;
    std::unique_ptr<Webhooks> webhooks;
    common::Tokens tokens;
    std::string admin_token;
    std::unique_ptr<Buckets> buckets;
    Counters counters;
    Faults faults;
    std::atomic<bool> installed{true};
    std::atomic<bool> active{true};
    // The redirect_uri each authorization code was issued for: the exchange must name the same
    // one. Entries go when their code is exchanged.
    std::mutex code_redirects_mutex;
    std::map<std::string, std::string> code_redirects;

    explicit Runtime(EmulatorOptions o);
    std::string store_id() const;
    // Renders and sends `topic` with {"<key>": body}.
    void publish(const std::string& topic, const char* key, boost::json::object body) const;
    void publish_order(const std::string& topic, const Order& o) const;
};

const std::vector<std::string>& all_scopes();
// write_x grants read_x too.
bool has_scope(const std::vector<std::string>& granted, const std::string& scope);

std::optional<Customer> order_customer(const Runtime& rt, const Order& o);

void add_openapi_routes(http::Router& r, Runtime& rt);
void add_oauth_routes(http::Router& r, Runtime& rt);
void add_admin_routes(http::Router& r, Runtime& rt);

}  // namespace sb::emulators::shoplazza
