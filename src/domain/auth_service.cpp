#include "domain/auth_service.hpp"

#include <algorithm>
#include <iterator>

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

FailureLimiter::FailureLimiter(int max_attempts, std::chrono::seconds base_lockout)
    : FailureLimiter(AttemptLimits{max_attempts, base_lockout, base_lockout}) {}

FailureLimiter::FailureLimiter(AttemptLimits limits, Clock clock)
    : limits_(limits), clock_(std::move(clock)) {}

// A fixed-size key whatever the client sends as its id.
std::string FailureLimiter::key_of(std::string_view client_id, std::string_view address) {
    std::string material(address);
    material.push_back('\0');
    material.append(client_id);
    return crypto::sha256(material);
}

std::chrono::seconds FailureLimiter::lockout_for(int lockouts) const {
    auto wait = limits_.base_lockout;
    for (int i = 0; i < lockouts && wait < limits_.max_lockout; ++i)
        wait *= 2;
    return std::min(wait, limits_.max_lockout);
}

std::int64_t FailureLimiter::begin_attempt(std::string_view client_id, std::string_view address) {
    std::string key = key_of(client_id, address);
    const auto now = clock_();
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) {
        while (!by_age_.empty() && entries_.size() >= std::max<std::size_t>(limits_.max_keys, 1)) {
            entries_.erase(by_age_.front());
            by_age_.pop_front();
        }
        by_age_.push_back(key);
        it = entries_.emplace(std::move(key), Entry{}).first;
        it->second.series_start = now;
        it->second.age = std::prev(by_age_.end());
    } else {
        by_age_.splice(by_age_.end(), by_age_, it->second.age);
    }
    Entry& e = it->second;
    if (now < e.locked_until) {
        const auto wait = std::chrono::ceil<std::chrono::seconds>(e.locked_until - now).count();
        return std::max<std::int64_t>(1, wait);
    }
    // A pair quiet for a whole ceiling after its last lockout starts its back-off over.
    if (e.lockouts > 0 && now - e.locked_until >= limits_.max_lockout)
        e.lockouts = 0;
    // A new series after a lockout has run out, or when the last one is too old to count.
    if (e.attempts >= limits_.max_attempts || now - e.series_start >= limits_.window) {
        e.attempts = 0;
        e.series_start = now;
    }
    if (++e.attempts >= limits_.max_attempts) {
        e.locked_until = now + lockout_for(e.lockouts);
        ++e.lockouts;
    }
    return 0;
}

void FailureLimiter::succeeded(std::string_view client_id, std::string_view address) {
    const std::string key = key_of(client_id, address);
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) {
        by_age_.erase(it->second.age);
        entries_.erase(it);
    }
}

std::size_t FailureLimiter::tracked_keys() {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace sb::domain
