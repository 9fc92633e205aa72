#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/http_client.hpp"
#include "connectors/shopify/shopify_connector.hpp"
#include "emulators/shopify/emulator.hpp"

namespace sb::connectors::shopify::testing {

inline std::unique_ptr<emulators::shopify::Emulator> start_emulator(
    emulators::shopify::EmulatorOptions o = {}) {
    o.port = 0;
    auto e = std::make_unique<emulators::shopify::Emulator>(std::move(o));
    e->start();
    return e;
}

// A store on a large plan: tests about data, not about waiting for the cost bucket.
inline std::unique_ptr<emulators::shopify::Emulator> start_big_plan(
    emulators::shopify::EmulatorOptions o = {}) {
    o.plan = "enterprise";
    return start_emulator(std::move(o));
}

inline std::string base_url(const emulators::shopify::Emulator& e) {
    return "http://127.0.0.1:" + std::to_string(e.port());
}

// Short delays so retries and polls keep the suite quick; behaviour is the production one.
inline ShopifyOptions fast_options(const emulators::shopify::Emulator& e) {
    ShopifyOptions o;
    o.base_url_override = base_url(e);
    o.retry.base_delay = std::chrono::milliseconds(20);
    o.retry.max_delay = std::chrono::milliseconds(200);
    o.bulk.poll_interval = std::chrono::milliseconds(50);
    o.bulk.max_wait = std::chrono::milliseconds(120'000);
    o.http.io_timeout = std::chrono::milliseconds(20'000);
    return o;
}

inline domain::Integration integration_for(const emulators::shopify::Emulator& e,
                                           std::string token = {}) {
    domain::Integration i;
    i.id = "int_test";
    i.connector_id = "shopify";
    i.credentials["shop_domain"] = e.options().shop_domain;
    i.credentials["access_token"] = token.empty() ? e.admin_token() : token;
    return i;
}

// Keeps every batch; stops after `stop_after` non-empty batches when set.
class CollectingSink : public RecordSink {
  public:
    explicit CollectingSink(int stop_after = -1) : stop_after_(stop_after) {}
    bool accept(domain::RecordBatch batch) override {
        checkpoints.push_back(batch.checkpoint);
        if (batch.total)
            total = batch.total;
        const bool counted = !batch.records.empty();
        for (auto& r : batch.records)
            records.push_back(std::move(r));
        if (counted)
            ++batches;
        return stop_after_ < 0 || batches < stop_after_;
    }
    std::set<std::string> ids() const {
        std::set<std::string> s;
        for (const auto& r : records)
            s.insert(r.external_id);
        return s;
    }
    std::vector<domain::Record> records;
    std::vector<std::string> checkpoints;
    std::optional<std::int64_t> total;
    int batches = 0;

  private:
    int stop_after_;
};

inline test::HttpResponse control(const emulators::shopify::Emulator& e, const std::string& method,
                                  const std::string& target, const std::string& body) {
    test::HttpRequest r;
    r.method = method;
    r.target = target;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = body;
    return test::send(e.port(), r);
}

}  // namespace sb::connectors::shopify::testing
