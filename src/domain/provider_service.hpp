#pragma once

#include <optional>
#include <string>

#include "connectors/connector.hpp"
#include "domain/provider_app.hpp"
#include "storage/provider_store.hpp"

namespace sb::domain {

// Seed 003 provider apps: credentials, settings (auto_connect) and enable flag per account
// and provider. A provider is a connector id.
class ProviderService {
  public:
    ProviderService(const connectors::Registry& connectors, storage::ProviderStore& store)
        : connectors_(connectors), store_(store) {}

    // The stored app, or a fresh one (version 0) when never configured. 404 for unknown providers.
    ProviderApp get(const std::string& account_id, const std::string& provider);
    // Each honours `expected_version` (If-Match; 0: no precondition).
    ProviderApp set_credentials(const std::string& account_id, const std::string& provider,
                                const std::string& client_id,
                                const std::optional<std::string>& client_secret,
                                std::int64_t expected_version = 0);
    ProviderApp set_auto_connect(const std::string& account_id, const std::string& provider,
                                 bool auto_connect, std::int64_t expected_version = 0);
    ProviderApp set_enabled(const std::string& account_id, const std::string& provider,
                            bool enabled, std::int64_t expected_version = 0);

  private:
    ProviderApp save(const ProviderApp& app, std::int64_t expected_version);

    const connectors::Registry& connectors_;
    storage::ProviderStore& store_;
};

}  // namespace sb::domain
