#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "crypto/keyring.hpp"
#include "domain/merchant.hpp"
#include "domain/paging.hpp"
#include "storage/sql.hpp"

namespace sb::storage {

enum class WriteResult { ok, not_found, version_mismatch, blocked };

// The name the account's default merchant is created with; it may be renamed.
inline constexpr std::string_view k_default_merchant_name = "Default merchant";

// Merchants of one account. Every call is scoped by account id: another account's ids are
// simply not found.
class MerchantStore {
  public:
    virtual ~MerchantStore() = default;
    virtual void insert(const domain::Merchant& m) = 0;
    virtual std::optional<domain::Merchant> find(std::string_view account_id,
                                                 std::string_view id) = 0;
    // The account's own merchant (named k_default_merchant_name), created on first use.
    virtual domain::Merchant account_default(std::string_view account_id) = 0;
    // The account's own merchant if it exists; never creates it.
    virtual std::optional<domain::Merchant> find_account_default(std::string_view account_id) = 0;
    // order_field: created_at | updated_at | name
    virtual domain::Page<domain::Merchant> list(std::string_view account_id,
                                                const domain::PageRequest& page) = 0;
    // Replaces name/external_id/email when the stored version is `expected_version` (0: any).
    virtual WriteResult update(const domain::Merchant& m, std::int64_t expected_version) = 0;
    // blocked: it has integrations (deleted ones do not count) and force is false, or it is
    // the account's default merchant, which force does not delete while it has integrations.
    virtual WriteResult remove(std::string_view account_id, std::string_view id,
                               std::int64_t expected_version, bool force) = 0;
};

std::unique_ptr<MerchantStore> make_sql_merchant_store(sql::Database& db);

}  // namespace sb::storage
