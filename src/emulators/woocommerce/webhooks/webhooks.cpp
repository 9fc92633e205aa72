#include "emulators/woocommerce/webhooks/webhooks.hpp"

#include <algorithm>

#include "crypto/crypto.hpp"

namespace sb::emulators::woocommerce {

namespace {

const char* const k_topic_prefix = "webhook:";

}  // namespace

Webhook WebhookTable::add(Webhook w) {
    std::lock_guard lock(mutex_);
    w.id = next_id_++;
    hooks_.push_back(w);
    return w;
}

std::optional<Webhook> WebhookTable::get(std::int64_t id) const {
    std::lock_guard lock(mutex_);
    for (const auto& w : hooks_) {
        if (w.id == id)
            return w;
    }
    return std::nullopt;
}

std::vector<Webhook> WebhookTable::all() const {
    std::lock_guard lock(mutex_);
    return hooks_;
}

bool WebhookTable::put(const Webhook& w) {
    std::lock_guard lock(mutex_);
    for (auto& x : hooks_) {
        if (x.id == w.id) {
            x = w;
            return true;
        }
    }
    return false;
}

bool WebhookTable::remove(std::int64_t id) {
    std::lock_guard lock(mutex_);
    return std::erase_if(hooks_, [id](const Webhook& w) { return w.id == id; }) > 0;
}

std::vector<Webhook> WebhookTable::on_topic(const std::string& topic) const {
    std::lock_guard lock(mutex_);
    std::vector<Webhook> out;
    for (const auto& w : hooks_) {
        if (w.topic == topic)
            out.push_back(w);
    }
    return out;
}

void WebhookTable::set_source(std::string site_url) {
    std::lock_guard lock(mutex_);
    source_ = std::move(site_url) + "/";
}

std::string WebhookTable::source() const {
    std::lock_guard lock(mutex_);
    return source_;
}

std::string webhook_topic(std::int64_t webhook_id) {
    return k_topic_prefix + std::to_string(webhook_id);
}

common::WebhookOptions webhook_options(const EmulatorOptions& o,
                                       std::shared_ptr<WebhookTable> hooks) {
    common::WebhookOptions w;
    w.retry_schedule_s = {};  // one try: WooCommerce never re-sends a failed delivery
    w.retry_scale = o.webhook_retry_scale;
    w.deactivate_after_abandoned = k_failures_before_disable;
    w.next_id = [n = std::make_shared<std::int64_t>(0)] { return std::to_string(++*n); };
    w.user_agent = user_agent();
    w.sign = [](const std::string&) { return std::string(); };  // per webhook, below
    w.headers = [hooks](const common::WebhookEvent& e) {
        common::Headers h;
        if (e.topic.rfind(k_topic_prefix, 0) != 0)
            return h;
        const auto hook =
            hooks->get(std::stoll(e.topic.substr(std::string(k_topic_prefix).size())));
        if (!hook)
            return h;
        const std::string id = std::to_string(hook->id);
        h = {{"X-WC-Webhook-Source", hooks->source()},
             {"X-WC-Webhook-Topic", hook->topic},
             {"X-WC-Webhook-Resource", topic_resource(hook->topic)},
             {"X-WC-Webhook-Event", topic_event(hook->topic)},
             {"X-WC-Webhook-Signature", webhook_signature(e.body, hook->secret)},
             {"X-WC-Webhook-ID", id},
             {"X-WC-Webhook-Delivery-ID",
              crypto::hex_encode(crypto::sha256(id + ":" + std::to_string(e.sequence) + ":" +
                                                std::to_string(e.published_at)))
                  .substr(0, 32)}};
        return h;
    };
    return w;
}

bool valid_topic(const std::string& topic) {
    if (topic.rfind("action.", 0) == 0)
        return topic.size() > 7;
    static const std::vector<std::string> resources{"coupon", "customer", "order", "product"};
    static const std::vector<std::string> events{"created", "updated", "deleted", "restored"};
    const auto dot = topic.find('.');
    if (dot == std::string::npos)
        return false;
    const std::string r = topic.substr(0, dot), e = topic.substr(dot + 1);
    return std::find(resources.begin(), resources.end(), r) != resources.end() &&
           std::find(events.begin(), events.end(), e) != events.end();
}

std::string topic_resource(const std::string& topic) {
    return topic.substr(0, topic.find('.'));
}

std::string topic_event(const std::string& topic) {
    const auto dot = topic.find('.');
    return dot == std::string::npos ? "" : topic.substr(dot + 1);
}

std::string webhook_signature(std::string_view body, std::string_view secret) {
    return crypto::base64_encode(crypto::hmac_sha256(secret, body));
}

std::string user_agent() {
    return "WooCommerce/8.9.3 Hookshot (WordPress/6.5.3)";
}

}  // namespace sb::emulators::woocommerce
