#include "storage/keyset.hpp"

namespace sb::storage {

KeysetClause keyset_clause(const domain::PageRequest& page, std::string_view column, int next_param,
                           std::string_view id_column) {
    KeysetClause out;
    const std::string col(column);
    const std::string id_col(id_column);
    const char* cmp = page.descending ? "<" : ">";
    const char* dir = page.descending ? "DESC" : "ASC";
    if (page.after) {
        const std::string v = "$" + std::to_string(next_param);
        const std::string id = "$" + std::to_string(next_param + 1);
        // A row value: both engines seek the index to it (an OR of the parts scans from the
        // start of the range on PostgreSQL).
        out.sql += " AND (" + col + ", " + id_col + ") " + cmp + " (" + v + ", " + id + ")";
        std::visit([&](const auto& x) { out.params.emplace_back(x); }, page.after->value);
        out.params.emplace_back(page.after->id);
    }
    out.sql += " ORDER BY " + col + " " + dir + ", " + id_col + " " + dir + " LIMIT " +
               std::to_string(page.limit + 1);
    return out;
}

}  // namespace sb::storage
