#pragma once

#include <optional>
#include <string>

#include "connectors/connector.hpp"
#include "domain/integration.hpp"
#include "domain/integration_service.hpp"
#include "storage/install_state_store.hpp"
#include "storage/integration_store.hpp"
#include "storage/provider_store.hpp"

namespace sb::domain {

// Where a platform sends the merchant back after the install: the same URL at authorize, at
// the code exchange and in the provider's settings.
std::string install_callback_url(const std::string& public_url, const std::string& provider);

// The merchant's side of a data connection: the connect link, the platform's authorize page,
// and the callback that stores the token and marks the connection CONNECTED.
class InstallService {
  public:
    InstallService(const connectors::Registry& connectors, storage::IntegrationStore& integrations,
                   storage::ProviderStore& providers, storage::InstallStateStore& states,
                   IntegrationService& integration_service, std::string public_url)
        : connectors_(connectors),
          integrations_(integrations),
          providers_(providers),
          states_(states),
          integration_service_(integration_service),
          public_url_(std::move(public_url)) {}

    struct Begin {
        std::string provider_name;  // for the page that asks for the store
        std::optional<std::string>
            redirect;  // the platform's authorize URL, when the store is known
    };
    // `token` is the secret of the connect link. Throws not_found for a wrong link, conflict
    // when the connection is not PENDING, validation_failed for a malformed store address.
    Begin begin(const std::string& connection_id, const std::string& token,
                std::optional<std::string> store);

    // The platform redirected back. Every check happens before anything changes; the state
    // is single use. Returns the CONNECTED integration.
    Integration complete(const std::string& provider, const connectors::QueryParams& query);
    // Where the merchant's browser goes after a successful complete() when the platform wants
    // its own page; nullopt: the hub's.
    std::optional<std::string> page_after_install(const Integration& integration,
                                                  const connectors::QueryParams& query);

    static constexpr std::int64_t k_state_ttl_ms = 10 * 60 * 1000;

  private:
    connectors::AppCredentials app_for(const std::string& account_id, const std::string& provider);

    const connectors::Registry& connectors_;
    storage::IntegrationStore& integrations_;
    storage::ProviderStore& providers_;
    storage::InstallStateStore& states_;
    IntegrationService& integration_service_;
    std::string public_url_;
};

}  // namespace sb::domain
