#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "connectors/connector.hpp"
#include "domain/audit.hpp"
#include "domain/integration.hpp"
#include "storage/integration_store.hpp"
#include "storage/merchant_store.hpp"

namespace sb::domain {

// One entry of seed 000's credentials document.
struct CredentialEntry {
    std::string integration_type;  // SHOPIFY, BIGCOMMERCE, CUSTOM, SHOPLAZZA, WOOCOMMERCE
    std::optional<std::string> brand_name;
    std::optional<std::string> brand_domain_id;
    std::optional<std::string> authorization_id;
    FieldMap credentials;  // shopify_integration_credential, or the connector's credential fields
    std::string integration_id;  // set on output
};

struct CredentialSet {
    std::string merchant_id;  // the account's own merchant that holds these integrations
    bool if_multiple_integration = false;
    std::vector<CredentialEntry> entries;
};

// Seed 000: the authenticated account's own e-commerce credentials, kept as integrations of
// the account's default merchant. An upsert replaces the whole set atomically.
class CredentialsService {
  public:
    CredentialsService(const connectors::Registry& connectors, storage::MerchantStore& merchants,
                       storage::IntegrationStore& integrations)
        : connectors_(connectors), merchants_(merchants), integrations_(integrations) {}

    // An integration the new set drops is deleted as IntegrationService::remove deletes one:
    // `unsubscribe` first removes its store's webhooks (best effort), then its records become
    // tombstones and the audit log names `actor`.
    CredentialSet upsert(const std::string& account_id, bool if_multiple,
                         std::vector<CredentialEntry> entries, const std::string& actor,
                         const std::function<Unsubscribe(const Integration&)>& unsubscribe);
    std::optional<CredentialSet> get(const std::string& account_id);

    static std::optional<std::string> connector_for_type(const std::string& integration_type);
    static std::string type_for_connector(const std::string& connector_id);

  private:
    const connectors::Registry& connectors_;
    storage::MerchantStore& merchants_;
    storage::IntegrationStore& integrations_;
};

}  // namespace sb::domain
