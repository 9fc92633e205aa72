#include "connectors/connector.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/error.hpp"

namespace sb::connectors {

std::string_view category_name(Category c) {
    switch (c) {
        case Category::shop:
            return "shop";
        case Category::payment:
            return "payment";
        case Category::shipping:
            return "shipping";
    }
    return "shop";
}

std::string credential_text(const domain::Integration& integration, std::string_view name) {
    auto it = integration.credentials.find(std::string(name));
    if (it == integration.credentials.end())
        return {};
    if (const auto* s = std::get_if<std::string>(&it->second))
        return *s;
    return {};
}

bool oauth_token_expiring(const domain::Integration& integration, std::int64_t deadline_ms) {
    auto it = integration.credentials.find("access_token_expires_at");
    if (it == integration.credentials.end() ||
        credential_text(integration, "refresh_token").empty())
        return false;
    const auto* at = std::get_if<std::int64_t>(&it->second);
    return at && *at < deadline_ms;
}

std::vector<domain::FieldSpec> oauth_token_fields() {
    using domain::FieldType;
    return {
        {"refresh_token", FieldType::string, false, true, "Set by the install for expiring tokens"},
        {"access_token_expires_at", FieldType::integer, false, false,
         "When an expiring access token ends (epoch ms), set by the install"},
        {"scope", FieldType::string, false, false, "The access scopes the store granted"},
    };
}

std::vector<domain::FieldSpec> sync_settings_fields() {
    using domain::FieldType;
    return {
        {"sync_interval_minutes",
         FieldType::integer,
         false,
         false,
         "Minutes between incremental syncs",
         {},
         std::int64_t{15}},
        {"webhooks_enabled",
         FieldType::boolean,
         false,
         false,
         "Register webhooks for freshness",
         {},
         true},
    };
}

bool ConnectorSpec::supports(domain::DataType t) const {
    return std::find(data_types.begin(), data_types.end(), t) != data_types.end();
}

const ActionSpec* ConnectorSpec::action(std::string_view id) const {
    for (const auto& a : actions) {
        if (a.id == id)
            return &a;
    }
    return nullptr;
}

namespace {

[[noreturn]] void no_install(const ConnectorSpec& spec) {
    throw ApiError(
        Errc::connector_not_implemented, "The " + spec.name + " connector cannot install apps yet",
        "This connector's install flow is not implemented in this version of Storebridge.");
}

}  // namespace

std::optional<domain::FieldMap> Connector::api_budget(const domain::Integration&) const {
    return std::nullopt;
}

bool Connector::valid_store(std::string_view store) const {
    return !store.empty();
}

std::string Connector::authorize_url(const InstallStart&) {
    no_install(spec());
}

InstallCallback Connector::verify_callback(const AppCredentials&, const QueryParams&,
                                           std::int64_t) {
    no_install(spec());
}

domain::FieldMap Connector::exchange_code(const AppCredentials&, const InstallCallback&) {
    no_install(spec());
}

std::optional<WebhookEnvelope> Connector::webhook_envelope(const HeaderLookup&) const {
    return std::nullopt;
}

bool Connector::verify_webhook(const domain::Integration&, const AppCredentials*,
                               const HeaderLookup&, std::string_view) const {
    return false;
}

WebhookEvent Connector::decode_webhook(std::string_view topic, std::string_view) const {
    WebhookEvent e;
    e.topic = std::string(topic);
    return e;
}

bool Connector::credentials_expiring(const domain::Integration&, std::int64_t) const {
    return false;
}

void Registry::add(std::unique_ptr<Connector> connector) {
    if (find(connector->spec().id))
        throw std::invalid_argument("connector registered twice: " + connector->spec().id);
    connectors_.push_back(std::move(connector));
}

Connector* Registry::find(std::string_view id) const {
    for (const auto& c : connectors_) {
        if (c->spec().id == id)
            return c.get();
    }
    return nullptr;
}

std::vector<const Connector*> Registry::all() const {
    std::vector<const Connector*> out;
    for (const auto& c : connectors_)
        out.push_back(c.get());
    return out;
}

}  // namespace sb::connectors
