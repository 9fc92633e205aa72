#include "emulators/common/tokens.hpp"

#include "core/time.hpp"
#include "crypto/crypto.hpp"

namespace sb::emulators::common {

std::vector<std::string> split_scopes(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == ',' || c == ' ') {
            if (!cur.empty())
                out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty())
        out.push_back(cur);
    return out;
}

std::string join_scopes(const std::vector<std::string>& s, char separator) {
    std::string out;
    for (const auto& x : s) {
        if (!out.empty())
            out += separator;
        out += x;
    }
    return out;
}

bool has_scope(const std::vector<std::string>& granted, const std::string& scope) {
    for (const auto& g : granted) {
        if (g == scope)
            return true;
        if (scope.rfind("read_", 0) == 0 && g == "write_" + scope.substr(5))
            return true;
    }
    return false;
}

std::string random_uuid() {
    const std::string h = crypto::hex_encode(crypto::random_bytes(16));
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
           "-" + h.substr(20);
}

Tokens::Tokens(TokenOptions options) : options_(std::move(options)) {}

std::string Tokens::issue_code(const std::vector<std::string>& scopes) {
    std::lock_guard lock(mutex_);
    std::string code = crypto::hex_encode(crypto::random_bytes(16));
    codes_[code] = {scopes, now_ms() + 10 * 60'000};
    return code;
}

IssuedToken Tokens::issue(const std::vector<std::string>& scopes, bool expiring) {
    IssuedToken t;
    t.access_token = options_.access_prefix + crypto::hex_encode(crypto::random_bytes(16));
    t.scope = join_scopes(scopes, options_.scope_separator);
    t.created_at_ms = now_ms();
    Grant g{scopes, 0};
    if (expiring) {
        t.expires_in = options_.access_ttl_s;
        g.expires_at_ms = t.created_at_ms + t.expires_in * 1000;
        t.refresh_token = options_.refresh_prefix + crypto::hex_encode(crypto::random_bytes(16));
        t.refresh_token_expires_in = options_.refresh_ttl_s;
        refresh_[t.refresh_token] = Grant{scopes, now_ms() + t.refresh_token_expires_in * 1000};
    }
    tokens_[t.access_token] = g;
    return t;
}

std::optional<IssuedToken> Tokens::exchange(const std::string& code, bool expiring) {
    std::lock_guard lock(mutex_);
    auto it = codes_.find(code);
    if (it == codes_.end() || it->second.second < now_ms())
        return std::nullopt;
    auto scopes = it->second.first;
    codes_.erase(it);  // single use
    return issue(scopes, expiring);
}

std::optional<IssuedToken> Tokens::refresh(const std::string& rt) {
    std::lock_guard lock(mutex_);
    auto it = refresh_.find(rt);
    if (it == refresh_.end() || it->second.expires_at_ms < now_ms())
        return std::nullopt;
    auto scopes = it->second.scopes;
    refresh_.erase(it);  // rotating: the old refresh token is spent
    return issue(scopes, true);
}

void Tokens::add_offline(const std::string& token, std::vector<std::string> scopes) {
    std::lock_guard lock(mutex_);
    tokens_[token] = Grant{std::move(scopes), 0};
}

std::optional<Grant> Tokens::lookup(const std::string& token) const {
    std::lock_guard lock(mutex_);
    auto it = tokens_.find(token);
    if (it == tokens_.end())
        return std::nullopt;
    if (it->second.expires_at_ms != 0 && it->second.expires_at_ms < now_ms())
        return std::nullopt;
    return it->second;
}

void Tokens::revoke_all() {
    std::lock_guard lock(mutex_);
    tokens_.clear();
    refresh_.clear();
}

AppInstall::AppInstall(TokenOptions options, std::string admin_token,
                       std::vector<std::string> all_scopes)
    : tokens_(std::move(options)),
      admin_token_(std::move(admin_token)),
      all_scopes_(std::move(all_scopes)) {
    tokens_.add_offline(admin_token_, all_scopes_);
}

void AppInstall::uninstall() {
    installed_ = false;
    tokens_.revoke_all();
    tokens_.add_offline(admin_token_, all_scopes_);
}

}  // namespace sb::emulators::common
