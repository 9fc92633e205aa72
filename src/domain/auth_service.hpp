#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/account.hpp"
#include "storage/account_store.hpp"

namespace sb::domain {

struct NewClient {
    std::string client_id;
    std::string client_secret;  // shown once, stored only as a salted slow hash
    std::vector<std::string> scopes;
    std::string account_id;
};

struct IssuedToken {
    std::string access_token;
    std::int64_t expires_in = 0;  // seconds
    std::vector<std::string> scopes;
};

struct Authenticated {
    std::string account_id;
    std::string client_id;
    std::vector<std::string> scopes;
};

struct AuthOptions {
    std::int64_t token_ttl_seconds = 3600;
    int secret_hash_iterations = 210'000;
    // How long a verified token is trusted without asking the database again (0: always
    // ask). A client revoked in the database loses its tokens within this time.
    std::int64_t token_cache_seconds = 5;
};

// Accounts, API clients and OAuth2 client-credentials tokens. Expected failures are ApiError
// with a registry code (invalid_client, invalid_scope, invalid_token, conflict, ...).
class AuthService {
  public:
    AuthService(storage::AccountStore& store, AuthOptions options = {});

    Account create_account(const std::string& name);
    std::optional<Account> find_account(const std::string& id);
    // `account` is an account name or id.
    NewClient create_client(const std::string& account, const std::vector<std::string>& scopes);
    bool has_accounts();

    // `requested` empty means every scope the client has.
    IssuedToken issue_token(const std::string& client_id, const std::string& client_secret,
                            const std::vector<std::string>& requested);
    // Throws ApiError(invalid_token) for unknown, expired or revoked tokens.
    Authenticated authenticate(const std::string& bearer_token);

  private:
    struct Verified {
        Authenticated who;
        std::int64_t expires_at = 0;     // the token's own expiry (ms)
        std::int64_t trusted_until = 0;  // when the database is asked again (ms)
    };

    storage::AccountStore& store_;
    AuthOptions options_;
    std::mutex cache_mutex_;
    // Keyed by the token's hash, as the database keeps it: the token itself is never held.
    std::unordered_map<std::string, Verified> verified_;
};

// Counts failures per key in a sliding window; used against credential brute force.
class FailureLimiter {
  public:
    FailureLimiter(int max_failures, std::chrono::seconds window);
    // Seconds until the key may try again, or 0 when it may try now.
    std::int64_t retry_after(const std::string& key);
    void record_failure(const std::string& key);
    void reset(const std::string& key);

  private:
    struct Entry {
        std::vector<std::chrono::steady_clock::time_point> failures;
    };
    void prune(Entry& e, std::chrono::steady_clock::time_point now) const;

    int max_failures_;
    std::chrono::seconds window_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace sb::domain
