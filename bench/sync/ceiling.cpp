// The ceiling of an initial Shopify order sync: a bulk JSONL file already on disk, fed through
// the connector's own bulk reassembly and mapping, and stored batch by batch through the job
// queue's commit (lease check, record upserts, checkpoint) into a fresh SQLite database, all
// in one thread: everything the hub does for a bulk sync except the network.
//
//   storebridge_bench_ceiling query              the bulk query the connector runs for orders
//   storebridge_bench_ceiling store FILE DIR     parse and store FILE into DIR/ceiling.db
//
// `store` prints one JSON object: records, seconds, the time per phase, peak RSS.

#include <sys/resource.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/shopify/bulk.hpp"
#include "connectors/shopify/mapping.hpp"
#include "connectors/shopify/queries.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "crypto/keyring.hpp"
#include "storage/integration_store.hpp"
#include "storage/job_queue.hpp"
#include "storage/merchant_store.hpp"
#include "storage/migrations.hpp"
#include "storage/sql.hpp"
#include "storage/sql_account_store.hpp"

namespace {

namespace shopify = sb::connectors::shopify;
using Clock = std::chrono::steady_clock;
using sb::domain::DataType;

constexpr std::int64_t k_lease_ms = 24 * 3600 * 1000;

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

double cpu_seconds(const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

// Adds the time a scope takes to `total`.
class Timed {
  public:
    explicit Timed(double& total) : total_(total), start_(Clock::now()) {}
    ~Timed() { total_ += seconds_since(start_); }
    Timed(const Timed&) = delete;
    Timed& operator=(const Timed&) = delete;

  private:
    double& total_;
    Clock::time_point start_;
};

// A fresh database with an account, a merchant, a Shopify integration and its initial order
// sync job, claimed: what a worker holds when it starts storing batches.
struct Target {
    std::unique_ptr<sb::sql::Database> db;
    std::unique_ptr<sb::storage::JobQueue> queue;
    sb::domain::SyncJob job;
    std::string worker = "bench/0";
};

Target open_target(const std::string& dir) {
    std::filesystem::create_directories(dir);
    const auto path = (std::filesystem::path(dir) / "ceiling.db").string();
    std::filesystem::remove(path);
    Target t;
    t.db = sb::sql::open_sqlite({path});
    sb::storage::migrate(*t.db);
    const auto now = sb::now_ms();
    sb::domain::Account account{sb::new_id("acct"), "bench", now};
    sb::storage::make_sql_account_store(*t.db)->insert_account(account);
    sb::domain::Merchant merchant;
    merchant.id = sb::new_id("org");
    merchant.account_id = account.id;
    merchant.name = "Bench";
    merchant.created_at = merchant.updated_at = now;
    sb::storage::make_sql_merchant_store(*t.db)->insert(merchant);
    const sb::crypto::Keyring keys({sb::crypto::random_bytes(32)});
    auto integrations = sb::storage::make_sql_integration_store(*t.db, keys);
    sb::domain::Integration i;
    i.id = sb::new_id("int");
    i.account_id = account.id;
    i.merchant_id = merchant.id;
    i.connector_id = "shopify";
    i.name = "Bench store";
    i.status = sb::domain::IntegrationStatus::connected;
    i.credentials["shop_domain"] = std::string("bench.myshopify.com");
    i.credentials["access_token"] = std::string("shpat_bench");
    i.requested_data_types = {DataType::order};
    i.created_at = i.updated_at = now;
    integrations->insert(i);
    sb::domain::SyncJob job;
    job.id = sb::new_id("job");
    job.account_id = account.id;
    job.integration_id = i.id;
    job.data_type = DataType::order;
    job.created_at = job.updated_at = now;
    integrations->insert_job(job);
    t.queue = sb::storage::make_sql_job_queue(*t.db);
    auto claimed = t.queue->claim(t.worker, k_lease_ms);
    if (!claimed)
        throw std::runtime_error("the bench job could not be claimed");
    t.job = claimed->job;
    return t;
}

struct Phases {
    double read = 0;      // file reads and line splitting
    double assemble = 0;  // JSON parse and reattaching children (BulkAssembler)
    double map = 0;       // Shopify node -> normalized record
    double store = 0;     // commit_batch: lease, upserts, checkpoint, one transaction per batch
};

int store(const std::string& file, const std::string& dir) {
    Target target = open_target(dir);
    const shopify::BulkOptions options;  // the connector's batch size and window
    shopify::BulkAssembler assembler(options.window, 0);
    shopify::BulkCheckpoint checkpoint{"gid://shopify/BulkOperation/1", 0, 0};
    std::vector<sb::domain::Record> batch;
    Phases phases;
    std::int64_t lines = 0, records = 0, written = 0, batches = 0;

    auto commit = [&] {
        checkpoint.resume_line = assembler.resume_line(lines);
        checkpoint.read_line = lines;
        sb::domain::RecordBatch b{std::move(batch), shopify::format_bulk_checkpoint(checkpoint),
                                  std::nullopt};
        batch.clear();
        Timed t(phases.store);
        auto out = target.queue->commit_batch(target.job, target.worker, b, k_lease_ms);
        if (!out.keep_going)
            throw std::runtime_error("the bench job lost its lease");
        written += out.written;
        ++batches;
    };
    auto map_roots = [&](std::vector<shopify::BulkAssembler::Root> roots) {
        Timed t(phases.map);
        for (auto& r : roots) {
            batch.push_back(shopify::map_node(DataType::order, r.node));
            ++records;
        }
    };
    auto take_line = [&](std::string_view line) {
        std::vector<shopify::BulkAssembler::Root> ready;
        {
            Timed t(phases.assemble);
            assembler.add(line, lines++);
            ready = assembler.take_ready(false);
        }
        map_roots(std::move(ready));
        if (batch.size() >= options.batch_size)
            commit();
    };

    const auto start = Clock::now();
    std::FILE* f = std::fopen(file.c_str(), "rb");
    if (!f)
        throw std::runtime_error("cannot open " + file);
    std::vector<char> buf(1 << 16);
    std::string partial;
    for (;;) {
        std::size_t n;
        std::vector<std::string> complete;
        {
            Timed t(phases.read);
            n = std::fread(buf.data(), 1, buf.size(), f);
            if (n == 0)
                break;
            std::string_view chunk(buf.data(), n);
            std::size_t from = 0;
            for (std::size_t nl; (nl = chunk.find('\n', from)) != std::string_view::npos;
                 from = nl + 1) {
                partial.append(chunk.substr(from, nl - from));
                complete.push_back(std::move(partial));
                partial.clear();
            }
            partial.append(chunk.substr(from));
        }
        for (const auto& line : complete)
            take_line(line);
    }
    std::fclose(f);
    if (!partial.empty())
        take_line(partial);
    // The roots still open at the end, in batch-sized pieces, as the connector does.
    for (;;) {
        std::vector<shopify::BulkAssembler::Root> rest;
        {
            Timed t(phases.assemble);
            rest = assembler.take_ready(true, options.batch_size - batch.size());
        }
        if (rest.empty())
            break;
        map_roots(std::move(rest));
        if (batch.size() >= options.batch_size)
            commit();
    }
    commit();
    const double total = seconds_since(start);

    const auto stored = target.db->read([&](sb::sql::Session& s) {
        return s
            .exec("SELECT COUNT(*) FROM records WHERE integration_id = $1",
                  {target.job.integration_id})
            .rows.at(0)
            .integer(0);
    });
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    boost::json::object out{
        {"lines", lines},
        {"records", records},
        {"written", written},
        {"stored", stored},
        {"batches", batches},
        {"batch_size", options.batch_size},
        {"seconds", total},
        {"records_per_s", total > 0 ? static_cast<double>(records) / total : 0.0},
        {"read_s", phases.read},
        {"assemble_s", phases.assemble},
        {"map_s", phases.map},
        {"store_s", phases.store},
        {"cpu_s", cpu_seconds(usage.ru_utime) + cpu_seconds(usage.ru_stime)},
        {"peak_rss_mb", static_cast<double>(usage.ru_maxrss) / 1024.0}};
    std::cout << boost::json::serialize(out) << "\n";
    return stored == records ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (args.size() == 1 && args[0] == "query") {
            std::cout << shopify::queries::bulk_query(DataType::order) << "\n";
            return 0;
        }
        if (args.size() == 3 && args[0] == "store")
            return store(args[1], args[2]);
    } catch (const std::exception& e) {
        std::cerr << "storebridge_bench_ceiling: " << e.what() << "\n";
        return 1;
    }
    std::cerr << "usage: storebridge_bench_ceiling query\n"
                 "       storebridge_bench_ceiling store FILE.jsonl DIR\n";
    return 2;
}
