#include "sync/webhook_applier.hpp"

#include <atomic>
#include <boost/json/object.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <random>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "log/logger.hpp"
#include "sync/background_loop.hpp"
#include "sync/engine.hpp"

namespace sb::sync {

using connectors::WebhookKind;

namespace {

std::int64_t micros_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                 t0)
        .count();
}

}  // namespace

struct WebhookApplier::Impl {
    WebhookApplierOptions options;
    storage::WebhookInbox& inbox;
    storage::IntegrationStore& integrations;
    const connectors::Registry& connectors;

    std::mutex mutex;  // guards rng
    std::mt19937_64 rng{std::random_device{}()};
    std::atomic<std::int64_t> claimed{0};
    std::atomic<std::int64_t> applied{0};
    std::atomic<std::int64_t> failed{0};
    std::atomic<std::int64_t> transactions{0};
    // Where a batch's time went, for its log line (the applier's thread only).
    std::int64_t claim_us = 0;
    std::int64_t resolve_us = 0;
    BackgroundLoop loop{options.poll, [this] { return step(); }};

    Impl(WebhookApplierOptions o, storage::WebhookInbox& in, storage::IntegrationStore& i,
         const connectors::Registry& c)
        : options(std::move(o)), inbox(in), integrations(i), connectors(c) {}

    // The integration stops syncing: it is revoked and its queued or running jobs cancelled.
    void revoke(const domain::Integration& i) {
        integrations.set_status(i.id, domain::IntegrationStatus::revoked);
        for (auto type : domain::all_data_types()) {
            if (auto job = integrations.find_active_job(i.id, type))
                integrations.cancel_job(i.account_id, job->id);
        }
        log::info("integration_revoked", {{"integration_id", i.id}, {"by", "app_uninstalled"}});
    }

    // The integrations a batch's deliveries belong to, each read once a batch.
    using Integrations = std::map<std::string, std::optional<domain::Integration>>;

    storage::WebhookEffect effect_of(const storage::WebhookDelivery& d, Integrations& seen) {
        storage::WebhookEffect effect;
        auto it = seen.find(d.integration_id);
        if (it == seen.end())
            it = seen.emplace(d.integration_id, integrations.find(d.account_id, d.integration_id))
                     .first;
        auto& integration = it->second;
        auto* connector = integration ? connectors.find(integration->connector_id) : nullptr;
        const auto* receiver = connector ? connector->webhooks() : nullptr;
        if (!integration || !receiver) {
            effect.status = "ignored";
            return effect;
        }
        auto event = receiver->resolve_webhook(*integration, d.topic, d.body);
        const bool revoked = integration->status == domain::IntegrationStatus::revoked;
        switch (event.kind) {
            case WebhookKind::records:
                // A revoked store's changes are no longer the hub's to keep.
                if (revoked) {
                    effect.status = "ignored";
                    break;
                }
                effect.records = std::move(event.records);
                effect.partial = event.partial;
                break;
            case WebhookKind::app_uninstalled:
                revoke(*integration);
                integration->status = domain::IntegrationStatus::revoked;
                break;
            case WebhookKind::customers_redact:
                effect.redact_customer = event.customer_id;
                effect.redact_orders = event.order_ids;
                break;
            case WebhookKind::shop_redact:
                effect.redact_store = true;
                break;
            case WebhookKind::customers_data_request:
                // Kept in the inbox as the record of the request; the merchant answers it.
                effect.status = "recorded";
                log::info("customer_data_request",
                          {{"integration_id", d.integration_id}, {"delivery_id", d.delivery_id}});
                break;
            case WebhookKind::ignored:
                effect.status = "ignored";
                break;
        }
        return effect;
    }

    // Hands the delivery back for another try after a backoff, or marks it failed after
    // max_attempts.
    void fail(const storage::WebhookDelivery& d, const std::string& owner,
              const std::exception& e) {
        ++failed;
        std::int64_t retry_at = 0;
        if (d.attempts < options.max_attempts) {
            double unit = 0;
            {
                std::lock_guard lock(mutex);
                unit = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
            }
            retry_at = now_ms() + backoff_delay(static_cast<int>(d.attempts), options.backoff_base,
                                                options.backoff_max, unit)
                                      .count();
        }
        const auto* api = dynamic_cast<const ApiError*>(&e);
        const std::string error =
            api ? std::string(error_info(api->code()).code) + ": " + api->message() : e.what();
        log::warn("webhook_apply_failed", {{"delivery_id", d.delivery_id},
                                           {"topic", d.topic},
                                           {"attempt", d.attempts},
                                           {"retry", retry_at != 0},
                                           {"error", error}});
        try {
            inbox.fail(d, owner, error, retry_at);
        } catch (const std::exception& again) {
            // Its lease runs out and it is claimed again.
            log::error("webhook_fail_not_stored",
                       {{"delivery_id", d.delivery_id}, {"error", again.what()}});
        }
    }

    // Writes the batch in one transaction.
    void write(const std::vector<storage::WebhookApplication>& batch, const std::string& owner) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto marked = inbox.apply_all(batch, owner);
        const auto write_us = micros_since(t0);
        ++transactions;
        std::int64_t n = 0;
        boost::json::object statuses;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (!marked[i])
                continue;  // another applier took it over after its lease ran out
            ++n;
            if (options.counters)
                options.counters->count(
                    core::k_webhook_deliveries,
                    {{"provider", batch[i].delivery->connector_id}, {"outcome", "applied"}});
            auto& count = statuses[batch[i].effect.status];
            count = count.is_int64() ? count.as_int64() + 1 : 1;
        }
        applied += n;
        log::info("webhooks_applied", {{"deliveries", static_cast<std::int64_t>(batch.size())},
                                       {"statuses", std::move(statuses)},
                                       {"taken_over", static_cast<std::int64_t>(batch.size()) - n},
                                       {"claim_us", claim_us},
                                       {"resolve_us", resolve_us},
                                       {"write_us", write_us}});
    }

    void write_or_isolate(const std::vector<storage::WebhookApplication>& batch,
                          const std::string& owner) {
        if (batch.empty())
            return;
        try {
            write(batch, owner);
            return;
        } catch (const std::exception& e) {
            if (batch.size() == 1) {
                fail(*batch[0].delivery, owner, e);
                return;
            }
            log::warn(
                "webhook_batch_failed",
                {{"deliveries", static_cast<std::int64_t>(batch.size())}, {"error", e.what()}});
        }
        // One delivery's effect can fail the whole transaction: alone, each fails only itself.
        for (const auto& a : batch) {
            try {
                write({a}, owner);
            } catch (const std::exception& e) {
                fail(*a.delivery, owner, e);
            }
        }
    }

    // Resolves the batch's deliveries from `first` on and writes them in one transaction.
    // Resolving stops at half the lease (reading light deliveries' objects from a store that
    // rations its API can be slow), so that part is written while still leased, and the rest
    // follows in the next transaction. Returns where it stopped.
    std::size_t apply_from(const std::vector<storage::WebhookDelivery>& batch, std::size_t first,
                           const std::string& owner, Integrations& seen) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto deadline = t0 + options.lease / 2;
        std::vector<storage::WebhookApplication> resolved;
        resolved.reserve(batch.size() - first);
        std::size_t i = first;
        for (; i < batch.size(); ++i) {
            if (loop.stopping() ||
                (!resolved.empty() && std::chrono::steady_clock::now() >= deadline))
                break;
            try {
                resolved.push_back({&batch[i], effect_of(batch[i], seen)});
            } catch (const std::exception& e) {
                fail(batch[i], owner, e);
            }
        }
        resolve_us = micros_since(t0);
        write_or_isolate(resolved, owner);
        claim_us = 0;  // counted once, with the batch's first transaction
        return i;
    }

    // One batch; true when a full batch suggests more is waiting.
    bool step() {
        const std::string owner = options.node_id + "/webhooks";
        std::vector<storage::WebhookDelivery> batch;
        const auto t0 = std::chrono::steady_clock::now();
        try {
            batch = inbox.claim(owner, options.lease.count(), options.batch);
            claim_us = micros_since(t0);
        } catch (const std::exception& e) {
            log::error("webhook_claim_failed", {{"error", e.what()}});
            return false;
        }
        claimed += static_cast<std::int64_t>(batch.size());
        Integrations seen;
        std::size_t next = 0;
        while (next < batch.size()) {
            if (loop.stopping())
                return false;  // the leases run out and the rest is applied after a restart
            next = apply_from(batch, next, owner, seen);
        }
        return static_cast<int>(batch.size()) == options.batch;
    }
};

WebhookApplier::WebhookApplier(WebhookApplierOptions options, storage::WebhookInbox& inbox,
                               storage::IntegrationStore& integrations,
                               const connectors::Registry& connectors)
    : impl_(std::make_unique<Impl>(std::move(options), inbox, integrations, connectors)) {
    if (impl_->options.node_id.empty())
        impl_->options.node_id = new_id("node");
}

WebhookApplier::~WebhookApplier() {
    stop();
}

void WebhookApplier::start() {
    impl_->loop.start();
}

void WebhookApplier::stop() {
    impl_->loop.stop();
}

void WebhookApplier::wake() {
    impl_->loop.wake();
}

WebhookApplierStats WebhookApplier::stats() const {
    return {.claimed = impl_->claimed,
            .applied = impl_->applied,
            .failed = impl_->failed,
            .transactions = impl_->transactions};
}

}  // namespace sb::sync
