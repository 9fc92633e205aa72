#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "storage/sql.hpp"

namespace sb::storage {

struct Migration {
    int version;
    std::string_view name;
    std::vector<std::string_view> statements;  // the SQL both engines accept
    // Work SQL cannot say on both engines, run after the statements in the same transaction.
    std::function<void(sql::Session&, std::string_view engine)> code = {};
};

const std::vector<Migration>& migrations();
int latest_schema_version();

// Applies every missing migration, each in its own transaction, and records it. Throws
// std::runtime_error when the database was migrated by a newer binary.
// Returns the number of migrations applied. `up_to` stops at that version (tests build an
// older schema with it).
int migrate(sql::Database& db, int up_to = latest_schema_version());

}  // namespace sb::storage
