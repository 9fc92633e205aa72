#pragma once

#include <boost/json/fwd.hpp>
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/record.hpp"

// The custom connector's one payload: a batch of records in the hub's own record JSON
// (docs/records.md), pushed by the merchant's system (docs/custom-connector.md).
namespace sb::connectors::custom {

inline constexpr std::size_t k_max_batch = 1000;
inline constexpr std::size_t k_max_id = 255;

// Reads `{"records": [...]}` strictly: every record's `data` is checked against its typed
// record (unknown members, wrong JSON types, money that is not a decimal string, timestamps
// that are not RFC 3339, ids over 255 bytes). Returns the records as the codec writes them
// (the same `data` a synced record has). Throws ApiError: invalid_json, or validation_failed
// naming every bad path (`records[3].data.total.amount`); nothing is returned partially.
std::vector<domain::Record> parse_push_batch(std::string_view body);

// The same check of a `records` array that is not a request body (a page the hub pulled from
// the merchant's server): an empty array is allowed. Every problem goes to `errors`
// (`records[3].data.total.amount`, at most 100); when there is any, nothing is returned.
std::vector<domain::Record> parse_record_list(const boost::json::value* list,
                                              std::vector<FieldError>& errors);

}  // namespace sb::connectors::custom
