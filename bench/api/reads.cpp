// The ceiling of the order-items endpoint: the same reads the handler makes (the customer,
// then the order, by primary key through the hub's RecordReader), straight against the
// database, no HTTP. Prints one JSON line: reads per second (one read = both queries) and
// latency percentiles.
//
//   storebridge_bench_reads DATABASE_URL ACCOUNT_ID PAIRS_FILE SECONDS THREADS
//
// PAIRS_FILE: one "integration_id customer_id order_id" (platform ids) per line.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "storage/record_reader.hpp"
#include "storage/sql.hpp"

namespace {

struct Pair {
    std::string integration, customer, order;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        std::cerr << "usage: storebridge_bench_reads DATABASE_URL ACCOUNT_ID PAIRS_FILE SECONDS "
                     "THREADS\n";
        return 2;
    }
    using namespace sb;
    const std::string url = argv[1], account = argv[2];
    std::vector<Pair> pairs;
    std::ifstream in(argv[3]);
    for (Pair p; in >> p.integration >> p.customer >> p.order;)
        pairs.push_back(p);
    if (pairs.empty()) {
        std::cerr << "no pairs in " << argv[3] << "\n";
        return 2;
    }
    const auto seconds = std::chrono::seconds(std::stoi(argv[4]));
    const int threads = std::stoi(argv[5]);
    auto db = sql::open_database(url);
    auto reader = storage::make_sql_record_reader(*db);

    std::atomic<bool> stop{false};
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
    std::atomic<int> missing{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            std::size_t i = static_cast<std::size_t>(t) * 7919;
            auto& lat = latencies[static_cast<std::size_t>(t)];
            while (!stop) {
                const auto& p = pairs[i++ % pairs.size()];
                const auto t0 = std::chrono::steady_clock::now();
                auto c =
                    reader->get(account, p.integration, domain::DataType::customer, p.customer);
                auto o = reader->get(account, p.integration, domain::DataType::order, p.order);
                lat.push_back(
                    std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0)
                        .count());
                if (!c || !o)
                    ++missing;
            }
        });
    }
    const auto start = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(seconds);
    stop = true;
    for (auto& w : workers)
        w.join();
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::vector<double> all;
    for (auto& l : latencies)
        all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    auto pct = [&](double q) {
        return all.empty() ? 0.0 : all[static_cast<std::size_t>(q * (all.size() - 1))];
    };
    std::cout << "{\"reads\": " << all.size() << ", \"seconds\": " << elapsed
              << ", \"reads_per_s\": " << static_cast<long long>(all.size() / elapsed)
              << ", \"p50_us\": " << static_cast<long long>(pct(0.5))
              << ", \"p99_us\": " << static_cast<long long>(pct(0.99))
              << ", \"missing\": " << missing.load() << ", \"threads\": " << threads << "}\n";
    return missing.load() == 0 ? 0 : 1;
}
