#include "domain/webhook_endpoint_service.hpp"

#include <boost/url/parse.hpp>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "domain/events/event_types.hpp"
#include "domain/merchant_service.hpp"
#include "http/client.hpp"

namespace sb::domain {

namespace {

constexpr std::size_t k_max_url = 2048;
constexpr std::size_t k_max_event_types = 32;
constexpr std::int64_t k_rotation_overlap_ms = 24 * 3600 * 1000;

std::string new_secret() {
    return "whsec_" + crypto::base64_encode(crypto::random_bytes(24));
}

[[noreturn]] void endpoint_not_found(const std::string& id) {
    throw_not_found("webhook endpoint", id);
}

}  // namespace

std::string WebhookEndpointService::check_url(const std::string& url) const {
    if (url.size() > k_max_url)
        return "must be at most " + std::to_string(k_max_url) + " bytes";
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed)
        return "must be an absolute http or https URL";
    const auto scheme = parsed->scheme();
    if (scheme != "http" && scheme != "https")
        return "must be an absolute http or https URL";
    if (parsed->encoded_host().empty())
        return "must name a host";
    if (parsed->has_userinfo())
        return "must not carry credentials (user:password@); authenticate deliveries by their "
               "signature";
    if (!allow_private_targets_) {
        std::string host(parsed->host_address());
        if (host == "localhost" || host.ends_with(".localhost") || http::is_private_address(host))
            return "must be a public address: loopback and private networks are refused "
                   "unless the hub runs with --allow-private-targets";
    }
    return {};
}

std::vector<FieldError> WebhookEndpointService::problems(const WebhookEndpointInput& in,
                                                         bool creating) const {
    std::vector<FieldError> errors;
    if (creating && !in.url)
        errors.push_back({"url", "is required"});
    if (in.url) {
        if (auto why = check_url(*in.url); !why.empty())
            errors.push_back({"url", why});
    }
    if (in.event_types) {
        if (in.event_types->empty())
            errors.push_back({"event_types", "must name at least one event type (or \"*\")"});
        if (in.event_types->size() > k_max_event_types)
            errors.push_back({"event_types", "must have at most " +
                                                 std::to_string(k_max_event_types) + " entries"});
        for (std::size_t i = 0; i < in.event_types->size(); ++i) {
            if (auto why = events::check_filter_entry((*in.event_types)[i]); !why.empty())
                errors.push_back({"event_types[" + std::to_string(i) + "]", why});
        }
    }
    return errors;
}

void WebhookEndpointService::validate(const WebhookEndpointInput& in, bool creating) const {
    if (auto errors = problems(in, creating); !errors.empty())
        throw ApiError(Errc::validation_failed, "Invalid webhook endpoint", "", errors);
}

EndpointWithSecret WebhookEndpointService::create(const std::string& account_id,
                                                  const WebhookEndpointInput& in) {
    validate(in, true);
    const auto now = now_ms();
    WebhookEndpoint e;
    e.id = new_id("whe");
    e.account_id = account_id;
    e.url = *in.url;
    e.description = in.description.value_or(std::nullopt);
    e.event_types = in.event_types.value_or(std::vector<std::string>{"*"});
    e.enabled = in.enabled.value_or(true);
    e.created_at = e.updated_at = now;
    EndpointWithSecret out{e, new_secret()};
    store_.insert(e, out.secret);
    return out;
}

WebhookEndpoint WebhookEndpointService::get(const std::string& account_id, const std::string& id) {
    auto e = store_.find(account_id, id);
    if (!e)
        endpoint_not_found(id);
    return *e;
}

Page<WebhookEndpoint> WebhookEndpointService::list(const std::string& account_id,
                                                   const PageRequest& page) {
    return store_.list(account_id, page);
}

WebhookEndpoint WebhookEndpointService::update(const std::string& account_id, const std::string& id,
                                               const WebhookEndpointInput& in,
                                               std::int64_t expected_version) {
    validate(in, false);
    auto e = get(account_id, id);
    if (expected_version != 0 && e.version != expected_version)
        throw_version_mismatch(expected_version);
    if (in.url)
        e.url = *in.url;
    if (in.event_types)
        e.event_types = *in.event_types;
    if (in.description)
        e.description = *in.description;
    if (in.enabled) {
        if (*in.enabled && !e.enabled)
            e.disabled_reason.reset();
        e.enabled = *in.enabled;
    }
    e.updated_at = now_ms();
    switch (store_.update(e, e.version)) {
        case storage::WriteResult::ok:
            break;
        case storage::WriteResult::version_mismatch:
            throw_version_mismatch(expected_version != 0 ? expected_version : e.version);
        default:
            endpoint_not_found(id);
    }
    ++e.version;
    if (e.enabled)
        queued();  // deliveries held while it was disabled go out now
    return e;
}

void WebhookEndpointService::remove(const std::string& account_id, const std::string& id,
                                    std::int64_t expected_version) {
    switch (store_.remove(account_id, id, expected_version)) {
        case storage::WriteResult::ok:
            return;
        case storage::WriteResult::version_mismatch:
            throw_version_mismatch(expected_version);
        default:
            endpoint_not_found(id);
    }
}

EndpointWithSecret WebhookEndpointService::rotate_secret(const std::string& account_id,
                                                         const std::string& id) {
    auto secret = new_secret();
    if (store_.rotate_secret(account_id, id, secret, now_ms() + k_rotation_overlap_ms) !=
        storage::WriteResult::ok)
        endpoint_not_found(id);
    return {get(account_id, id), std::move(secret)};
}

Page<EventDelivery> WebhookEndpointService::deliveries(const std::string& account_id,
                                                       const std::string& endpoint_id,
                                                       const std::optional<std::string>& status,
                                                       const PageRequest& page) {
    get(account_id, endpoint_id);
    return store_.deliveries(account_id, endpoint_id, status, page);
}

EventDelivery WebhookEndpointService::delivery(const std::string& account_id,
                                               const std::string& endpoint_id,
                                               const std::string& delivery_id) {
    auto d = store_.delivery(account_id, endpoint_id, delivery_id);
    if (!d)
        throw_not_found("delivery", delivery_id);
    return *d;
}

EventDelivery WebhookEndpointService::replay(const std::string& account_id,
                                             const std::string& endpoint_id,
                                             const std::string& delivery_id) {
    auto d = store_.replay(account_id, endpoint_id, delivery_id);
    if (!d)
        throw_not_found("delivery", delivery_id);
    queued();
    return *d;
}

storage::ReplayResult WebhookEndpointService::replay_range(const std::string& account_id,
                                                           const std::string& endpoint_id,
                                                           std::int64_t since, std::int64_t until) {
    get(account_id, endpoint_id);
    if (until <= since) {
        throw ApiError(Errc::validation_failed, "Invalid replay range", "",
                       {{"until", "must be after since"}});
    }
    auto r = store_.replay_range(account_id, endpoint_id, since, until, k_max_replay);
    if (r.replayed > 0)
        queued();
    return r;
}

}  // namespace sb::domain
