#pragma once

#include <optional>
#include <string>

#include "domain/merchant.hpp"
#include "domain/paging.hpp"
#include "storage/merchant_store.hpp"

namespace sb::domain {

struct MerchantInput {
    std::string name;
    std::optional<std::string> external_id;
    std::optional<std::string> email;
};

// Merchants, reachable as organizations (seed 002) and users (seed 003). Expected failures
// throw ApiError: not_found, precondition_failed, merchant_has_integrations.
class MerchantService {
  public:
    explicit MerchantService(storage::MerchantStore& store) : store_(store) {}

    Merchant create(const std::string& account_id, const MerchantInput& in);
    Merchant get(const std::string& account_id, const std::string& id);
    Page<Merchant> list(const std::string& account_id, const PageRequest& page);
    Merchant update(const std::string& account_id, const std::string& id, const MerchantInput& in,
                    std::int64_t expected_version);
    // The account's default merchant (seed 000's credentials live there) is removed like any
    // other once it has no integrations; `force` does not apply to it.
    void remove(const std::string& account_id, const std::string& id, std::int64_t expected_version,
                bool force);
    // The id of the account's default merchant, nullopt until seed 000's credentials first
    // created it.
    std::optional<std::string> default_merchant_id(const std::string& account_id);

  private:
    storage::MerchantStore& store_;
};

// Shared by every service that honours If-Match.
[[noreturn]] void throw_version_mismatch(std::int64_t expected);
[[noreturn]] void throw_not_found(const std::string& what, const std::string& id);

}  // namespace sb::domain
