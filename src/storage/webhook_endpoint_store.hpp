#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/keyring.hpp"
#include "domain/paging.hpp"
#include "domain/webhook_endpoint.hpp"
#include "storage/merchant_store.hpp"
#include "storage/sql.hpp"

namespace sb::storage {

struct ReplayResult {
    std::int64_t replayed = 0;
    // Set when the range held more events than one call replays: where the next call's
    // `since` starts (the created_at of the last event replayed).
    std::optional<std::int64_t> resume_at;
};

// An account's webhook endpoints and their delivery log. Every call is scoped by account
// id; secrets are sealed with the keyring, bound to the endpoint's id.
class WebhookEndpointStore {
  public:
    virtual ~WebhookEndpointStore() = default;
    virtual void insert(const domain::WebhookEndpoint& e, const std::string& secret) = 0;
    virtual std::optional<domain::WebhookEndpoint> find(std::string_view account_id,
                                                        std::string_view id) = 0;
    // order_field: created_at | updated_at
    virtual domain::Page<domain::WebhookEndpoint> list(std::string_view account_id,
                                                       const domain::PageRequest& page) = 0;
    // url, description, event_types, enabled, disabled_reason; bumps version.
    virtual WriteResult update(const domain::WebhookEndpoint& e, std::int64_t expected_version) = 0;
    // Its deliveries go with it.
    virtual WriteResult remove(std::string_view account_id, std::string_view id,
                               std::int64_t expected_version) = 0;
    // The new secret signs from now; the old one also signs until `previous_until`.
    virtual WriteResult rotate_secret(std::string_view account_id, std::string_view id,
                                      const std::string& secret, std::int64_t previous_until) = 0;

    // Newest first (order_field created_at); `status` filters.
    virtual domain::Page<domain::EventDelivery> deliveries(std::string_view account_id,
                                                           std::string_view endpoint_id,
                                                           const std::optional<std::string>& status,
                                                           const domain::PageRequest& page) = 0;
    virtual std::optional<domain::EventDelivery> delivery(std::string_view account_id,
                                                          std::string_view endpoint_id,
                                                          std::string_view delivery_id) = 0;
    // A new pending delivery of the same event (the log keeps the old one).
    virtual std::optional<domain::EventDelivery> replay(std::string_view account_id,
                                                        std::string_view endpoint_id,
                                                        std::string_view delivery_id) = 0;
    // New pending deliveries of the account's events created in [since, until) that the
    // endpoint's filter takes, oldest first, at most `limit`.
    virtual ReplayResult replay_range(std::string_view account_id, std::string_view endpoint_id,
                                      std::int64_t since, std::int64_t until, int limit) = 0;
};

std::unique_ptr<WebhookEndpointStore> make_sql_webhook_endpoint_store(sql::Database& db,
                                                                      const crypto::Keyring& keys);

}  // namespace sb::storage
