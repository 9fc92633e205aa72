#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

// OAuth state: authorization codes, access tokens (offline or expiring) and refresh tokens.
namespace sb::emulators::shopify {

struct Grant {
    std::vector<std::string> scopes;
    std::int64_t expires_at_ms = 0;  // 0: never (offline token)
};

struct IssuedToken {
    std::string access_token;
    std::string scope;  // comma separated
    std::int64_t expires_in = 0;
    std::string refresh_token;
    std::int64_t refresh_token_expires_in = 0;
};

class Tokens {
  public:
    std::string issue_code(const std::vector<std::string>& scopes);
    std::optional<IssuedToken> exchange(const std::string& code, bool expiring);
    std::optional<IssuedToken> refresh(const std::string& refresh_token);
    void add_offline(const std::string& token, std::vector<std::string> scopes);
    std::optional<Grant> lookup(const std::string& token) const;
    void revoke_all();

  private:
    IssuedToken issue(const std::vector<std::string>& scopes, bool expiring);
    mutable std::mutex mutex_;
    std::map<std::string, std::pair<std::vector<std::string>, std::int64_t>>
        codes_;  // scopes, expiry
    std::map<std::string, Grant> tokens_;
    std::map<std::string, Grant> refresh_;
};

std::vector<std::string> split_scopes(const std::string& s);
std::string join_scopes(const std::vector<std::string>& s);
const std::vector<std::string>& all_scopes();

}  // namespace sb::emulators::shopify
