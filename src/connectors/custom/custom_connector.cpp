#include "connectors/custom/custom_connector.hpp"

#include "connectors/common/store_host.hpp"
#include "core/error.hpp"
#include "crypto/crypto.hpp"

// The merchant's own system pushes its records (docs/custom-connector.md): the hub reads
// nothing from it, so the connector has no Reader; its one capability is rotating the secret
// that signs pushed batches. The push routes live in api/v1/records_push.cpp.
namespace sb::connectors {

namespace custom {

std::string new_push_secret() {
    return "whsec_" + crypto::base64_encode(crypto::random_bytes(24));
}

}  // namespace custom

namespace {

ConnectorInfo custom_info() {
    return {.id = custom::k_connector_id,
            .name = "Custom (push)",
            .auth_kind = "push",
            .credential_fields = {{.name = custom::k_push_secret,
                                   .secret = true,
                                   .description = "Shared secret that signs pushed batches; set "
                                                  "by the hub, rotated by rotate_push_secret"}},
            .settings_fields = {{.name = "base_url",
                                 .description = "Where the store's own API lives (https), if any",
                                 .max_length = 2048,
                                 .check = check_public_https_url}}};
}

class CustomActions final : public PlatformActions {
  public:
    std::vector<ActionSpec> platform_actions() const override {
        return {{custom::k_rotate_push_secret,
                 "Rotate push secret",
                 "Replaces the secret that signs pushed batches; the new one is answered once",
                 {}}};
    }

    ActionOutcome run_platform_action(const domain::Integration&, const ActionSpec& action,
                                      const domain::FieldMap&, const ActionContext&) override {
        if (action.id != custom::k_rotate_push_secret) {
            throw ApiError(Errc::connector_not_implemented,
                           "The Custom connector has no action " + action.id);
        }
        const std::string secret = custom::new_push_secret();
        ActionOutcome out;
        out.result = {{custom::k_push_secret, secret}};
        out.credentials = domain::FieldMap{{custom::k_push_secret, secret}};
        return out;
    }
};

class CustomConnector final : public Connector {
  public:
    CustomConnector() : Connector(custom_info()) { provide({.platform_actions = &actions_}); }

  private:
    CustomActions actions_;
};

}  // namespace

std::unique_ptr<Connector> make_custom_connector() {
    return std::make_unique<CustomConnector>();
}

}  // namespace sb::connectors
