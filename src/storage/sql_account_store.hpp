#pragma once

#include <memory>

#include "storage/account_store.hpp"
#include "storage/sql.hpp"

namespace sb::storage {

std::unique_ptr<AccountStore> make_sql_account_store(sql::Database& db);

}  // namespace sb::storage
