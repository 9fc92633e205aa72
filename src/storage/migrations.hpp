#pragma once

#include <string_view>
#include <vector>

#include "storage/sql.hpp"

namespace sb::storage {

struct Migration {
    int version;
    std::string_view name;
    std::vector<std::string_view> statements;  // the SQL both engines accept
};

const std::vector<Migration>& migrations();
int latest_schema_version();

// Applies every missing migration, each in its own transaction, and records it. Throws
// std::runtime_error when the database was migrated by a newer binary.
// Returns the number of migrations applied.
int migrate(sql::Database& db);

}  // namespace sb::storage
