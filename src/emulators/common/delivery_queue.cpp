#include "emulators/common/delivery_queue.hpp"

#include "emulators/common/http_post.hpp"
#include "emulators/common/rng.hpp"
#include "log/logger.hpp"

namespace sb::emulators::common {

std::optional<std::chrono::milliseconds> retry_delay(const DeliveryOptions& o, int failed_tries) {
    if (failed_tries < 1 || failed_tries > static_cast<int>(o.retry_schedule_s.size()))
        return std::nullopt;
    const double delay_s = o.retry_schedule_s[failed_tries - 1] * o.retry_scale;
    return std::chrono::milliseconds(static_cast<std::int64_t>(delay_s * 1000));
}

DeliveryQueue::DeliveryQueue(DeliveryOptions options) : options_(std::move(options)) {}

DeliveryQueue::~DeliveryQueue() {
    stop();
}

void DeliveryQueue::start() {
    std::lock_guard lock(mutex_);
    if (worker_.joinable())
        return;
    stopping_ = false;
    worker_ = std::thread([this] { loop(); });
}

void DeliveryQueue::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable())
        worker_.join();
}

double DeliveryQueue::roll() {
    return static_cast<double>(mix64(rng_++) >> 11) * 0x1.0p-53;
}

void DeliveryQueue::enqueue(Delivery d) {
    {
        std::lock_guard lock(mutex_);
        ++stats_.published;
        if (roll() < options_.drop_rate) {
            ++stats_.dropped;
            return;
        }
        Pending p{std::chrono::steady_clock::now(), std::move(d), 0};
        if (roll() < options_.duplicate_rate) {
            ++stats_.duplicated;
            queue_.push(p);  // same headers: receivers must de-duplicate
        }
        queue_.push(std::move(p));
    }
    wake_.notify_all();
}

void DeliveryQueue::set_faults(double drop, double dup) {
    std::lock_guard lock(mutex_);
    options_.drop_rate = drop;
    options_.duplicate_rate = dup;
}

DeliveryStats DeliveryQueue::stats() const {
    std::lock_guard lock(mutex_);
    DeliveryStats s = stats_;
    s.pending = static_cast<std::int64_t>(queue_.size());
    return s;
}

void DeliveryQueue::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (queue_.empty()) {
            wake_.wait(lock);
            continue;
        }
        const auto due = queue_.top().due;
        if (due > std::chrono::steady_clock::now()) {
            wake_.wait_until(lock, due);
            continue;
        }
        Pending p = queue_.top();
        queue_.pop();
        lock.unlock();
        attempt(std::move(p));
        lock.lock();
    }
}

void DeliveryQueue::attempt(Pending p) {
    const Delivery& d = p.delivery;
    const PostResult r = http_post(d.url, d.headers, d.body, options_.timeout);
    bool delivered = false;
    {
        std::lock_guard lock(mutex_);
        if (r.status >= 200 && r.status < 300) {
            ++stats_.delivered;
            delivered = true;
        } else {
            ++stats_.failed_attempts;
            ++p.attempt;
            if (const auto delay = retry_delay(options_, p.attempt)) {
                p.due = std::chrono::steady_clock::now() + *delay;
                queue_.push(std::move(p));
                return;
            }
            ++stats_.abandoned;
            log::warn("emulator_webhook_abandoned", {{"topic", d.topic}, {"url", d.url}});
        }
    }
    if (options_.on_settled)
        options_.on_settled(p.delivery, delivered);
}

}  // namespace sb::emulators::common
