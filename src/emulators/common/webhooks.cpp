#include "emulators/common/webhooks.hpp"

#include <algorithm>

#include "core/time.hpp"
#include "log/logger.hpp"

namespace sb::emulators::common {

namespace {

DeliveryOptions delivery_options(const WebhookOptions& o,
                                 std::function<void(const Delivery&, bool)> on_settled) {
    DeliveryOptions d;
    d.retry_schedule_s = o.retry_schedule_s;
    d.retry_scale = o.retry_scale;
    d.drop_rate = o.drop_rate;
    d.duplicate_rate = o.duplicate_rate;
    d.timeout = o.timeout;
    if (o.deactivate_after_abandoned > 0)
        d.on_settled = std::move(on_settled);
    return d;
}

}  // namespace

Webhooks::Webhooks(WebhookOptions options)
    : options_(std::move(options)),
      queue_(delivery_options(options_, [this](const Delivery& d, bool ok) { settled(d, ok); })) {}

Webhooks::~Webhooks() {
    stop();
}

void Webhooks::start() {
    queue_.start();
}

void Webhooks::stop() {
    queue_.stop();
}

WebhookSubscription Webhooks::subscribe(const std::string& topic, const std::string& url,
                                        const std::string& format) {
    std::lock_guard lock(mutex_);
    WebhookSubscription s{options_.next_id(), topic, url, format, now_ms(), true};
    subs_[s.id] = s;
    return s;
}

bool Webhooks::unsubscribe(const std::string& id) {
    std::lock_guard lock(mutex_);
    abandoned_in_a_row_.erase(id);
    return subs_.erase(id) > 0;
}

std::vector<WebhookSubscription> Webhooks::subscriptions() const {
    std::lock_guard lock(mutex_);
    std::vector<WebhookSubscription> out;
    for (const auto& [id, s] : subs_)
        out.push_back(s);
    return out;
}

std::optional<WebhookSubscription> Webhooks::subscription(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = subs_.find(id);
    if (it == subs_.end())
        return std::nullopt;
    return it->second;
}

bool Webhooks::set_active(const std::string& id, bool active) {
    std::lock_guard lock(mutex_);
    auto it = subs_.find(id);
    if (it == subs_.end())
        return false;
    it->second.active = active;
    abandoned_in_a_row_.erase(id);
    return true;
}

bool Webhooks::known_topic(const std::string& topic) const {
    return std::find(options_.topics.begin(), options_.topics.end(), topic) !=
           options_.topics.end();
}

void Webhooks::publish(const std::string& topic, const std::string& body) {
    std::vector<std::pair<std::string, std::string>> targets;  // url, subscription id
    std::uint64_t sequence;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, s] : subs_) {
            if (s.topic == topic && s.active)
                targets.emplace_back(s.url, id);
        }
        if (!options_.default_url.empty())
            targets.emplace_back(options_.default_url, "");
        sequence = sequence_++;
    }
    const std::int64_t at = now_ms();
    const std::string signature = options_.sign(body);
    const WebhookEvent event{topic, body, signature, sequence, at};
    for (auto& [url, id] : targets) {
        Headers headers{{"Content-Type", "application/json"}, {"User-Agent", options_.user_agent}};
        for (auto& h : options_.headers(event))
            headers.push_back(std::move(h));
        queue_.enqueue({std::move(url), topic, body, std::move(headers), std::move(id)});
    }
}

void Webhooks::set_faults(double drop, double dup) {
    queue_.set_faults(drop, dup);
}

DeliveryStats Webhooks::stats() const {
    return queue_.stats();
}

std::int64_t Webhooks::deactivated() const {
    std::lock_guard lock(mutex_);
    return deactivated_;
}

void Webhooks::settled(const Delivery& d, bool delivered) {
    if (d.subscription_id.empty())
        return;
    std::lock_guard lock(mutex_);
    auto it = subs_.find(d.subscription_id);
    if (it == subs_.end())
        return;
    if (delivered) {
        abandoned_in_a_row_.erase(d.subscription_id);
        return;
    }
    int& n = abandoned_in_a_row_[d.subscription_id];
    if (++n < options_.deactivate_after_abandoned || !it->second.active)
        return;
    it->second.active = false;
    ++deactivated_;
    log::warn("emulator_webhook_deactivated",
              {{"subscription", d.subscription_id}, {"topic", d.topic}, {"url", d.url}});
}

}  // namespace sb::emulators::common
