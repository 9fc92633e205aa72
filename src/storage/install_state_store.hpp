#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "storage/sql.hpp"

namespace sb::storage {

// The `state` of an OAuth install, kept as a hash: single use and expiring.
struct InstallState {
    std::string state_hash;
    std::string account_id;
    std::string integration_id;
    std::string provider;
    std::string store;
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
    std::optional<std::int64_t> used_at;
};

class InstallStateStore {
  public:
    virtual ~InstallStateStore() = default;
    // Also removes states that expired a day ago or more.
    virtual void insert(const InstallState& state) = 0;
    virtual std::optional<InstallState> find(std::string_view state_hash) = 0;
    // The newest unused, unexpired state of an install of `store` on `provider`: for platforms
    // whose auth callback carries no state of the app's (BigCommerce).
    virtual std::optional<InstallState> find_pending(std::string_view provider,
                                                     std::string_view store, std::int64_t now) = 0;
    // Marks it used; false when it was used already or has expired.
    virtual bool consume(std::string_view state_hash, std::int64_t now) = 0;
};

std::unique_ptr<InstallStateStore> make_sql_install_state_store(sql::Database& db);

}  // namespace sb::storage
