#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sb::domain {

// Keyset pagination: the position after which a page starts is the last row's sort value
// and id, so a page deep in a list costs the same as the first one.
using SortValue = std::variant<std::int64_t, std::string>;

struct Position {
    SortValue value;
    std::string id;
};

struct PageRequest {
    std::string order_field = "created_at";
    bool descending = false;
    std::optional<Position> after;
    int limit = 50;
};

template <class T>
struct Page {
    std::vector<T> items;
    std::optional<Position> next;  // set when more rows follow
};

}  // namespace sb::domain
