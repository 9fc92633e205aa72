#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "connectors/connector.hpp"
#include "core/metrics.hpp"
#include "domain/paging.hpp"
#include "storage/integration_store.hpp"
#include "storage/provider_store.hpp"
#include "storage/webhook_inbox.hpp"

namespace sb::domain {

struct WebhookReceipt {
    int stored = 0;      // deliveries stored (one per matching integration)
    int applied = 0;     // ... of which applied as they were stored
    int duplicates = 0;  // deliveries this hub had already received
    bool ping = false;   // the platform checking the address (nothing to store)
};

// Webhooks in: finds the integrations of the store the delivery names, verifies the signature
// per integration (its account's provider app, or its own app secret), and stores the
// delivery in the inbox: applied in the same transaction when its body alone says what
// changed, else for the applier. Nothing is stored unless a signature verifies.
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
    // An integration of the store, with its account's app credentials when set: what a
    // delivery's signature is checked against.
    struct Candidate {
        Integration integration;
        std::optional<connectors::AppCredentials> app;
    };
    using Candidates = std::shared_ptr<const std::vector<Candidate>>;
    struct CachedStore {
        Candidates candidates;
        std::chrono::steady_clock::time_point read_at;
    };
    // The store's integrations as read at most k_store_ttl ago (`cached` says so), or read
    // now: every delivery of a busy store would read the same rows. An empty answer is never
    // kept, so a store connected a moment ago is found at once.
    Candidates candidates(const std::string& provider, const std::string& store, bool fresh,
                          bool& cached);

    const connectors::Registry& connectors_;
    storage::IntegrationStore& integrations_;
    storage::ProviderStore& providers_;
    storage::WebhookInbox& inbox_;
    std::function<void()> on_stored_;
    core::Counters* counters_ = nullptr;
    std::mutex stores_mutex_;
    std::unordered_map<std::string, CachedStore> stores_;
};

}  // namespace sb::domain
