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
    // The platform's created_at from `data` (RFC 3339, "" when null): list() only, the key
    // of the created_at order.
    std::string data_created_at;
};

// Where a keyset page of records by (updated_at or data's created_at, integration_id,
// external_id) resumes.
struct RecordPosition {
    std::int64_t updated_at = 0;
    std::string integration_id;
    std::string external_id;
    std::string created_at;  // data's created_at, in the created_at order
};

// What the commerce lists filter on. The data fields compare the normalized record
// (docs/records.md): exact for enumerations and ids, case-insensitive for email.
struct RecordFilter {
    std::optional<std::int64_t> updated_after;   // platform updated_at > (epoch ms)
    std::optional<std::int64_t> updated_before;  // platform updated_at <
    std::optional<std::int64_t> created_after;   // data's created_at > (epoch ms)
    std::optional<std::int64_t> created_before;  // data's created_at < (null never matches)
    std::optional<std::string> status;
    std::optional<std::string> financial_status;
    std::optional<std::string> fulfillment_status;
    std::optional<std::string> customer_id;
    std::optional<std::string> email;
};

enum class RecordOrder { updated_at, created_at };

struct RecordQuery {
    std::string account_id;
    std::string merchant_id;                    // the merchant's integrations only
    std::optional<std::string> integration_id;  // one of them
    domain::DataType type = domain::DataType::order;
    RecordFilter filter;
    // Then integration and platform id, in the same direction.
    RecordOrder order = RecordOrder::updated_at;
    bool descending = false;
    std::optional<RecordPosition> after;
    int limit = 50;
};

// Reads of the records table for the commerce API and the change feed. Every query is scoped
// by account and merchant and walks an index in order (keyset pagination).
class RecordReader {
  public:
    virtual ~RecordReader() = default;
    // Live (not deleted) records in the query's order; up to limit + 1 rows, so the caller
    // knows whether another page follows.
    virtual std::vector<StoredRecord> list(const RecordQuery& q) = 0;
    // The live records of `type` with platform id `external_id` in the merchant's
    // integrations (or in `integration_id` only), by integration; at most `limit`.
    virtual std::vector<StoredRecord> find_by_id(const std::string& account_id,
                                                 const std::string& merchant_id,
                                                 domain::DataType type,
                                                 const std::string& external_id,
                                                 const std::optional<std::string>& integration_id,
                                                 int limit) = 0;
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
    // The account's live customers whose first name, last name or display (full) name starts
    // with `prefix`, case-insensitively and character for character (`%` and `_` are no
    // wildcards), by (integration, id) after `after` (up to limit + 1).
    virtual std::vector<StoredRecord> find_customers_by_name(
        const std::string& account_id, const std::string& prefix,
        const std::optional<RecordPosition>& after, int limit) = 0;
    // A customer's live orders or carts, oldest change first (up to limit + 1).
    virtual std::vector<StoredRecord> of_customer(
        const std::string& account_id, const std::string& integration_id, domain::DataType type,
        const std::string& customer_id, const std::optional<RecordPosition>& after, int limit) = 0;
};

std::unique_ptr<RecordReader> make_sql_record_reader(sql::Database& db);

// The SQL expression for a top-level text field of records.data, lower-cased: the same text
// in the expression indexes (migrations 8 and 15) and in the queries that use them. On
// PostgreSQL it reads the parsed copy, records.doc.
std::string lower_json_field(std::string_view engine, std::string_view key);
// The same, ordered code point by code point (PostgreSQL: COLLATE "C"; SQLite's BINARY
// already is), so a prefix is a range of it: the text of the name indexes of migrations 11 and
// 15 and of find_customers_by_name.
std::string prefix_json_field(std::string_view engine, std::string_view key);
// The same for a field compared exactly (an enumeration, or a time as RFC 3339 text, whose text
// order is time order), "" when null: the text of the indexes of migrations 10 and 15.
std::string text_json_field(std::string_view engine, std::string_view key);

}  // namespace sb::storage
