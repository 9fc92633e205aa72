#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

// OAuth state of an emulated platform: authorization codes, access tokens (offline or
// expiring) and rotating refresh tokens.
namespace sb::emulators::common {

struct TokenOptions {
    std::string access_prefix = "shpat_";
    std::string refresh_prefix = "shprt_";
    std::int64_t access_ttl_s = 3600;
    std::int64_t refresh_ttl_s = 7'776'000;  // 90 days
    char scope_separator = ',';
};

struct Grant {
    std::vector<std::string> scopes;
    std::int64_t expires_at_ms = 0;  // 0: never (offline token)
};

struct IssuedToken {
    std::string access_token;
    std::string scope;  // joined with TokenOptions::scope_separator
    std::int64_t expires_in = 0;
    std::int64_t created_at_ms = 0;
    std::string refresh_token;
    std::int64_t refresh_token_expires_in = 0;
};

class Tokens {
  public:
    explicit Tokens(TokenOptions options = {});
    std::string issue_code(const std::vector<std::string>& scopes);
    std::optional<IssuedToken> exchange(const std::string& code, bool expiring);
    std::optional<IssuedToken> refresh(const std::string& refresh_token);
    void add_offline(const std::string& token, std::vector<std::string> scopes);
    std::optional<Grant> lookup(const std::string& token) const;
    void revoke_all();

  private:
    IssuedToken issue(const std::vector<std::string>& scopes, bool expiring);
    TokenOptions options_;
    mutable std::mutex mutex_;
    std::map<std::string, std::pair<std::vector<std::string>, std::int64_t>>
        codes_;  // scopes, expiry
    std::map<std::string, Grant> tokens_;
    std::map<std::string, Grant> refresh_;
};

// Splits on commas and spaces, dropping empty parts.
std::vector<std::string> split_scopes(const std::string& s);
std::string join_scopes(const std::vector<std::string>& s, char separator = ',');

}  // namespace sb::emulators::common
