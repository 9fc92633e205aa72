#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "crypto/keyring.hpp"
#include "domain/provider_app.hpp"
#include "storage/sql.hpp"

namespace sb::storage {

class ProviderStore {
  public:
    virtual ~ProviderStore() = default;
    virtual std::optional<domain::ProviderApp> find(std::string_view account_id,
                                                    std::string_view provider) = 0;
    // Inserts or replaces the row and returns it with its new version; nullopt when
    // `expected_version` is not 0 and differs from the stored version.
    virtual std::optional<domain::ProviderApp> save(const domain::ProviderApp& app,
                                                    std::int64_t expected_version) = 0;
};

std::unique_ptr<ProviderStore> make_sql_provider_store(sql::Database& db,
                                                       const crypto::Keyring& keys);
std::string provider_secret_aad(std::string_view account_id, std::string_view provider);

}  // namespace sb::storage
