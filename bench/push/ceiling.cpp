// The ceiling of a push: the same JSON Lines file `storebridge push` sends, cut into the same
// batches, each read by the push path's own strict parser (connectors::custom::parse_push_batch)
// and written by its own store (storage::make_sql_record_push_store: one transaction a batch,
// ordering rule, change sequence, events), with no HTTP, no signature and no request queue.
// Prints one JSON line: records, batches, seconds (parse and write apart), records per second
// and the process's peak RSS.
//
//   storebridge_bench_push_ceiling DATABASE_URL ACCOUNT_ID INTEGRATION_ID FILE.jsonl [BATCH]
//
// The integration must exist (a custom integration of the account); run it with the hub
// stopped so nothing else writes meanwhile.
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "connectors/custom/push_batch.hpp"
#include "storage/record_push_store.hpp"
#include "storage/sql.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

long peak_rss_mb() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6)) / 1024;
    }
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5 && argc != 6) {
        std::cerr << "usage: storebridge_bench_push_ceiling DATABASE_URL ACCOUNT_ID "
                     "INTEGRATION_ID FILE.jsonl [BATCH]\n";
        return 2;
    }
    using namespace sb;
    const std::string url = argv[1], account = argv[2], integration = argv[3];
    const std::size_t batch_size =
        argc == 6 ? std::stoul(argv[5]) : connectors::custom::k_max_batch;
    std::ifstream in(argv[4]);
    if (!in) {
        std::cerr << "cannot read " << argv[4] << "\n";
        return 2;
    }
    auto db = sql::open_database(url);
    auto store = storage::make_sql_record_push_store(*db);

    long records = 0, batches = 0, written = 0;
    double parse_s = 0, write_s = 0;
    const auto t0 = Clock::now();
    std::string line, body;
    std::size_t in_batch = 0;
    auto flush = [&] {
        if (in_batch == 0)
            return;
        body += "]}";
        auto p0 = Clock::now();
        auto parsed = connectors::custom::parse_push_batch(body);
        parse_s += seconds_since(p0);
        auto w0 = Clock::now();
        written += store->write(account, integration, parsed, std::nullopt).written;
        write_s += seconds_since(w0);
        records += static_cast<long>(parsed.size());
        ++batches;
        in_batch = 0;
    };
    try {
        while (std::getline(in, line)) {
            if (line.empty())
                continue;
            if (in_batch == 0)
                body.assign(R"({"records":[)");
            else
                body += ',';
            body += line;
            if (++in_batch == batch_size)
                flush();
        }
        flush();
    } catch (const std::exception& e) {
        std::cerr << "batch " << batches + 1 << ": " << e.what() << "\n";
        return 1;
    }
    const double total = seconds_since(t0);
    std::cout << "{\"records\":" << records << ",\"written\":" << written
              << ",\"batches\":" << batches << ",\"seconds\":" << total
              << ",\"parse_seconds\":" << parse_s << ",\"write_seconds\":" << write_s
              << ",\"records_per_second\":" << (total > 0 ? records / total : 0)
              << ",\"peak_rss_mb\":" << peak_rss_mb() << "}\n";
    return 0;
}
