#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
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

// Guesses of a client's secret, per (client id, remote address). A guess is counted before
// its secret is checked, so concurrent guesses never check more than `max_attempts`. The
// guess that reaches the limit locks the pair out for `base_lockout`, doubled for each
// further lockout up to `max_lockout`; a right secret clears the pair. Other addresses, and
// other clients from the same address, are not affected.
struct AttemptLimits {
    int max_attempts = 10;
    // Guesses older than this (counted from the first of a series) are forgotten.
    std::chrono::seconds window{60};
    std::chrono::seconds base_lockout{60};
    std::chrono::seconds max_lockout{3600};
    // The pairs tracked at once; beyond it the least recently seen pair is forgotten.
    std::size_t max_keys = 100'000;
};

class FailureLimiter {
  public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    FailureLimiter(int max_attempts, std::chrono::seconds base_lockout);
    explicit FailureLimiter(AttemptLimits limits, Clock clock = &std::chrono::steady_clock::now);

    // Counts one guess. Returns 0 when it may be checked, else the seconds until the pair may
    // guess again (and the guess is not counted).
    std::int64_t begin_attempt(std::string_view client_id, std::string_view address);
    // The secret was right: the pair's count and back-off start over.
    void succeeded(std::string_view client_id, std::string_view address);
    std::size_t tracked_keys();

  private:
    using TimePoint = std::chrono::steady_clock::time_point;
    struct Entry {
        int attempts = 0;
        TimePoint series_start;
        int lockouts = 0;  // so far, for the back-off
        TimePoint locked_until;
        std::list<std::string>::iterator age;  // place in `by_age_`
    };
    static std::string key_of(std::string_view client_id, std::string_view address);
    std::chrono::seconds lockout_for(int lockouts) const;

    AttemptLimits limits_;
    Clock clock_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
    std::list<std::string> by_age_;  // least recently seen first
};

}  // namespace sb::domain
