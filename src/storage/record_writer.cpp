#include "storage/record_writer.hpp"

#include <set>
#include <utility>

#include "core/time.hpp"
#include "storage/event_outbox.hpp"

namespace sb::storage {

namespace {

// What a stored record keeps when the same record arrives again: the newer platform
// updated_at wins; at the same updated_at, a different body or deletion flag wins.
constexpr std::string_view k_upsert_rule =
    " ON CONFLICT (integration_id, type, external_id) DO UPDATE SET"
    " parent_external_id = excluded.parent_external_id, updated_at = excluded.updated_at,"
    " deleted = excluded.deleted, data = excluded.data, raw = excluded.raw, seq = excluded.seq,"
    " written_at = excluded.written_at"
    " WHERE records.updated_at < excluded.updated_at"
    " OR (records.updated_at = excluded.updated_at"
    " AND (records.data <> excluded.data OR records.deleted <> excluded.deleted))";

constexpr std::size_t k_rows_per_statement = 50;

// Upserts records[first, last), whose keys are distinct, in one statement; returns how many
// rows it wrote.
std::int64_t upsert_distinct(sql::Session& s, std::string_view account_id,
                             std::string_view integration_id,
                             const std::vector<domain::Record>& records, std::size_t first,
                             std::size_t last, std::int64_t first_seq, std::int64_t now) {
    std::string sql =
        "INSERT INTO records (account_id, integration_id, type, external_id, "
        "parent_external_id, updated_at, deleted, data, raw, seq, created_at, written_at) VALUES ";
    std::vector<sql::Value> params;
    for (std::size_t i = first; i < last; ++i) {
        const auto& r = records[i];
        sql::append_values_row(
            sql, params,
            {std::string(account_id), std::string(integration_id),
             std::string(domain::data_type_name(r.type)), r.external_id,
             sql::opt(r.parent_external_id), r.updated_at, std::int64_t{r.deleted ? 1 : 0}, r.data,
             r.raw, first_seq + static_cast<std::int64_t>(i), now, now},
            i == first);
    }
    sql += k_upsert_rule;
    return s.exec(sql, params).affected;
}

}  // namespace

std::int64_t reserve_sequence(sql::Session& s, std::string_view account_id, std::int64_t n) {
    auto r = s.exec(
        "INSERT INTO account_sequences (account_id, last_seq) VALUES ($1, $2)"
        " ON CONFLICT (account_id) DO UPDATE SET last_seq = account_sequences.last_seq + $2"
        " RETURNING last_seq",
        {std::string(account_id), n});
    return r.rows.at(0).integer(0) - n + 1;
}

std::int64_t upsert_records(sql::Session& s, std::string_view account_id,
                            std::string_view integration_id,
                            const std::vector<domain::Record>& records) {
    if (records.empty())
        return 0;
    std::int64_t seq = reserve_sequence(s, account_id, static_cast<std::int64_t>(records.size()));
    const auto now = now_ms();
    std::int64_t written = 0;
    EventWriter events(s, account_id);
    if (!events.wanted()) {
        // No endpoint wants the events: up to k_rows_per_statement records a statement, a
        // statement ending before a record whose key it already holds, so that each record
        // meets the stored one, or the one before it, in the order given.
        std::set<std::pair<domain::DataType, std::string_view>> keys;
        std::size_t first = 0;
        for (std::size_t i = 0; i <= records.size(); ++i) {
            const bool end = i == records.size();
            if (!end && keys.size() < k_rows_per_statement &&
                keys.emplace(records[i].type, records[i].external_id).second)
                continue;
            written += upsert_distinct(s, account_id, integration_id, records, first, i, seq, now);
            if (end)
                break;
            first = i;
            keys.clear();
            keys.emplace(records[i].type, records[i].external_id);
        }
        return written;
    }
    std::optional<std::string> merchant_id;
    if (events.wanted()) {
        auto m = s.exec("SELECT merchant_id FROM integrations WHERE id = $1",
                        {std::string(integration_id)});
        if (!m.rows.empty())
            merchant_id = m.rows[0].text(0);
    }
    for (const auto& r : records) {
        const auto type = std::string(domain::data_type_name(r.type));
        bool existed = false;
        if (events.wanted()) {
            existed = !s.exec(
                            "SELECT 1 FROM records WHERE integration_id = $1 AND type = $2 AND"
                            " external_id = $3",
                            {std::string(integration_id), type, r.external_id})
                           .rows.empty();
        }
        const std::int64_t record_seq = seq;
        auto res = s.exec(
            std::string("INSERT INTO records (account_id, integration_id, type, external_id, "
                        "parent_external_id, updated_at, deleted, data, raw, seq, created_at,"
                        " written_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)")
                .append(k_upsert_rule),
            {std::string(account_id), std::string(integration_id), type, r.external_id,
             sql::opt(r.parent_external_id), r.updated_at, std::int64_t{r.deleted ? 1 : 0}, r.data,
             r.raw, seq++, now});
        written += res.affected;
        if (res.affected == 0 || !events.wanted())
            continue;
        const char* operation = r.deleted ? "deleted" : existed ? "updated" : "created";
        events.append(
            {.type = std::string("record.") + operation,
             .subject = "record:" + std::string(integration_id) + ":" + type + ":" + r.external_id,
             .merchant_id = merchant_id,
             .integration_id = std::string(integration_id),
             .record_type = type,
             .external_id = r.external_id,
             .record_updated_at = r.updated_at,
             .data = r.data,
             .seq = record_seq});
    }
    return written;
}

}  // namespace sb::storage
