#include "sync/event_sender.hpp"

#include <mutex>
#include <random>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "domain/events/event_body.hpp"
#include "http/client.hpp"
#include "log/logger.hpp"
#include "sync/background_loop.hpp"

namespace sb::sync {

namespace {

using namespace std::chrono_literals;

// Attempts 2 to 8 follow these delays: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
constexpr std::chrono::seconds k_schedule[] = {5s, 5min, 30min, 2h, 5h, 10h, 10h};

std::string signature_header(const std::vector<std::string>& secrets, std::string_view id,
                             std::string_view timestamp, std::string_view body) {
    std::string out;
    for (const auto& secret : secrets) {
        auto sig = crypto::standard_webhook_signature(secret, id, timestamp, body);
        if (sig.empty())
            continue;
        if (!out.empty())
            out += ' ';
        out += "v1," + sig;
    }
    return out;
}

}  // namespace

std::chrono::seconds event_retry_delay(std::int64_t failed) {
    if (failed < 1 || failed > static_cast<std::int64_t>(std::size(k_schedule)))
        return 0s;
    return k_schedule[failed - 1];
}

struct EventSender::Impl {
    struct Worker {
        std::unique_ptr<http::Client> client;
        std::unique_ptr<BackgroundLoop> loop;
        std::string owner;
    };

    EventSenderOptions options;
    storage::EventOutbox& outbox;
    std::vector<Worker> workers;
    std::mutex mutex;  // guards rng and last_prune
    std::mt19937_64 rng{std::random_device{}()};
    std::int64_t last_prune = 0;
    std::uint64_t listener = 0;  // storage::add_events_listener's id while started

    Impl(EventSenderOptions o, storage::EventOutbox& b) : options(std::move(o)), outbox(b) {
        if (options.node_id.empty())
            options.node_id = new_id("node");
        const int n = std::max(1, options.threads);
        workers.resize(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            auto& w = workers[static_cast<std::size_t>(i)];
            http::ClientOptions co;
            co.connect_timeout = options.timeout;
            co.io_timeout = options.timeout;
            co.body_limit = 1024 * 1024;  // a receiver's answer is read and dropped
            co.user_agent = "Storebridge-Webhooks/1";
            co.allow_private_targets = options.allow_private_targets;
            w.client = std::make_unique<http::Client>(co);
            w.owner = options.node_id + "/events/" + std::to_string(i);
            w.loop = std::make_unique<BackgroundLoop>(options.poll, [this, &w] { return step(w); });
        }
    }

    std::int64_t retry_at(std::int64_t failed) {
        const auto delay = event_retry_delay(failed);
        if (delay == 0s)
            return 0;
        double jitter = 1.0;
        {
            std::lock_guard lock(mutex);
            jitter = std::uniform_real_distribution<double>(0.9, 1.1)(rng);
        }
        const auto ms =
            static_cast<std::int64_t>(std::chrono::duration<double, std::milli>(delay).count() *
                                      options.retry_scale * jitter);
        return now_ms() + std::max<std::int64_t>(ms, 1);
    }

    storage::DeliveryOutcome send(Worker& w, const storage::OutboundDelivery& d) {
        storage::DeliveryOutcome out{
            .id = d.id, .endpoint_id = d.endpoint_id, .created_at = d.created_at};
        const auto body = domain::events::event_body(d.event, options.public_url);
        const auto timestamp = std::to_string(now_ms() / 1000);
        http::ClientRequest req;
        req.method = "POST";
        req.url = d.url;
        req.body = body;
        req.headers = {
            {"Content-Type", "application/json"},
            {"webhook-id", d.event.id},
            {"webhook-timestamp", timestamp},
            {"webhook-signature", signature_header(d.secrets, d.event.id, timestamp, body)}};
        bool give_up = false;
        try {
            auto res = w.client->send(req);
            out.response_status = res.status;
            out.delivered = res.status >= 200 && res.status < 300;
            if (!out.delivered)
                out.error = "HTTP " + std::to_string(res.status);
        } catch (const http::ClientError& e) {
            out.error = std::string(http::client_errc_name(e.code())) + ": " + e.what();
            // An address the hub may not call stays one: no retry helps.
            give_up = e.code() == http::ClientErrc::forbidden_target;
        } catch (const std::exception& e) {
            out.error = std::string("internal_error: ") + e.what();
        }
        if (!out.delivered) {
            out.retry_at = give_up ? 0 : retry_at(d.attempts);
            log::warn("event_delivery_failed", {{"delivery_id", d.id},
                                                {"endpoint_id", d.endpoint_id},
                                                {"event_id", d.event.id},
                                                {"attempt", d.attempts},
                                                {"retry", out.retry_at != 0},
                                                {"error", out.error}});
        }
        return out;
    }

    bool step(Worker& w) {
        prune_now_and_then();
        std::vector<storage::OutboundDelivery> batch;
        try {
            batch = outbox.claim(w.owner, options.lease.count(), options.batch);
        } catch (const std::exception& e) {
            log::error("event_claim_failed", {{"error", e.what()}});
            return false;
        }
        // Slow endpoints must not outlast the batch's lease (another sender would take the
        // rest and send it twice): past half of it, or when stopping, the rest is handed back.
        const auto started = std::chrono::steady_clock::now();
        std::vector<storage::DeliveryOutcome> outcomes;
        std::vector<std::string> unsent;
        for (const auto& d : batch) {
            if (w.loop->stopping() ||
                std::chrono::steady_clock::now() - started > options.lease / 2)
                unsent.push_back(d.id);
            else
                outcomes.push_back(send(w, d));
        }
        try {
            outbox.settle(outcomes, w.owner);
            outbox.release(unsent, w.owner);
        } catch (const std::exception& e) {
            // Leased rows come back after the lease: delivered at least once.
            log::error("event_settle_failed", {{"error", e.what()}});
        }
        return static_cast<int>(batch.size()) == options.batch;
    }

    void prune_now_and_then() {
        const auto now = now_ms();
        {
            std::lock_guard lock(mutex);
            if (now - last_prune < 3'600'000)
                return;
            last_prune = now;
        }
        try {
            const auto cutoff =
                now -
                std::chrono::duration_cast<std::chrono::milliseconds>(options.retention).count();
            if (auto n = outbox.prune(cutoff); n > 0)
                log::info("events_pruned", {{"rows", n}});
        } catch (const std::exception& e) {
            log::error("event_prune_failed", {{"error", e.what()}});
        }
    }
};

EventSender::EventSender(EventSenderOptions options, storage::EventOutbox& outbox)
    : impl_(std::make_unique<Impl>(std::move(options), outbox)) {}

EventSender::~EventSender() {
    stop();
}

void EventSender::start() {
    for (auto& w : impl_->workers)
        w.loop->start();
    // Events committed anywhere in this process go out at once, not at the next poll.
    if (!impl_->listener)
        impl_->listener = storage::add_events_listener([this] { wake(); });
}

void EventSender::stop() {
    if (impl_->listener) {
        storage::remove_events_listener(impl_->listener);
        impl_->listener = 0;
    }
    for (auto& w : impl_->workers)
        w.loop->stop();
}

void EventSender::wake() {
    for (auto& w : impl_->workers)
        w.loop->wake();
}

}  // namespace sb::sync
