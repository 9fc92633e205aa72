#pragma once

#include <cstdint>
#include <string>

// The options every emulator starts from; a platform's EmulatorOptions derives from one of these
// and adds its own (credentials, plans, limits).
namespace sb::emulators::common {

// Where the server listens, the seed of its data, the faults it starts with and how its
// webhooks retry.
struct BaseOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;  // 0 picks a free port
    std::uint64_t seed = 1;
    int latency_min_ms = 0;
    int latency_max_ms = 0;
    double fail_rate = 0;
    double reset_rate = 0;  // share of API calls whose connection is reset unanswered
    double webhook_retry_scale = 1.0;
    int handler_threads = 8;

    BaseOptions() = default;
    explicit BaseOptions(std::uint16_t default_port) : port(default_port) {}
};

// A commerce platform's store: one shop and how many records it is generated with.
struct ShopOptions : BaseOptions {
    std::string shop_domain;
    std::int64_t orders = 1000;
    std::int64_t products = 100;
    std::int64_t customers = 200;

    ShopOptions() = default;
    ShopOptions(std::uint16_t default_port, std::string default_shop_domain)
        : BaseOptions(default_port), shop_domain(std::move(default_shop_domain)) {}
};

// What a store's data generator is given: every record is a pure function of the seed and its
// index, so the same size gives the same store, record for record. A platform's size derives
// from it (its own default domain, its own extras: locations, plan).
struct StoreSize {
    std::uint64_t seed = 1;
    std::int64_t orders = 1000;
    std::int64_t products = 100;
    std::int64_t customers = 200;
    std::string shop_domain;

    StoreSize() = default;
    explicit StoreSize(std::string default_shop_domain)
        : shop_domain(std::move(default_shop_domain)) {}
};

// A data generator's size (a StoreSize or one derived from it) from the options, so that the
// same flags give the same store, record for record.
template <class Size>
Size store_size(const ShopOptions& o) {
    Size s;
    s.seed = o.seed;
    s.orders = o.orders;
    s.products = o.products;
    s.customers = o.customers;
    s.shop_domain = o.shop_domain;
    return s;
}

}  // namespace sb::emulators::common
