#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/record.hpp"
#include "storage/sql.hpp"

namespace sb::storage {

// A signed push's Standard Webhooks id: recorded with the batch, so a replay is refused.
struct PushDelivery {
    std::string id;           // the row's own id
    std::string delivery_id;  // webhook-id, unique per integration
    std::int64_t received_at = 0;
};

struct PushWrite {
    bool duplicate = false;  // the integration already received this delivery: nothing written
    std::int64_t written = 0;
    std::int64_t last_change_seq = 0;  // the account's change sequence after the batch
};

// Writes a pushed batch in one transaction through upsert_records (ordering rule, tombstones,
// change sequence, webhook-out events). With a delivery, its id goes to the webhook inbox in
// the same transaction as an applied delivery: a batch is stored at most once per id.
class RecordPushStore {
  public:
    virtual ~RecordPushStore() = default;
    virtual PushWrite write(const std::string& account_id, const std::string& integration_id,
                            const std::vector<domain::Record>& records,
                            const std::optional<PushDelivery>& delivery) = 0;
};

std::unique_ptr<RecordPushStore> make_sql_record_push_store(sql::Database& db);

}  // namespace sb::storage
