#include "sync/webhook_applier.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "log/logger.hpp"
#include "sync/engine.hpp"

namespace sb::sync {

using connectors::WebhookKind;

struct WebhookApplier::Impl {
    WebhookApplierOptions options;
    storage::WebhookInbox& inbox;
    storage::IntegrationStore& integrations;
    const connectors::Registry& connectors;

    std::thread thread;
    std::atomic<bool> stopping{false};
    std::mutex mutex;
    std::condition_variable cv;
    std::uint64_t generation = 0;
    std::mt19937_64 rng{std::random_device{}()};

    Impl(WebhookApplierOptions o, storage::WebhookInbox& in, storage::IntegrationStore& i,
         const connectors::Registry& c)
        : options(std::move(o)), inbox(in), integrations(i), connectors(c) {}

    void notify() {
        {
            std::lock_guard lock(mutex);
            ++generation;
        }
        cv.notify_all();
    }

    void wait(std::uint64_t seen) {
        std::unique_lock lock(mutex);
        cv.wait_for(lock, options.poll, [&] { return stopping.load() || generation != seen; });
    }

    // The integration stops syncing: it is revoked and its queued or running jobs cancelled.
    void revoke(const domain::Integration& i) {
        integrations.set_status(i.id, domain::IntegrationStatus::revoked);
        for (auto type : domain::all_data_types()) {
            if (auto job = integrations.find_active_job(i.id, type))
                integrations.cancel_job(i.account_id, job->id);
        }
        log::info("integration_revoked", {{"integration_id", i.id}, {"by", "app_uninstalled"}});
    }

    storage::WebhookEffect effect_of(const storage::WebhookDelivery& d) {
        storage::WebhookEffect effect;
        auto integration = integrations.find(d.account_id, d.integration_id);
        auto* connector = integration ? connectors.find(integration->connector_id) : nullptr;
        if (!integration || !connector) {
            effect.status = "ignored";
            return effect;
        }
        auto event = connector->decode_webhook(d.topic, d.body);
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

    void apply(const storage::WebhookDelivery& d, const std::string& owner) {
        try {
            const auto effect = effect_of(d);
            const auto written = inbox.apply(d, owner, effect);
            log::info("webhook_applied", {{"delivery_id", d.delivery_id},
                                          {"topic", d.topic},
                                          {"status", effect.status},
                                          {"written", written}});
        } catch (const std::exception& e) {
            std::int64_t retry_at = 0;
            if (d.attempts < options.max_attempts) {
                double unit = 0;
                {
                    std::lock_guard lock(mutex);
                    unit = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
                }
                retry_at = now_ms() + backoff_delay(static_cast<int>(d.attempts),
                                                    options.backoff_base, options.backoff_max, unit)
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
            inbox.fail(d, owner, error, retry_at);
        }
    }

    void loop() {
        const std::string owner = options.node_id + "/webhooks";
        while (!stopping) {
            std::uint64_t seen = 0;
            {
                std::lock_guard lock(mutex);
                seen = generation;
            }
            std::vector<storage::WebhookDelivery> batch;
            try {
                batch = inbox.claim(owner, options.lease.count(), options.batch);
            } catch (const std::exception& e) {
                log::error("webhook_claim_failed", {{"error", e.what()}});
            }
            for (const auto& d : batch) {
                if (stopping)
                    break;  // the lease runs out and the delivery is applied after restart
                apply(d, owner);
            }
            if (static_cast<int>(batch.size()) < options.batch)
                wait(seen);
        }
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
    if (impl_->thread.joinable())
        return;
    impl_->stopping = false;
    impl_->thread = std::thread([this] { impl_->loop(); });
}

void WebhookApplier::stop() {
    impl_->stopping = true;
    impl_->notify();
    if (impl_->thread.joinable())
        impl_->thread.join();
}

void WebhookApplier::wake() {
    impl_->notify();
}

}  // namespace sb::sync
