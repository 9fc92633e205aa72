#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulators/bigcommerce/emulator.hpp"
#include "emulators/common/webhooks.hpp"

// BigCommerce's webhooks on the kit's delivery. A hook (/v3/hooks) has a scope that may end in a
// wildcard, custom headers and an owner (the client that made it); the kit holds one
// subscription per hook, to the topic "hook:<id>", so that each delivery can carry its hook's
// headers. Deliveries are signed the Standard Webhooks way with the client secret.
namespace sb::emulators::bigcommerce {

struct Hook {
    std::int64_t id = 0;
    std::string client_id, store_hash, scope, destination;
    std::optional<std::vector<std::pair<std::string, std::string>>> headers;  // null: none
    std::int64_t created_at = 0, updated_at = 0;                              // Unix seconds
    std::string subscription_id;                                              // the kit's
};

// The hooks of the store, by id.
class HookTable {
  public:
    Hook add(Hook h);  // gives it the next id
    std::optional<Hook> get(std::int64_t id) const;
    std::vector<Hook> all() const;
    bool put(const Hook& h);
    bool remove(std::int64_t id);
    std::vector<Hook> clear();
    std::vector<Hook> matching(const std::string& scope) const;

  private:
    mutable std::mutex mutex_;
    std::vector<Hook> hooks_;
    std::int64_t next_id_ = 1;
};

// The kit's topic for a hook's subscription.
std::string hook_topic(std::int64_t hook_id);

// Retries on BigCommerce's schedule; a hook whose delivery is abandoned turns inactive.
common::WebhookOptions webhook_options(const EmulatorOptions& o, std::shared_ptr<HookTable> hooks);

// The scopes a hook may name (besides wildcards such as "store/order/*").
const std::vector<std::string>& hook_scopes();
// "store/order/*" matches "store/order/created" and "store/order/message/created".
bool scope_matches(const std::string& pattern, const std::string& scope);
// A known scope or a wildcard over one.
bool valid_hook_scope(const std::string& scope);
// The token scope a hook on `scope` needs ("" when none).
std::string token_scope_for_hook(const std::string& scope);

// "v1,<base64 HMAC-SHA256 of '{id}.{timestamp}.{body}'>" keyed by the raw bytes of `key`.
std::string standard_webhook_signature(std::string_view key, std::string_view id,
                                       std::int64_t timestamp, std::string_view body);
std::string sha1_hex(std::string_view data);

// The claims of an app callback's signed_payload_jwt.
struct CallbackClaims {
    std::string aud, jti, sub, url;
    std::int64_t iat = 0;
    std::int64_t user_id = 0, owner_id = 0;
    std::string user_email, owner_email;
};
// HS256 over the claims in the order aud, iss ("bc"), iat, nbf (= iat), exp (iat + 24 h), jti,
// sub, user, owner, url, channel_id (null).
std::string signed_payload_jwt(const CallbackClaims& c, std::string_view client_secret);

}  // namespace sb::emulators::bigcommerce
