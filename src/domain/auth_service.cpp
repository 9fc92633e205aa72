#include "domain/auth_service.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "domain/scopes.hpp"

namespace sb::domain {

namespace {

constexpr std::string_view k_token_prefix = "sbat_";

std::string token_hash(const std::string& token) {
    return crypto::hex_encode(crypto::sha256(token));
}

// A fixed hash to verify against when the client does not exist, so that an unknown
// client_id costs the same time as a wrong secret.
const std::string& decoy_hash(int iterations) {
    static const std::string h = crypto::hash_secret("decoy-secret", iterations);
    return h;
}

}  // namespace

AuthService::AuthService(storage::AccountStore& store, AuthOptions options)
    : store_(store), options_(options) {}

Account AuthService::create_account(const std::string& name) {
    if (name.empty() || name.size() > 200) {
        throw ApiError(Errc::validation_failed, "Invalid account name", "",
                       {{"name", "must be 1 to 200 characters"}});
    }
    Account a{new_id("acct"), name, now_ms()};
    if (!store_.insert_account(a)) {
        throw ApiError(Errc::conflict, "An account with this name already exists");
    }
    return a;
}

std::optional<Account> AuthService::find_account(const std::string& id) {
    return store_.find_account(id);
}

bool AuthService::has_accounts() {
    return store_.count_accounts() > 0;
}

NewClient AuthService::create_client(const std::string& account,
                                     const std::vector<std::string>& scopes) {
    auto acct = store_.find_account_by_name(account);
    if (!acct)
        acct = store_.find_account(account);
    if (!acct)
        throw ApiError(Errc::not_found, "No such account: " + account);
    if (scopes.empty()) {
        throw ApiError(Errc::validation_failed, "A client needs at least one scope", "",
                       {{"scopes", "must not be empty"}});
    }
    for (const auto& s : scopes) {
        if (!is_known_scope(s)) {
            throw ApiError(Errc::invalid_scope, "Unknown scope: " + s, "",
                           {{"scopes", "unknown scope " + s}});
        }
    }
    NewClient out{new_id("sbc"), "sbs_" + crypto::random_token(32), scopes, acct->id};
    store_.insert_client(
        ApiClient{out.client_id, acct->id,
                  crypto::hash_secret(out.client_secret, options_.secret_hash_iterations), scopes,
                  now_ms(), std::nullopt});
    return out;
}

IssuedToken AuthService::issue_token(const std::string& client_id, const std::string& client_secret,
                                     const std::vector<std::string>& requested) {
    auto client = client_id.empty() ? std::nullopt : store_.find_client(client_id);
    const bool secret_ok = crypto::verify_secret(
        client_secret, client ? client->secret_hash : decoy_hash(options_.secret_hash_iterations));
    if (!client || !secret_ok || client->revoked_at) {
        ApiError e(Errc::invalid_client, "Client authentication failed");
        e.headers.emplace_back("WWW-Authenticate", "Basic realm=\"storebridge\"");
        throw e;
    }
    std::vector<std::string> granted = requested.empty() ? client->scopes : requested;
    for (const auto& s : granted) {
        if (!has_scope(client->scopes, s)) {
            throw ApiError(Errc::invalid_scope, "Scope not allowed for this client: " + s, "",
                           {{"scope", "not granted to the client: " + s}});
        }
    }
    const std::string token = std::string(k_token_prefix) + crypto::random_token(32);
    const auto now = now_ms();
    store_.insert_token(AccessToken{token_hash(token), client->client_id, client->account_id,
                                    granted, now + options_.token_ttl_seconds * 1000, now});
    return {token, options_.token_ttl_seconds, granted};
}

Authenticated AuthService::authenticate(const std::string& bearer_token) {
    auto invalid = [](std::string msg) {
        ApiError e(Errc::invalid_token, std::move(msg));
        e.headers.emplace_back("WWW-Authenticate",
                               "Bearer realm=\"storebridge\", error=\"invalid_token\"");
        return e;
    };
    if (!bearer_token.starts_with(k_token_prefix))
        throw invalid("The access token is invalid");
    const std::string hash = token_hash(bearer_token);
    const auto now = now_ms();
    if (options_.token_cache_seconds > 0) {
        std::lock_guard lock(cache_mutex_);
        auto it = verified_.find(hash);
        if (it != verified_.end() && now < it->second.trusted_until) {
            if (it->second.expires_at <= now)
                throw invalid("The access token has expired");
            return it->second.who;
        }
    }
    auto t = store_.find_token(hash);
    if (!t)
        throw invalid("The access token is invalid");
    if (t->expires_at <= now)
        throw invalid("The access token has expired");
    Authenticated who{t->account_id, t->client_id, t->scopes};
    if (options_.token_cache_seconds > 0) {
        std::lock_guard lock(cache_mutex_);
        if (verified_.size() >= 10'000)
            std::erase_if(verified_,
                          [now](const auto& e) { return e.second.trusted_until <= now; });
        if (verified_.size() < 10'000)
            verified_[hash] = {who, t->expires_at, now + options_.token_cache_seconds * 1000};
    }
    return who;
}

FailureLimiter::FailureLimiter(int max_failures, std::chrono::seconds window)
    : max_failures_(max_failures), window_(window) {}

void FailureLimiter::prune(Entry& e, std::chrono::steady_clock::time_point now) const {
    std::erase_if(e.failures, [&](auto t) { return now - t >= window_; });
}

std::int64_t FailureLimiter::retry_after(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end())
        return 0;
    const auto now = std::chrono::steady_clock::now();
    prune(it->second, now);
    if (static_cast<int>(it->second.failures.size()) < max_failures_) {
        if (it->second.failures.empty())
            entries_.erase(it);
        return 0;
    }
    const auto oldest = it->second.failures.front();
    const auto wait =
        std::chrono::duration_cast<std::chrono::seconds>(oldest + window_ - now).count();
    return std::max<std::int64_t>(1, wait + 1);
}

void FailureLimiter::record_failure(const std::string& key) {
    std::lock_guard lock(mutex_);
    if (entries_.size() > 100'000)
        entries_.clear();  // bound memory under a spray of keys
    auto& e = entries_[key];
    const auto now = std::chrono::steady_clock::now();
    prune(e, now);
    e.failures.push_back(now);
}

void FailureLimiter::reset(const std::string& key) {
    std::lock_guard lock(mutex_);
    entries_.erase(key);
}

}  // namespace sb::domain
