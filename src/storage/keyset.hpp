#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/paging.hpp"
#include "storage/sql.hpp"

namespace sb::storage {

// The WHERE/ORDER BY/LIMIT tail of a keyset-paginated query over (column, id).
// `column` must come from a repository's whitelist, never from a client.
struct KeysetClause {
    std::string sql;  // " AND (...) ORDER BY ... LIMIT n"
    std::vector<sql::Value> params;
};
// `id_column` names the id in a join ("d.id").
KeysetClause keyset_clause(const domain::PageRequest& page, std::string_view column, int next_param,
                           std::string_view id_column = "id");

// Trims the extra row fetched to learn whether another page follows.
template <class T, class SortOf>
domain::Page<T> make_page(std::vector<T> rows, const domain::PageRequest& page, SortOf sort_of) {
    domain::Page<T> out;
    if (static_cast<int>(rows.size()) > page.limit) {
        rows.resize(static_cast<std::size_t>(page.limit));
        out.next = domain::Position{sort_of(rows.back()), rows.back().id};
    }
    out.items = std::move(rows);
    return out;
}

}  // namespace sb::storage
