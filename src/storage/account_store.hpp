#pragma once

#include <optional>
#include <string_view>

#include "domain/account.hpp"

namespace sb::storage {

// Accounts, API clients and access tokens. Domain types in, domain types out.
class AccountStore {
  public:
    virtual ~AccountStore() = default;
    // False when the name is taken.
    virtual bool insert_account(const domain::Account& account) = 0;
    virtual std::optional<domain::Account> find_account(std::string_view id) = 0;
    virtual std::optional<domain::Account> find_account_by_name(std::string_view name) = 0;
    virtual std::int64_t count_accounts() = 0;

    virtual void insert_client(const domain::ApiClient& client) = 0;
    virtual std::optional<domain::ApiClient> find_client(std::string_view client_id) = 0;

    // Stores the token and removes expired ones.
    virtual void insert_token(const domain::AccessToken& token) = 0;
    virtual std::optional<domain::AccessToken> find_token(std::string_view token_hash) = 0;
};

}  // namespace sb::storage
