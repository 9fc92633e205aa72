#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/data_types.hpp"
#include "storage/sql.hpp"

namespace sb::storage {

// A stored normalized record, as the read API serves it.
struct StoredRecord {
    std::string integration_id;
    domain::DataType type = domain::DataType::order;
    std::string external_id;
    std::optional<std::string> parent_external_id;
    std::int64_t updated_at = 0;  // the platform's
    bool deleted = false;
    std::string data;  // normalized JSON (docs/records.md)
    std::int64_t seq = 0;
    std::int64_t created_at = 0;  // first stored
    std::int64_t written_at = 0;  // last changed
};

// Where a keyset page of records by (updated_at, integration_id, external_id) resumes.
struct RecordPosition {
    std::int64_t updated_at = 0;
    std::string integration_id;
    std::string external_id;
};

struct RecordQuery {
    std::string account_id;
    std::string merchant_id;                    // the merchant's integrations only
    std::optional<std::string> integration_id;  // one of them
    domain::DataType type = domain::DataType::order;
    std::optional<std::int64_t> updated_after;   // platform updated_at > (epoch ms)
    std::optional<std::int64_t> updated_before;  // platform updated_at < (epoch ms)
    std::optional<RecordPosition> after;
    int limit = 50;
};

// Reads of the records table for the commerce API and the change feed. Every query is scoped
// by account and merchant and walks an index in order (keyset pagination).
class RecordReader {
  public:
    virtual ~RecordReader() = default;
    // Live (not deleted) records, oldest platform change first; up to limit + 1 rows, so the
    // caller knows whether another page follows.
    virtual std::vector<StoredRecord> list(const RecordQuery& q) = 0;
    // Every write to the merchant's records after change sequence `after_seq`, in commit
    // order (up to limit + 1 rows). Tombstones included.
    virtual std::vector<StoredRecord> changes(const std::string& account_id,
                                              const std::string& merchant_id,
                                              std::int64_t after_seq, int limit) = 0;

    // One live record of the account, or nullopt.
    virtual std::optional<StoredRecord> get(const std::string& account_id,
                                            const std::string& integration_id,
                                            domain::DataType type,
                                            const std::string& external_id) = 0;
    // The account's live customers whose `field` (email, phone or display_name) equals
    // `value` case-insensitively, by (integration, id) after `after` (up to limit + 1).
    virtual std::vector<StoredRecord> find_customers(const std::string& account_id,
                                                     std::string_view field,
                                                     const std::string& value,
                                                     const std::optional<RecordPosition>& after,
                                                     int limit) = 0;
    // A customer's live orders or carts, oldest change first (up to limit + 1).
    virtual std::vector<StoredRecord> of_customer(
        const std::string& account_id, const std::string& integration_id, domain::DataType type,
        const std::string& customer_id, const std::optional<RecordPosition>& after, int limit) = 0;
};

std::unique_ptr<RecordReader> make_sql_record_reader(sql::Database& db);

// The SQL expression for a top-level text field of records.data, lower-cased: the same text
// in the expression indexes (migrations: `@lower_json(key)@`) and in the queries that use them.
std::string lower_json_field(std::string_view engine, std::string_view key);

}  // namespace sb::storage
