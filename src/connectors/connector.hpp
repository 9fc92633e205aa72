#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/capabilities.hpp"
#include "connectors/connector_types.hpp"

namespace sb::http {
class Metrics;
}

namespace sb::connectors {

// One platform: what it is (ConnectorInfo) and the capabilities it implements. A platform
// whose connector is not built yet has info and no capabilities: it is listed as unavailable
// and every call to it answers connector_not_implemented (501), never a fake success.
class Connector {
  public:
    explicit Connector(ConnectorInfo info) : info_(std::move(info)) {}
    virtual ~Connector() = default;
    Connector(const Connector&) = delete;
    Connector& operator=(const Connector&) = delete;

    const std::string& id() const { return info_.id; }
    // The catalog entry, derived once from the info and the capabilities.
    const ConnectorSpec& spec() const;
    const Capabilities& capabilities() const { return caps_; }
    Reader* reader() const { return caps_.reader; }
    OAuthInstaller* installer() const { return caps_.installer; }
    WebhookReceiver* webhooks() const { return caps_.webhooks; }
    TokenRefresher* token_refresher() const { return caps_.token_refresher; }
    WebhookSubscriber* webhook_subscriber() const { return caps_.webhook_subscriber; }
    StockWriter* stock_writer() const { return caps_.stock_writer; }
    ShopUpdater* shop_updater() const { return caps_.shop_updater; }

    // Runs a catalog action through the capability that provides it. Throws ApiError
    // (connector_not_implemented for an action the connector does not list).
    ActionOutcome run_action(const domain::Integration& integration, const ActionSpec& action,
                             const domain::FieldMap& input, const ActionContext& context);

    // The reader, or connector_not_implemented (501) naming the platform.
    Reader& reader_or_throw() const;
    OAuthInstaller& installer_or_throw() const;

  protected:
    // Called once by the platform's constructor with what it implements.
    void provide(Capabilities caps) { caps_ = caps; }

  private:
    ConnectorInfo info_;
    Capabilities caps_;
    mutable std::once_flag spec_once_;
    mutable ConnectorSpec spec_;
};

// Pieces every OAuth connector shares.
// The text of a string credential; "" when absent.
std::string credential_text(const domain::Integration& integration, std::string_view name);
// True when the integration's access_token_expires_at (epoch ms) is before `deadline_ms` and
// it has a refresh_token to renew it with.
bool oauth_token_expiring(const domain::Integration& integration, std::int64_t deadline_ms);
// `own` followed by the credentials an authorization code grant leaves: refresh_token,
// access_token_expires_at, scope.
std::vector<domain::FieldSpec> oauth_token_fields(std::vector<domain::FieldSpec> own = {});
// `own` followed by the settings of a connector that syncs: sync_interval_minutes,
// webhooks_enabled.
std::vector<domain::FieldSpec> sync_settings_fields(std::vector<domain::FieldSpec> own = {});

class Registry {
  public:
    void add(std::unique_ptr<Connector> connector);
    Connector* find(std::string_view id) const;
    std::vector<const Connector*> all() const;

  private:
    std::vector<std::unique_ptr<Connector>> connectors_;
};

struct RegistryOptions {
    // connector id -> base URL that replaces the store's own address (local emulators).
    std::map<std::string, std::string> base_url_overrides;
    // The server's /metrics, for the connectors' own counters; null: none. Outlives the
    // registry.
    http::Metrics* metrics = nullptr;
    // Calls to stores may reach loopback, private, link-local and metadata addresses. A
    // connector with a base URL override may always reach it (the operator chose it).
    bool allow_private_targets = false;
};

// Every connector the hub ships, registered once (registry.cpp: one line a platform).
std::unique_ptr<Registry> make_registry(const RegistryOptions& options = {});

}  // namespace sb::connectors
