#include "storage/sync_job_rows.hpp"

namespace sb::storage {

std::string sync_job_columns(std::string_view alias) {
    std::string out;
    std::string_view rest = k_sync_job_columns;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        auto column = rest.substr(0, comma);
        while (!column.empty() && column.front() == ' ')
            column.remove_prefix(1);
        out += (out.empty() ? "" : ", ") + std::string(alias) + "." + std::string(column);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    return out;
}

domain::SyncJob job_from_row(const sql::Row& r) {
    domain::SyncJob j;
    j.id = r.text(0);
    j.account_id = r.text(1);
    j.integration_id = r.text(2);
    j.data_type = domain::parse_data_type(r.text(3)).value_or(domain::DataType::order);
    j.trigger = r.text(4);
    j.status = domain::parse_job_status(r.text(5));
    j.cancel_requested = r.integer(6) != 0;
    j.attempts = r.integer(7);
    j.last_error = r.text_or_null(8);
    j.records_read = r.integer(9);
    j.records_written = r.integer(10);
    j.pages = r.integer(11);
    j.total = r.integer_or_null(12);
    j.created_at = r.integer(13);
    j.updated_at = r.integer(14);
    j.started_at = r.integer_or_null(15);
    j.finished_at = r.integer_or_null(16);
    return j;
}

}  // namespace sb::storage
