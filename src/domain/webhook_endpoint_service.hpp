#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/paging.hpp"
#include "domain/webhook_endpoint.hpp"
#include "storage/webhook_endpoint_store.hpp"

namespace sb::domain {

// What a create or an update gives; absent fields keep their value (create: defaults).
struct WebhookEndpointInput {
    std::optional<std::string> url;
    std::optional<std::vector<std::string>> event_types;
    std::optional<std::optional<std::string>> description;  // engaged null clears
    std::optional<bool> enabled;
};

// A secret is returned once: when the endpoint is created and when it is rotated.
struct EndpointWithSecret {
    WebhookEndpoint endpoint;
    std::string secret;  // whsec_<base64 of 24 random bytes>
};

// An account's webhook endpoints (docs/events.md). Expected failures throw ApiError:
// validation_failed, not_found, precondition_failed.
class WebhookEndpointService {
  public:
    // allow_private_targets: whether an endpoint may be on loopback or a private network.
    WebhookEndpointService(storage::WebhookEndpointStore& store, bool allow_private_targets)
        : store_(store), allow_private_targets_(allow_private_targets) {}

    EndpointWithSecret create(const std::string& account_id, const WebhookEndpointInput& in);
    WebhookEndpoint get(const std::string& account_id, const std::string& id);
    Page<WebhookEndpoint> list(const std::string& account_id, const PageRequest& page);
    // Enabling clears disabled_reason.
    WebhookEndpoint update(const std::string& account_id, const std::string& id,
                           const WebhookEndpointInput& in, std::int64_t expected_version);
    void remove(const std::string& account_id, const std::string& id,
                std::int64_t expected_version);
    // The old secret keeps signing (beside the new one) for 24 hours.
    EndpointWithSecret rotate_secret(const std::string& account_id, const std::string& id);

    Page<EventDelivery> deliveries(const std::string& account_id, const std::string& endpoint_id,
                                   const std::optional<std::string>& status,
                                   const PageRequest& page);
    EventDelivery delivery(const std::string& account_id, const std::string& endpoint_id,
                           const std::string& delivery_id);
    EventDelivery replay(const std::string& account_id, const std::string& endpoint_id,
                         const std::string& delivery_id);
    // At most k_max_replay events per call (see ReplayResult::resume_at).
    static constexpr int k_max_replay = 10'000;
    storage::ReplayResult replay_range(const std::string& account_id,
                                       const std::string& endpoint_id, std::int64_t since,
                                       std::int64_t until);

    // Called after deliveries were queued (a replay), to wake the senders.
    void on_queued(std::function<void()> f) { on_queued_ = std::move(f); }

    // What is wrong with the input (url, event_types), field by field; empty when nothing.
    std::vector<FieldError> problems(const WebhookEndpointInput& in, bool creating) const;

  private:
    std::string check_url(const std::string& url) const;
    void validate(const WebhookEndpointInput& in, bool creating) const;
    void queued() const {
        if (on_queued_)
            on_queued_();
    }

    storage::WebhookEndpointStore& store_;
    bool allow_private_targets_;
    std::function<void()> on_queued_;
};

}  // namespace sb::domain
