#include "storage/audit_log.hpp"
#include "storage/field_codec.hpp"
#include "storage/keyset.hpp"

namespace sb::storage {

namespace {

// Every text column is bounded, whatever a caller passes: the log is not a place to store
// a payload.
constexpr std::size_t k_max_text = 200;

std::string bounded(std::string_view s) {
    return std::string(s.substr(0, k_max_text));
}

}  // namespace

void insert_audit_entry(sql::Session& s, const domain::AuditEntry& e) {
    domain::FieldMap detail;
    for (const auto& [k, v] : e.detail) {
        const auto* text = std::get_if<std::string>(&v);
        detail.emplace(bounded(k), text ? domain::FieldValue(bounded(*text)) : v);
    }
    s.exec(
        "INSERT INTO audit_log (id, account_id, actor, action, subject_type, subject_id, detail,"
        " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {e.id, e.account_id, bounded(e.actor), bounded(e.action), bounded(e.subject_type),
         bounded(e.subject_id), encode_fields(detail), e.created_at});
}

domain::Page<domain::AuditEntry> list_audit_entries(sql::Session& s, std::string_view account_id,
                                                    const domain::PageRequest& page) {
    auto clause = keyset_clause(page, "created_at", 2);
    std::vector<sql::Value> params{std::string(account_id)};
    params.insert(params.end(), clause.params.begin(), clause.params.end());
    std::vector<domain::AuditEntry> rows;
    for (const auto& r : s.exec("SELECT id, account_id, actor, action, subject_type, subject_id,"
                                " detail, created_at FROM audit_log WHERE account_id = $1" +
                                    clause.sql,
                                params)
                             .rows) {
        rows.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5),
                        decode_fields(r.text(6)), r.integer(7)});
    }
    return make_page(std::move(rows), page,
                     [](const domain::AuditEntry& e) -> domain::SortValue { return e.created_at; });
}

}  // namespace sb::storage
