#include "domain/install_service.hpp"

#include "core/error.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"

namespace sb::domain {

namespace {

std::string hash_state(const std::string& state) {
    return crypto::hex_encode(crypto::sha256(state));
}

[[noreturn]] void bad_callback(const std::string& what) {
    throw ApiError(Errc::invalid_request, "The install callback was refused", what);
}

std::optional<std::string> param(const connectors::QueryParams& q, std::string_view name) {
    for (const auto& [k, v] : q) {
        if (k == name)
            return v;
    }
    return std::nullopt;
}

}  // namespace

std::string install_callback_url(const std::string& public_url, const std::string& provider) {
    return public_url + "/callback/" + provider;
}

connectors::AppCredentials InstallService::app_for(const std::string& account_id,
                                                   const std::string& provider) {
    auto app = providers_.find(account_id, provider);
    if (!app || !app->enabled || !app->client_id || !app->client_secret) {
        throw ApiError(Errc::provider_disabled,
                       "The provider app is not enabled or has no credentials");
    }
    return {*app->client_id, *app->client_secret};
}

InstallService::Begin InstallService::begin(const std::string& connection_id,
                                            const std::string& token,
                                            std::optional<std::string> store) {
    auto i = integrations_.find_unscoped(connection_id);
    if (!i || i->connect_token_hash.empty() ||
        !crypto::constant_time_equal(hash_connect_token(token), i->connect_token_hash)) {
        throw ApiError(Errc::not_found, "This connect link is not valid");
    }
    if (i->status != IntegrationStatus::pending) {
        throw ApiError(Errc::conflict,
                       "This connection is already " + std::string(status_name(i->status)));
    }
    auto* connector = connectors_.find(i->connector_id);
    if (!connector)
        throw ApiError(Errc::unknown_connector, "Unknown connector " + i->connector_id);
    if (!store && !i->store.empty())
        store = i->store;
    Begin out{connector->spec().name, std::nullopt};
    if (!store || store->empty())
        return out;  // the page asks for it
    auto& installer = connector->installer_or_throw();
    if (!installer.valid_store(*store)) {
        throw ApiError(Errc::validation_failed, "That is not a store address", "",
                       {{"shop", "not a valid store address for " + connector->spec().name}});
    }
    const auto app = installer.key_grant() ? no_app(i->account_id, i->connector_id)
                                           : app_for(i->account_id, i->connector_id);
    const std::string state = crypto::random_token(32);
    const auto now = now_ms();
    states_.insert({hash_state(state), i->account_id, i->id, i->connector_id, *store, now,
                    now + k_state_ttl_ms, std::nullopt});
    out.redirect = installer.authorize_url(connectors::InstallStart{
        app, *store, install_callback_url(public_url_, i->connector_id), state});
    return out;
}

Integration InstallService::complete(const std::string& provider,
                                     const connectors::QueryParams& query) {
    auto* connector = connectors_.find(provider);
    if (!connector)
        throw ApiError(Errc::not_found, "Unknown provider " + provider);
    auto& installer = connector->installer_or_throw();
    if (installer.key_grant()) {
        const auto back = installer.key_grant_return(query);
        if (!back)
            bad_callback("The success and user_id parameters are missing.");
        return key_grant_returned(provider, *back);
    }
    const auto now = now_ms();
    std::optional<storage::InstallState> st;
    if (installer.callback_returns_state()) {
        const auto state = param(query, "state");
        if (!state || state->empty())
            bad_callback("The state parameter is missing.");
        st = usable_state(provider, *state, now);
    } else {
        // No state comes back: the install this callback finishes is the newest one started
        // for the store it names (its form is checked here; the code exchange proves it).
        const auto store =
            installer.verify_callback(connectors::AppCredentials{}, query, now / 1000).store;
        st = states_.find_pending(provider, store, now);
        if (!st) {
            bad_callback("No install of this store was started from a connect link in the last " +
                         std::to_string(k_state_ttl_ms / 60'000) + " minutes.");
        }
    }
    auto integration = integrations_.find(st->account_id, st->integration_id);
    if (!integration)
        bad_callback("The data connection no longer exists.");
    const auto app = app_for(st->account_id, provider);
    // Signature, store and freshness first: a forged callback consumes nothing.
    auto callback = installer.verify_callback(app, query, now / 1000);
    callback.redirect_uri = install_callback_url(public_url_, provider);  // as at authorize
    if (callback.store != st->store)
        bad_callback("The store does not match the one the install started for.");
    if (!states_.consume(st->state_hash, now))
        bad_callback("The state was already used.");
    return finish(*connector, *st, std::move(*integration), installer.exchange_code(app, callback));
}

Integration InstallService::finish(const connectors::Connector& connector,
                                   const storage::InstallState& st, Integration integration,
                                   domain::FieldMap credentials) {
    for (auto& [k, v] : credentials)
        integration.credentials.insert_or_assign(k, std::move(v));
    integration.status = IntegrationStatus::connected;
    integration.updated_at = now_ms();
    assign_store(integration, connector.spec().store_field);
    integrations_.update(integration, 0);
    integration_service_.register_webhooks(integration);
    if (auto stored = providers_.find(st.account_id, st.provider); stored && stored->auto_connect) {
        for (auto t : integration.requested_data_types) {
            integration_service_.request_sync(st.account_id, integration.merchant_id,
                                              integration.id, t);
        }
    }
    return *integrations_.find(st.account_id, st.integration_id);
}

connectors::AppCredentials InstallService::no_app(const std::string& account_id,
                                                  const std::string& provider) {
    auto app = providers_.find(account_id, provider);
    if (!app || !app->enabled)
        throw ApiError(Errc::provider_disabled, "The provider is not enabled");
    return {};
}

storage::InstallState InstallService::usable_state(const std::string& provider,
                                                   const std::string& state, std::int64_t now) {
    auto st = states_.find(hash_state(state));
    if (!st || st->provider != provider)
        bad_callback("The state is unknown.");
    if (st->used_at)
        bad_callback("The state was already used.");
    if (st->expires_at <= now)
        bad_callback("The state has expired; start again from the connect link.");
    return *st;
}

Integration InstallService::deliver(const std::string& provider, std::string_view body) {
    auto* connector = connectors_.find(provider);
    if (!connector)
        throw ApiError(Errc::not_found, "Unknown provider " + provider);
    auto& installer = connector->installer_or_throw();
    if (!installer.key_grant())
        bad_callback("This provider's install returns a code, not credentials.");
    const auto state = installer.delivery_state(body);
    if (!state)
        bad_callback("The body names no install state.");
    const auto now = now_ms();
    const auto st = usable_state(provider, *state, now);
    auto integration = integrations_.find(st.account_id, st.integration_id);
    if (!integration)
        bad_callback("The data connection no longer exists.");
    no_app(st.account_id, provider);
    // The store takes the credentials first: refused ones consume nothing.
    auto credentials = installer.accept_delivery(st.store, body);
    if (!states_.consume(st.state_hash, now))
        bad_callback("The state was already used.");
    return finish(*connector, st, std::move(*integration), std::move(credentials));
}

Integration InstallService::key_grant_returned(const std::string& provider,
                                               const connectors::KeyGrantReturn& back) {
    const auto st = states_.find(hash_state(back.state));
    if (!st || st->provider != provider)
        bad_callback("The state is unknown.");
    if (!back.approved) {
        states_.consume(st->state_hash, now_ms());  // keys arriving later find it spent
        bad_callback("The store owner did not approve the connection.");
    }
    auto integration = integrations_.find(st->account_id, st->integration_id);
    if (!integration)
        bad_callback("The data connection no longer exists.");
    if (!st->used_at || integration->status != IntegrationStatus::connected)
        bad_callback("The store has not delivered the keys of this install.");
    return *integration;
}

std::optional<std::string> InstallService::page_after_install(
    const Integration& integration, const connectors::QueryParams& query) {
    auto* connector = connectors_.find(integration.connector_id);
    if (!connector || !connector->installer() || connector->installer()->key_grant())
        return std::nullopt;
    return connector->installer()->page_after_install(
        app_for(integration.account_id, integration.connector_id), query);
}

}  // namespace sb::domain
