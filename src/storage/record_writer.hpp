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
// change sequence number. Deletions are stored as tombstones. Each record written is also a
// record.created / record.updated / record.deleted event for the account's webhook endpoints
// (storage/event_outbox.hpp), in the same transaction. Returns how many were written.
std::int64_t upsert_records(sql::Session& s, std::string_view account_id,
                            std::string_view integration_id,
                            const std::vector<domain::Record>& records);

// Reserves `n` change sequence numbers for the account and returns the first. The row lock
// held until commit makes sequence order the commit order, so a change-feed reader that saw
// seq N has seen everything before it.
std::int64_t reserve_sequence(sql::Session& s, std::string_view account_id, std::int64_t n);

}  // namespace sb::storage
