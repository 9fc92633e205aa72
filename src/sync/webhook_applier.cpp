#include "sync/webhook_applier.hpp"

#include <mutex>
#include <random>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "log/logger.hpp"
#include "sync/background_loop.hpp"
#include "sync/engine.hpp"

namespace sb::sync {

using connectors::WebhookKind;

struct WebhookApplier::Impl {
    WebhookApplierOptions options;
    storage::WebhookInbox& inbox;
    storage::IntegrationStore& integrations;
    const connectors::Registry& connectors;

    std::mutex mutex;  // guards rng
    std::mt19937_64 rng{std::random_device{}()};
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

    storage::WebhookEffect effect_of(const storage::WebhookDelivery& d) {
        storage::WebhookEffect effect;
        auto integration = integrations.find(d.account_id, d.integration_id);
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

    // One batch; true when a full batch suggests more is waiting.
    bool step() {
        const std::string owner = options.node_id + "/webhooks";
        std::vector<storage::WebhookDelivery> batch;
        try {
            batch = inbox.claim(owner, options.lease.count(), options.batch);
        } catch (const std::exception& e) {
            log::error("webhook_claim_failed", {{"error", e.what()}});
            return false;
        }
        for (const auto& d : batch) {
            if (loop.stopping())
                return false;  // the lease runs out and the delivery is applied after restart
            apply(d, owner);
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

}  // namespace sb::sync
