#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "connectors/connector.hpp"
#include "storage/integration_store.hpp"
#include "storage/record_push_store.hpp"

namespace sb::domain {

struct PushReceipt {
    bool duplicate = false;  // a signed push whose webhook-id was already received
    std::int64_t received = 0;
    std::int64_t written = 0;
    std::int64_t unchanged = 0;  // older than, or identical to, what is stored
    std::int64_t last_change_seq = 0;
};

// The custom connector's two ways in (docs/custom-connector.md): a batch of records in the
// hub's own shapes, validated whole and written in one transaction, or not at all.
class PushService {
  public:
    PushService(storage::IntegrationStore& integrations, storage::RecordPushStore& store)
        : integrations_(integrations), store_(store) {}

    // With the account's token. Throws ApiError: not_found, conflict (not a custom
    // integration), integration_revoked, invalid_json, validation_failed.
    PushReceipt push(const std::string& account_id, const std::string& merchant_id,
                     const std::string& integration_id, std::string_view body);

    // Signed by the merchant's system with the integration's push_secret (Standard
    // Webhooks). Throws ApiError: invalid_webhook_signature (unknown integration, missing,
    // stale or wrong signature), then as push(). A webhook-id the integration already sent
    // is a duplicate: nothing is written.
    PushReceipt push_signed(const std::string& integration_id,
                            const connectors::HeaderLookup& headers, std::string_view body);

  private:
    PushReceipt write(const Integration& i, std::string_view body,
                      const std::optional<storage::PushDelivery>& delivery);

    storage::IntegrationStore& integrations_;
    storage::RecordPushStore& store_;
};

}  // namespace sb::domain
