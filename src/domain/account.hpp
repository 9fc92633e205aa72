#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb::domain {

struct Account {
    std::string id;
    std::string name;
    std::int64_t created_at = 0;
};

struct ApiClient {
    std::string client_id;
    std::string account_id;
    std::string secret_hash;
    std::vector<std::string> scopes;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> revoked_at;
};

struct AccessToken {
    std::string token_hash;
    std::string client_id;
    std::string account_id;
    std::vector<std::string> scopes;
    std::int64_t expires_at = 0;
    std::int64_t created_at = 0;
};

}  // namespace sb::domain
