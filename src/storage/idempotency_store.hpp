#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "storage/sql.hpp"

namespace sb::storage {

struct StoredResponse {
    std::string fingerprint;  // hash of method, path and body of the first request
    int status = 0;           // 0 while the first request is still running
    std::string location;
    std::string body;
};

// Idempotency-Key records, per account, kept for 24 hours.
class IdempotencyStore {
  public:
    virtual ~IdempotencyStore() = default;
    // Claims the key for a new request. Returns nullopt when claimed, or what is stored.
    virtual std::optional<StoredResponse> claim(std::string_view account_id, std::string_view key,
                                                std::string_view fingerprint) = 0;
    virtual void complete(std::string_view account_id, std::string_view key,
                          const StoredResponse& response) = 0;
    virtual void release(std::string_view account_id, std::string_view key) = 0;
};

std::unique_ptr<IdempotencyStore> make_sql_idempotency_store(sql::Database& db);

}  // namespace sb::storage
