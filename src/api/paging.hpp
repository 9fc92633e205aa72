#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
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

// What a list accepts for paging. Every list reads its paging through the functions below,
// so `limit`, `cursor` and `order_by` mean the same, and fail the same, everywhere.
struct ListOptions {
    // The fields order_by may name, the first being the default; empty: the list has one
    // order and takes no order_by.
    std::vector<std::string> order_fields = {"created_at", "updated_at"};
    bool descending = true;  // false: ascending only (FIELD or FIELD:asc)
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

// order_by from the query (the order only: field and direction); 400 validation_failed
// (field order_by) naming the accepted values.
domain::PageRequest read_order(const http::Request& req, const ListOptions& options);

// A list that pages another way (the change feed's `after`) issues no cursor: one given is
// 400 invalid_cursor.
void refuse_cursor(const http::Request& req, std::string_view instead);

// limit, cursor and order_by=field:asc|desc from the query; 400 validation_failed or
// invalid_cursor on bad values. A cursor is bound to the list's path and its order.
domain::PageRequest read_page_request(const http::Request& req, const CursorCodec& codec,
                                      const ListOptions& options = {});

// The HAL list body: {"_embedded":{"items":[...]}, "_links":{"self","next"}, "count"}.
boost::json::object list_body(boost::json::array items, const std::optional<domain::Position>& next,
                              const domain::PageRequest& page, const http::Request& req,
                              const std::string& public_url, const CursorCodec& codec);

// A list the hub holds whole (a catalog, an integration's stock levels: bounded and small),
// each row with its key in the list's one order (ascending), paged like every other list.
struct ListRow {
    domain::Position key;
    boost::json::value body;
};
boost::json::object whole_list_page(std::vector<ListRow> rows, const http::Request& req,
                                    const std::string& public_url, const CursorCodec& codec,
                                    const ListOptions& options);

}  // namespace sb::api
