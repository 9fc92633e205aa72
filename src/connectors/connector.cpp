#include "connectors/connector.hpp"

#include <algorithm>
#include <stdexcept>

#include "connectors/actions.hpp"
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

domain::FieldMap OAuthInstaller::accept_delivery(const std::string&, std::string_view) {
    throw ApiError(Errc::connector_not_implemented, "This platform installs by a code grant",
                   "It delivers no credentials to the callback.");
}

bool TokenRefresher::credentials_expiring(const domain::Integration& integration,
                                          std::int64_t deadline_ms) const {
    return oauth_token_expiring(integration, deadline_ms);
}

bool oauth_token_expiring(const domain::Integration& integration, std::int64_t deadline_ms) {
    auto it = integration.credentials.find("access_token_expires_at");
    if (it == integration.credentials.end() ||
        credential_text(integration, "refresh_token").empty())
        return false;
    const auto* at = std::get_if<std::int64_t>(&it->second);
    return at && *at < deadline_ms;
}

std::vector<domain::FieldSpec> oauth_token_fields(std::vector<domain::FieldSpec> own) {
    using domain::FieldType;
    std::vector<domain::FieldSpec> shared{
        {"refresh_token", FieldType::string, false, true, "Set by the install for expiring tokens"},
        {"access_token_expires_at", FieldType::integer, false, false,
         "When an expiring access token ends (epoch ms), set by the install"},
        {"scope", FieldType::string, false, false, "The access scopes the store granted"},
    };
    own.insert(own.end(), shared.begin(), shared.end());
    return own;
}

std::vector<domain::FieldSpec> sync_settings_fields(std::vector<domain::FieldSpec> own) {
    using domain::FieldType;
    std::vector<domain::FieldSpec> shared{
        {"sync_interval_minutes", FieldType::integer, false, false,
         "Minutes between incremental syncs (unset: the hub's --sync-interval, 15 by default)"},
        {"webhooks_enabled",
         FieldType::boolean,
         false,
         false,
         "Register webhooks for freshness",
         {},
         true},
    };
    own.insert(own.end(), shared.begin(), shared.end());
    return own;
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

const ConnectorSpec& Connector::spec() const {
    std::call_once(spec_once_, [this] {
        ConnectorSpec s;
        static_cast<ConnectorInfo&>(s) = info_;
        const Capabilities& c = caps_;
        s.available = c.reader || c.installer || c.webhooks || c.token_refresher ||
                      c.webhook_subscriber || c.stock_writer || c.shop_updater ||
                      c.platform_actions;
        if (c.reader)
            s.data_types = c.reader->data_types();
        if (c.stock_writer)
            s.actions.push_back(actions::set_stock_level());
        if (c.shop_updater)
            s.actions.push_back(actions::update_shop(c.shop_updater->shop_update_fields()));
        if (c.platform_actions) {
            for (auto& a : c.platform_actions->platform_actions())
                s.actions.push_back(std::move(a));
        }
        if (c.webhook_subscriber)
            s.actions.push_back(actions::register_webhooks());
        if (c.token_refresher)
            s.actions.push_back(actions::refresh_token());
        spec_ = std::move(s);
    });
    return spec_;
}

namespace {

[[noreturn]] void not_built(const ConnectorInfo& info, const std::string& what) {
    throw ApiError(Errc::connector_not_implemented,
                   "The " + info.name + " connector cannot " + what + " in this version",
                   "This platform's connector is not built in this version of Storebridge.");
}

}  // namespace

ActionOutcome Connector::run_action(const domain::Integration& integration,
                                    const ActionSpec& action, const domain::FieldMap& input,
                                    const ActionContext& context) {
    const Capabilities& c = caps_;
    if (c.stock_writer && action.id == actions::set_stock_level().id)
        return c.stock_writer->set_stock_level(integration, actions::stock_level_of(input));
    if (c.shop_updater && action.id == actions::k_update_shop)
        return c.shop_updater->update_shop(integration, input);
    if (c.webhook_subscriber && action.id == actions::register_webhooks().id)
        return c.webhook_subscriber->register_webhooks(integration, context);
    if (c.token_refresher && action.id == actions::refresh_token().id)
        return c.token_refresher->refresh_token(integration, context);
    if (c.platform_actions && spec().action(action.id))
        return c.platform_actions->run_platform_action(integration, action, input, context);
    not_built(info_, "run '" + action.id + "'");
}

Reader& Connector::reader_or_throw() const {
    if (!caps_.reader)
        not_built(info_, "sync");
    return *caps_.reader;
}

OAuthInstaller& Connector::installer_or_throw() const {
    if (!caps_.installer)
        not_built(info_, "install apps");
    return *caps_.installer;
}

void Registry::add(std::unique_ptr<Connector> connector) {
    if (find(connector->id()))
        throw std::invalid_argument("connector registered twice: " + connector->id());
    connectors_.push_back(std::move(connector));
}

Connector* Registry::find(std::string_view id) const {
    for (const auto& c : connectors_) {
        if (c->id() == id)
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
