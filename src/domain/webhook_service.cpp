#include "domain/webhook_service.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "log/logger.hpp"

namespace sb::domain {

void WebhookService::use_counters(core::Counters* counters) {
    counters_ = counters;
    if (!counters_)
        return;
    // Every series from the start, so a rate over it has a first sample before the first event.
    for (const auto* c : connectors_.all()) {
        if (!c->webhooks())
            continue;
        for (const char* outcome : {"received", "duplicate", "rejected", "applied"}) {
            counters_->count(core::k_webhook_deliveries,
                             {{"provider", c->spec().id}, {"outcome", outcome}}, 0);
        }
    }
}

WebhookReceipt WebhookService::receive(const std::string& provider,
                                       const connectors::HeaderLookup& headers,
                                       std::string_view body) {
    auto* connector = connectors_.find(provider);
    if (!connector)
        throw ApiError(Errc::not_found, "Unknown provider " + provider);
    const auto* receiver = connector->webhooks();
    auto envelope = receiver ? receiver->webhook_envelope(headers, body) : std::nullopt;
    if (!envelope && receiver && receiver->is_ping(headers, body))
        return WebhookReceipt{.ping = true};
    // The provider is a connector's id here, never a client's free text: a bounded label.
    auto count = [&](const char* outcome, int n) {
        if (counters_ && n > 0)
            counters_->count(core::k_webhook_deliveries,
                             {{"provider", provider}, {"outcome", outcome}},
                             static_cast<std::uint64_t>(n));
    };
    if (!envelope) {
        count("rejected", 1);
        throw ApiError(Errc::bad_request, "Not a " + connector->spec().name + " webhook",
                       "The platform's store, topic and delivery id headers are required.");
    }
    const ApiError refused(Errc::invalid_webhook_signature, "The webhook signature is not valid",
                           "Signed deliveries from a connected store are accepted; nothing was "
                           "stored.");
    // The integrations whose signature verifies. When none does against the kept view of the
    // store, it is read again: a secret may have changed since.
    bool cached = false;
    auto candidates = this->candidates(provider, envelope->store, false, cached);
    auto verified = [&] {
        std::vector<const Candidate*> out;
        for (const auto& c : *candidates) {
            if (receiver->verify_webhook(c.integration, c.app ? &*c.app : nullptr, headers, body))
                out.push_back(&c);
        }
        return out;
    };
    auto signed_for = verified();
    if (signed_for.empty() && cached) {
        candidates = this->candidates(provider, envelope->store, true, cached);
        signed_for = verified();
    }
    WebhookReceipt receipt;
    std::optional<connectors::WebhookEvent> event;  // decoded once, for the change's time
    std::optional<ApiError> invalid;                // signed, but not the topic's payload
    for (const auto* candidate : signed_for) {
        const auto& integration = candidate->integration;
        if (!event && !invalid) {
            try {
                event = receiver->decode_webhook(envelope->topic, body);
            } catch (const ApiError& e) {
                if (e.code() != Errc::invalid_webhook_payload && e.code() != Errc::invalid_json)
                    throw;
                invalid =
                    ApiError(Errc::invalid_webhook_payload, e.message(),
                             "The delivery is kept as rejected and was not applied.", e.fields());
            }
        }
        const auto now = now_ms();
        std::int64_t occurred = 0;
        if (event) {
            for (const auto& r : event->records)
                occurred = std::max(occurred, r.updated_at);
        }
        storage::WebhookDelivery d;
        d.id = new_time_ordered_id("whk");
        d.account_id = integration.account_id;
        d.integration_id = integration.id;
        d.connector_id = provider;
        d.delivery_id = envelope->delivery_id;
        d.topic = envelope->topic;
        d.occurred_at = occurred > 0 ? occurred : now;
        d.body = std::string(body);
        d.received_at = now;
        if (invalid) {
            d.status = "rejected";
            std::string why = invalid->message();
            for (const auto& f : invalid->fields())
                why += "; " + f.name + ": " + f.description;
            d.last_error = why.substr(0, 1000);
        }
        // A change the body alone describes is applied as it is stored: one transaction for
        // the delivery and its records, and one decode. The rest goes to the applier.
        const bool apply_now = event && event->kind == connectors::WebhookKind::records &&
                               !event->partial && !event->records.empty() &&
                               integration.status != IntegrationStatus::revoked &&
                               receiver->resolves_by_decoding(envelope->topic);
        storage::Intake intake = storage::Intake::duplicate;
        if (apply_now)
            intake = inbox_.insert_applied(d, event->records);
        else if (inbox_.insert(d))
            intake = storage::Intake::stored;
        switch (intake) {
            case storage::Intake::duplicate:
                ++receipt.duplicates;
                break;
            case storage::Intake::applied:
                ++receipt.stored;
                ++receipt.applied;
                break;
            case storage::Intake::stored:
                ++receipt.stored;
                break;
        }
    }
    count("duplicate", receipt.duplicates);
    if (receipt.stored == 0 && receipt.duplicates == 0) {
        log::warn("webhook_refused",
                  {{"provider", provider}, {"store", envelope->store}, {"topic", envelope->topic}});
        count("rejected", 1);
        throw refused;
    }
    if (invalid) {
        count("rejected", receipt.stored);
        log::warn("webhook_rejected", {{"provider", provider},
                                       {"store", envelope->store},
                                       {"topic", envelope->topic},
                                       {"reason", invalid->message()}});
        throw *invalid;
    }
    count("received", receipt.stored);
    count("applied", receipt.applied);
    if (receipt.stored > receipt.applied && on_stored_)
        on_stored_();
    return receipt;
}

namespace {
constexpr auto k_store_ttl = std::chrono::seconds(1);
constexpr std::size_t k_max_stores = 10'000;
}  // namespace

WebhookService::Candidates WebhookService::candidates(const std::string& provider,
                                                      const std::string& store, bool fresh,
                                                      bool& cached) {
    const auto key = provider + '\n' + store;
    const auto now = std::chrono::steady_clock::now();
    if (!fresh) {
        std::lock_guard lock(stores_mutex_);
        if (auto it = stores_.find(key);
            it != stores_.end() && now - it->second.read_at < k_store_ttl) {
            cached = true;
            return it->second.candidates;
        }
    }
    cached = false;
    auto read = std::make_shared<std::vector<Candidate>>();
    for (auto& integration : integrations_.find_by_store(provider, store)) {
        std::optional<connectors::AppCredentials> app;
        if (auto stored = providers_.find(integration.account_id, provider);
            stored && stored->client_id && stored->client_secret)
            app = connectors::AppCredentials{*stored->client_id, *stored->client_secret};
        read->push_back({std::move(integration), std::move(app)});
    }
    std::lock_guard lock(stores_mutex_);
    if (read->empty()) {
        stores_.erase(key);
        return read;
    }
    if (stores_.size() >= k_max_stores) {
        std::erase_if(stores_,
                      [&](const auto& e) { return now - e.second.read_at >= k_store_ttl; });
        if (stores_.size() >= k_max_stores)
            stores_.clear();
    }
    stores_[key] = CachedStore{read, now};
    return read;
}

Page<storage::WebhookDelivery> WebhookService::list(const std::string& account_id,
                                                    const std::string& integration_id,
                                                    const storage::WebhookDeliveryFilter& filter,
                                                    const PageRequest& page) {
    if (!integrations_.find(account_id, integration_id))
        throw ApiError(Errc::not_found, "Integration " + integration_id + " not found");
    return inbox_.list(account_id, integration_id, filter, page);
}

}  // namespace sb::domain
