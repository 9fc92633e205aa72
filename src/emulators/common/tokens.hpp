#pragma once

#include <atomic>
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

// The app installed on the emulated store: the tokens it was granted, the emulator's own offline
// token with every scope (for curl and tests; it survives an uninstall) and whether the app is
// installed.
class AppInstall {
  public:
    AppInstall(TokenOptions options, std::string admin_token, std::vector<std::string> all_scopes);
    Tokens& tokens() { return tokens_; }
    const Tokens& tokens() const { return tokens_; }
    const std::string& admin_token() const { return admin_token_; }
    bool installed() const { return installed_; }
    void mark_installed() { installed_ = true; }  // an authorization went through
    // Revokes every token but the admin token.
    void uninstall();

  private:
    Tokens tokens_;
    std::string admin_token_;
    std::vector<std::string> all_scopes_;
    std::atomic<bool> installed_{true};
};

// Splits on commas and spaces, dropping empty parts.
std::vector<std::string> split_scopes(const std::string& s);
std::string join_scopes(const std::vector<std::string>& s, char separator = ',');
// write_x grants read_x too.
bool has_scope(const std::vector<std::string>& granted, const std::string& scope);
// A random RFC 4122 version-4-shaped id ("3f2a…-…"), for records made at run time.
std::string random_uuid();

}  // namespace sb::emulators::common
