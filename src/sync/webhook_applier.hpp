#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "connectors/connector.hpp"
#include "storage/integration_store.hpp"
#include "storage/webhook_inbox.hpp"

namespace sb::sync {

struct WebhookApplierOptions {
    std::chrono::milliseconds poll{1'000};  // also catches deliveries other servers received
    std::chrono::milliseconds lease{30'000};
    int batch = 100;
    int max_attempts = 5;
    std::chrono::milliseconds backoff_base{1'000};
    std::chrono::milliseconds backoff_max{60'000};
    std::string node_id;  // generated when empty
};

// Applies verified webhook deliveries from the inbox: one thread leases pending deliveries in
// the platform's updated_at order, decodes each with its connector, and stores the effect and
// the delivery's new status in one transaction. Record updates go through the same upsert
// rules as syncs, so a late or replayed delivery never overwrites newer data.
class WebhookApplier {
  public:
    WebhookApplier(WebhookApplierOptions options, storage::WebhookInbox& inbox,
                   storage::IntegrationStore& integrations, const connectors::Registry& connectors);
    ~WebhookApplier();
    WebhookApplier(const WebhookApplier&) = delete;
    WebhookApplier& operator=(const WebhookApplier&) = delete;

    void start();
    void stop();
    // A delivery was just stored: apply it now rather than at the next poll.
    void wake();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sb::sync
