#pragma once

#include <optional>
#include <string>
#include <string_view>

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

    // A key grant's credentials, POSTed by the store to /callback/{provider} server to server
    // (WooCommerce): the install the body's state names is finished with them once the store
    // has taken them in a call. A refused delivery changes nothing and leaves the install open.
    // Returns the CONNECTED integration.
    Integration deliver(const std::string& provider, std::string_view body);

    static constexpr std::int64_t k_state_ttl_ms = 10 * 60 * 1000;

  private:
    connectors::AppCredentials app_for(const std::string& account_id, const std::string& provider);
    // A key grant's: no app, the provider enabled.
    connectors::AppCredentials no_app(const std::string& account_id, const std::string& provider);
    // The state's install: known, of `provider`, unused and unexpired; throws invalid_request.
    storage::InstallState usable_state(const std::string& provider, const std::string& state,
                                       std::int64_t now);
    // The browser back from a key grant: the install the keys connected, or why not.
    Integration key_grant_returned(const std::string& provider,
                                   const connectors::KeyGrantReturn& back);
    // Stores the credentials, marks the integration CONNECTED, registers its webhooks and,
    // with auto_connect, queues its syncs.
    Integration finish(const connectors::Connector& connector, const storage::InstallState& st,
                       Integration integration, domain::FieldMap credentials);

    const connectors::Registry& connectors_;
    storage::IntegrationStore& integrations_;
    storage::ProviderStore& providers_;
    storage::InstallStateStore& states_;
    IntegrationService& integration_service_;
    std::string public_url_;
};

}  // namespace sb::domain
