#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sb::domain {

// The account's app registration with a platform (seed 003 provider credentials/settings).
struct ProviderApp {
    std::string account_id;
    std::string provider;  // a connector id
    std::optional<std::string> client_id;
    std::optional<std::string> client_secret;  // plaintext only in memory; sealed at rest
    bool auto_connect = false;
    bool enabled = false;
    std::int64_t version = 0;  // 0: never stored
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

}  // namespace sb::domain
