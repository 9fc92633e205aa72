#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sb::domain {

// A business the account serves: an "organization" in seed 002, a "user" in seed 003.
struct Merchant {
    std::string id;
    std::string account_id;
    std::string name;
    std::optional<std::string> external_id;  // the account's own reference for it
    std::optional<std::string> email;
    bool is_account_default = false;  // the account's own merchant (seed 000 credentials)
    std::int64_t version = 1;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

}  // namespace sb::domain
