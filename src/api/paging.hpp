#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/paging.hpp"
#include "http/message.hpp"
#include "storage/record_reader.hpp"

namespace sb::api {

// Opaque, tamper-evident cursors: base64url(JSON position) + "." + HMAC tag. A cursor is
// bound to the order it was made for.
class CursorCodec {
  public:
    explicit CursorCodec(std::string key) : key_(std::move(key)) {}
    std::string encode(const std::string& order, const domain::Position& pos) const;
    std::optional<domain::Position> decode(const std::string& cursor,
                                           const std::string& order) const;

  private:
    std::string key_;
};

struct ListOptions {
    std::vector<std::string> order_fields = {"created_at", "updated_at"};
    int default_limit = 50;
    int max_limit = 200;
};

// `limit` from the query: `default_limit` when absent, 400 validation_failed (field limit)
// unless an integer from 1 to `max_limit`.
int read_limit(const http::Request& req, int default_limit, int max_limit);

// A keyset position in records (change time, integration, platform id) in a signed cursor
// bound to `scope` (the list and its filters or order).
std::optional<storage::RecordPosition> read_record_cursor(const http::Request& req,
                                                          const CursorCodec& codec,
                                                          const std::string& scope);
std::string record_cursor(const CursorCodec& codec, const std::string& scope,
                          const storage::RecordPosition& position);

// limit, cursor and order_by=field:asc|desc from the query; 400 validation_failed or
// invalid_cursor on bad values.
domain::PageRequest read_page_request(const http::Request& req, const CursorCodec& codec,
                                      const ListOptions& options = {});

// The HAL list body: {"_embedded":{"items":[...]}, "_links":{"self","next"}, "count"}.
boost::json::object list_body(boost::json::array items, const std::optional<domain::Position>& next,
                              const domain::PageRequest& page, const http::Request& req,
                              const std::string& public_url, const CursorCodec& codec);

}  // namespace sb::api
