// The ceiling of webhook intake: the same deliveries the endpoint stores, inserted straight
// into the inbox (storage::make_sql_webhook_inbox, so its group commit is included) from
// several threads, no HTTP, no signature check, no decoding. Prints one JSON line:
// deliveries stored, seconds, deliveries per second and the insert latency percentiles.
//
//   storebridge_bench_webhook_inbox DATABASE_URL ACCOUNT_ID INTEGRATION_ID BODY_FILE COUNT
//                                   THREADS
//
// BODY_FILE: the delivery's body as signed (one JSON document). The deliveries are stored
// pending under the integration with fresh delivery ids; run it while no applier works on
// the database, or they are applied as they arrive.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "storage/sql.hpp"
#include "storage/webhook_inbox.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double percentile(std::vector<double>& v, double p) {
    if (v.empty())
        return 0;
    const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 7) {
        std::cerr << "usage: storebridge_bench_webhook_inbox DATABASE_URL ACCOUNT_ID "
                     "INTEGRATION_ID BODY_FILE COUNT THREADS\n";
        return 2;
    }
    using namespace sb;
    const std::string url = argv[1], account = argv[2], integration = argv[3];
    std::ifstream in(argv[4]);
    const std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (body.empty()) {
        std::cerr << "no body in " << argv[4] << "\n";
        return 2;
    }
    const long count = std::stol(argv[5]);
    const int threads = std::stoi(argv[6]);
    auto db = sql::open_database(url);
    auto inbox = storage::make_sql_webhook_inbox(*db);
    const auto run = new_id("ceil");

    std::atomic<long> next{0};
    std::atomic<long> duplicates{0};
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
    std::vector<std::thread> workers;
    const auto start = Clock::now();
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            auto& lat = latencies[static_cast<std::size_t>(t)];
            for (long i = next++; i < count; i = next++) {
                storage::WebhookDelivery d;
                d.id = new_id("whk");
                d.account_id = account;
                d.integration_id = integration;
                d.connector_id = "shopify";
                d.delivery_id = run + "-" + std::to_string(i);
                d.topic = "orders/updated";
                d.received_at = d.occurred_at = now_ms();
                d.body = body;
                const auto t0 = Clock::now();
                if (!inbox->insert(d))
                    ++duplicates;
                lat.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
            }
        });
    }
    for (auto& w : workers)
        w.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    for (auto& l : latencies)
        all.insert(all.end(), l.begin(), l.end());
    const auto p50 = percentile(all, 0.50);
    const auto p99 = percentile(all, 0.99);
    std::printf(
        "{\"deliveries\":%ld,\"duplicates\":%ld,\"threads\":%d,\"seconds\":%.3f,"
        "\"per_s\":%.0f,\"p50_us\":%.0f,\"p99_us\":%.0f}\n",
        count, duplicates.load(), threads, seconds, static_cast<double>(count) / seconds, p50, p99);
    return duplicates == 0 ? 0 : 1;
}
