#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// Keyset pagination over a collection addressed by index, shared by GraphQL connections,
// REST page_info links and bulk runs. The natural order is the id order.
namespace sb::emulators::shopify {

struct Collection {
    std::int64_t count = 0;
    std::function<std::int64_t(std::int64_t index)> id_of;
    std::function<std::optional<std::int64_t>(std::int64_t id)> index_of;
    std::function<bool(std::int64_t index)> matches;  // empty: everything matches
    // Set when the sort is not the id order: (sort value, index) ascending.
    std::shared_ptr<const std::vector<std::pair<std::int64_t, std::int64_t>>> sorted;
};

struct PageRequest {
    std::optional<std::int64_t> first;
    std::optional<std::int64_t> last;
    std::optional<std::string> after;  // opaque cursors
    std::optional<std::string> before;
    bool reverse = false;
};

struct Page {
    std::vector<std::int64_t> indexes;
    std::vector<std::string> cursors;
    bool has_next = false;
    bool has_previous = false;
};

// Cursor: base64 of {"last_id":..,"last_value":..}, the shape Shopify's cursors decode to.
std::string make_cursor(std::int64_t id, std::int64_t sort_value);
bool parse_cursor(const std::string& cursor, std::int64_t& id, std::int64_t& sort_value);

// Returns false when a cursor is malformed.
bool paginate(const Collection& c, const PageRequest& req, Page& out);

// Visits every matching index in order (bulk operations); stops when `fn` returns false.
void for_each_match(const Collection& c, bool reverse, const std::function<bool(std::int64_t)>& fn);

}  // namespace sb::emulators::shopify
