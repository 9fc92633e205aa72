#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "domain/record.hpp"
#include "storage/sql.hpp"

namespace sb::storage {

// Upserts records by (integration, type, external id) inside the caller's transaction:
// a record whose platform updated_at is older than the stored one never overwrites it, an
// identical one changes nothing, and every record that is written gets the account's next
// change sequence number. Deletions are stored as tombstones. Returns how many were written.
std::int64_t upsert_records(sql::Session& s, std::string_view account_id,
                            std::string_view integration_id,
                            const std::vector<domain::Record>& records);

}  // namespace sb::storage
