#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "connectors/connector.hpp"
#include "core/metrics.hpp"
#include "storage/integration_store.hpp"
#include "storage/webhook_inbox.hpp"

namespace sb::sync {

struct WebhookApplierOptions {
    std::chrono::milliseconds poll{1'000};  // also catches deliveries other servers received
    std::chrono::milliseconds lease{30'000};
    int batch = 200;  // deliveries claimed, and applied, in one transaction each
    int max_attempts = 5;
    std::chrono::milliseconds backoff_base{1'000};
    std::chrono::milliseconds backoff_max{60'000};
    std::string node_id;                 // generated when empty
    core::Counters* counters = nullptr;  // where applied deliveries are counted (/metrics)
};

// What one applier has done since it was built.
struct WebhookApplierStats {
    std::int64_t claimed = 0;       // deliveries leased to it
    std::int64_t applied = 0;       // marked applied, recorded or ignored by it
    std::int64_t failed = 0;        // handed back for another try, or marked failed
    std::int64_t transactions = 0;  // write transactions that applied deliveries
};

// Applies verified webhook deliveries from the inbox: one thread leases a batch of pending
// deliveries in the platform's updated_at order, resolves each with its connector (decoding
// its body, or reading the object from the store for platforms whose webhooks only name it),
// and writes every effect and every delivery's new status in one transaction. Record updates
// go through the same upsert rules as syncs, so a late or replayed delivery never overwrites
// newer data, in a batch or across batches. A delivery that cannot be resolved is handed back
// alone; a batch whose transaction fails is applied again one delivery at a time, so one bad
// delivery never holds back the others.
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
    WebhookApplierStats stats() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sb::sync
