#include "domain/provider_service.hpp"

#include "core/error.hpp"
#include "domain/integration_service.hpp"
#include "domain/merchant_service.hpp"

namespace sb::domain {

ProviderApp ProviderService::save(const ProviderApp& app, std::int64_t expected_version) {
    auto saved = store_.save(app, expected_version);
    if (!saved)
        throw_version_mismatch(expected_version);
    return *saved;
}

ProviderApp ProviderService::get(const std::string& account_id, const std::string& provider) {
    if (!connectors_.find(provider))
        throw ApiError(Errc::not_found, "Unknown provider: " + provider);
    if (auto app = store_.find(account_id, provider))
        return *app;
    ProviderApp fresh;
    fresh.account_id = account_id;
    fresh.provider = provider;
    return fresh;
}

ProviderApp ProviderService::set_credentials(const std::string& account_id,
                                             const std::string& provider,
                                             const std::string& client_id,
                                             const std::optional<std::string>& client_secret,
                                             std::int64_t expected_version) {
    ProviderApp app = get(account_id, provider);
    app.client_id = client_id;
    // The masked value read back means "keep the stored secret".
    if (client_secret && *client_secret != k_masked)
        app.client_secret = client_secret;
    if (!app.client_secret) {
        throw ApiError(Errc::validation_failed, "client_secret is required", "",
                       {{"credentials.client_secret", "required"}});
    }
    return save(app, expected_version);
}

ProviderApp ProviderService::set_auto_connect(const std::string& account_id,
                                              const std::string& provider, bool auto_connect,
                                              std::int64_t expected_version) {
    ProviderApp app = get(account_id, provider);
    app.auto_connect = auto_connect;
    return save(app, expected_version);
}

ProviderApp ProviderService::set_enabled(const std::string& account_id, const std::string& provider,
                                         bool enabled, std::int64_t expected_version) {
    ProviderApp app = get(account_id, provider);
    const auto& spec = connectors_.find(provider)->spec();
    if (enabled && spec.auth_kind == "oauth2" && (!app.client_id || !app.client_secret)) {
        throw ApiError(Errc::provider_not_configured,
                       "Set the provider's credentials before enabling it",
                       "PUT /api/v6/providers/" + provider + "/credentials first.");
    }
    app.enabled = enabled;
    return save(app, expected_version);
}

}  // namespace sb::domain
