#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "storage/stock_write_queue.hpp"

namespace sb::sync {

struct StockWriterOptions {
    std::chrono::milliseconds poll{1'000};
    std::chrono::milliseconds lease{30'000};
    int batch = 50;
    int max_attempts = 5;
    std::chrono::milliseconds backoff_base{1'000};
    std::chrono::milliseconds backoff_max{60'000};
    std::string node_id;  // generated when empty
};

// Stock write-back: leases pending levels and writes each to its store through `write` (the
// integration's set_stock_level action, audited, through the store's API budget). Platform
// and network failures are retried with backoff; a refusal marks the level failed.
class StockWriter {
  public:
    // Throws ApiError when the level could not be written.
    using Write = std::function<void(const storage::StockWrite&)>;

    StockWriter(StockWriterOptions options, storage::StockWriteQueue& queue, Write write);
    ~StockWriter();
    StockWriter(const StockWriter&) = delete;
    StockWriter& operator=(const StockWriter&) = delete;

    void start();
    void stop();
    void wake();  // levels were just requested

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sb::sync
