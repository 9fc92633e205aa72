#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "emulators/shopify/graphql/executor.hpp"

// Background bulk query runs: one thread per running operation, results written as JSONL
// to a file that the storage server streams back.
namespace sb::emulators::shopify {

struct BulkOperation {
    std::int64_t id = 0;
    std::string app_id;
    std::string status = "CREATED";  // CREATED RUNNING COMPLETED CANCELING CANCELED FAILED
    std::optional<std::string> error_code;
    std::string query;
    std::string api_version;  // the version the operation was submitted on
    std::int64_t created_at = 0;
    std::optional<std::int64_t> completed_at;
    std::int64_t object_count = 0;
    std::int64_t root_object_count = 0;
    std::int64_t file_size = 0;
    std::optional<std::string> url;
    std::string path;  // on disk
};

class BulkOperations {
  public:
    // Runs one query into the sink; returns an error message or "".
    using Runner = std::function<std::string(const BulkOperation& op, graphql::BulkSink& sink)>;
    using Finished = std::function<void(const BulkOperation& op)>;
    using UrlFor = std::function<std::string(const BulkOperation& op)>;

    BulkOperations(std::string dir, int concurrency, Runner run, Finished finished, UrlFor url_for);
    ~BulkOperations();
    BulkOperations(const BulkOperations&) = delete;
    BulkOperations& operator=(const BulkOperations&) = delete;

    // The operation, or the user error text when the app already runs `concurrency` of them.
    std::variant<BulkOperation, std::string> start(const std::string& app_id,
                                                   const std::string& query,
                                                   const std::string& api_version);
    std::optional<BulkOperation> get(std::int64_t id) const;
    std::optional<BulkOperation> current(const std::string& app_id) const;
    // Every operation of the app, oldest first.
    std::vector<BulkOperation> list(const std::string& app_id) const;
    // nullopt: unknown; the string: a user error ("cannot be canceled when it is completed").
    std::variant<BulkOperation, std::string> cancel(std::int64_t id);
    std::int64_t count() const;
    void stop();

  private:
    struct Entry {
        BulkOperation op;
        std::atomic<bool> cancel{false};
        std::thread worker;
    };
    void run(Entry* e);

    std::string dir_;
    int concurrency_;
    Runner run_;
    Finished finished_;
    UrlFor url_for_;
    mutable std::mutex mutex_;
    std::map<std::int64_t, std::unique_ptr<Entry>> ops_;
    std::int64_t next_id_ = 4'100'000'000;
};

}  // namespace sb::emulators::shopify
