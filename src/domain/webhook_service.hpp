#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "connectors/connector.hpp"
#include "core/metrics.hpp"
#include "domain/paging.hpp"
#include "storage/integration_store.hpp"
#include "storage/provider_store.hpp"
#include "storage/webhook_inbox.hpp"

namespace sb::domain {

struct WebhookReceipt {
    int stored = 0;      // deliveries stored for applying (one per matching integration)
    int duplicates = 0;  // deliveries this hub had already received
    bool ping = false;   // the platform checking the address (nothing to store)
};

// Webhooks in: finds the integrations of the store the delivery names, verifies the signature
// per integration (its account's provider app, or its own app secret), and stores the
// delivery in the inbox for the applier. Nothing is stored unless a signature verifies.
class WebhookService {
  public:
    WebhookService(const connectors::Registry& connectors, storage::IntegrationStore& integrations,
                   storage::ProviderStore& providers, storage::WebhookInbox& inbox)
        : connectors_(connectors),
          integrations_(integrations),
          providers_(providers),
          inbox_(inbox) {}

    // Throws ApiError: not_found (unknown provider), bad_request (not the platform's
    // headers), invalid_webhook_signature (no integration of that store verifies it).
    WebhookReceipt receive(const std::string& provider, const connectors::HeaderLookup& headers,
                           std::string_view body);

    // The integration's deliveries, in order of arrival (no bodies).
    Page<storage::WebhookDelivery> list(const std::string& account_id,
                                        const std::string& integration_id,
                                        const storage::WebhookDeliveryFilter& filter,
                                        const PageRequest& page);

    // Called after deliveries were stored (wakes the applier).
    void on_stored(std::function<void()> f) { on_stored_ = std::move(f); }
    // Where deliveries are counted by provider and outcome (received, duplicate, rejected);
    // must outlive the service.
    void use_counters(core::Counters* counters);

  private:
    const connectors::Registry& connectors_;
    storage::IntegrationStore& integrations_;
    storage::ProviderStore& providers_;
    storage::WebhookInbox& inbox_;
    std::function<void()> on_stored_;
    core::Counters* counters_ = nullptr;
};

}  // namespace sb::domain
