#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/sql.hpp"

namespace sb::storage {

// One stock level to write to a store.
struct StockWrite {
    std::string integration_id;
    std::string inventory_item_id;
    std::string location_id;
    std::string account_id;
    std::int64_t available = 0;
    std::string status = "pending";  // pending | writing | written | failed
    std::int64_t attempts = 0;
    std::optional<std::string> last_error;
    std::int64_t requested_at = 0;
    std::optional<std::int64_t> written_at;
};

// Stock write-back as a durable queue: the latest wanted quantity per (integration, item,
// location) replaces an older one not yet written; writers in any server lease pending rows.
class StockWriteQueue {
  public:
    virtual ~StockWriteQueue() = default;
    // Upserts every level as pending, in one transaction.
    virtual void request(const std::vector<StockWrite>& levels) = 0;
    virtual std::vector<StockWrite> claim(const std::string& owner, std::int64_t lease_ms,
                                          int limit) = 0;
    // Marks the level written, unless a newer quantity was requested meanwhile (that one
    // stays pending).
    virtual void written(const StockWrite& w, const std::string& owner) = 0;
    // Back to pending for `retry_at`, or failed (retry_at 0).
    virtual void fail(const StockWrite& w, const std::string& owner, const std::string& error,
                      std::int64_t retry_at) = 0;
    // The integration's levels, by item and location (at most `limit`).
    virtual std::vector<StockWrite> list(std::string_view account_id,
                                         std::string_view integration_id, int limit) = 0;
};

std::unique_ptr<StockWriteQueue> make_sql_stock_write_queue(sql::Database& db);

}  // namespace sb::storage
