#include "sync/stock_writer.hpp"

#include <mutex>
#include <random>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "log/logger.hpp"
#include "sync/background_loop.hpp"
#include "sync/engine.hpp"

namespace sb::sync {

struct StockWriter::Impl {
    StockWriterOptions options;
    storage::StockWriteQueue& queue;
    Write write;
    std::mutex mutex;  // guards rng
    std::mt19937_64 rng{std::random_device{}()};
    BackgroundLoop loop{options.poll, [this] { return step(); }};

    Impl(StockWriterOptions o, storage::StockWriteQueue& q, Write w)
        : options(std::move(o)), queue(q), write(std::move(w)) {}

    void attempt(const storage::StockWrite& w, const std::string& owner) {
        try {
            write(w);
            queue.written(w, owner);
        } catch (const ApiError& e) {
            const int status = error_info(e.code()).status;
            // A store address calls may not go to, or credentials the store does not know,
            // fail every attempt the same way.
            const bool transient = (status >= 500 || status == 429 || status == 408) &&
                                   e.code() != Errc::platform_unreachable &&
                                   e.code() != Errc::platform_unauthorized;
            fail(w, owner, std::string(error_info(e.code()).code) + ": " + e.message(), transient);
        } catch (const std::exception& e) {
            // Not a known failure: retried with backoff like a transient one, never without
            // end (a row left leased would be claimed again after every lease).
            fail(w, owner, std::string("internal_error: ") + e.what(), true);
        }
    }

    void fail(const storage::StockWrite& w, const std::string& owner, const std::string& error,
              bool transient) {
        std::int64_t retry_at = 0;
        if (transient && w.attempts < options.max_attempts) {
            double unit = 0;
            {
                std::lock_guard lock(mutex);
                unit = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
            }
            retry_at = now_ms() + backoff_delay(static_cast<int>(w.attempts), options.backoff_base,
                                                options.backoff_max, unit)
                                      .count();
        }
        log::warn("stock_write_failed", {{"integration_id", w.integration_id},
                                         {"inventory_item_id", w.inventory_item_id},
                                         {"location_id", w.location_id},
                                         {"attempt", w.attempts},
                                         {"retry", retry_at != 0},
                                         {"error", error}});
        queue.fail(w, owner, error, retry_at);
    }

    bool step() {
        const std::string owner = options.node_id + "/stock";
        std::vector<storage::StockWrite> batch;
        try {
            batch = queue.claim(owner, options.lease.count(), options.batch);
        } catch (const std::exception& e) {
            log::error("stock_write_claim_failed", {{"error", e.what()}});
            return false;
        }
        for (const auto& w : batch) {
            if (loop.stopping())
                return false;  // leased rows are written after the lease runs out
            try {
                attempt(w, owner);
            } catch (const std::exception& e) {
                log::error("stock_write_aborted", {{"error", e.what()}});
            }
        }
        return static_cast<int>(batch.size()) == options.batch;
    }
};

StockWriter::StockWriter(StockWriterOptions options, storage::StockWriteQueue& queue, Write write)
    : impl_(std::make_unique<Impl>(std::move(options), queue, std::move(write))) {
    if (impl_->options.node_id.empty())
        impl_->options.node_id = new_id("node");
}

StockWriter::~StockWriter() {
    stop();
}

void StockWriter::start() {
    impl_->loop.start();
}

void StockWriter::stop() {
    impl_->loop.stop();
}

void StockWriter::wake() {
    impl_->loop.wake();
}

}  // namespace sb::sync
