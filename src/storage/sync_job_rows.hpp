#pragma once

#include <string>
#include <string_view>

#include "domain/integration.hpp"
#include "storage/sql.hpp"

namespace sb::storage {

// The sync_jobs columns a SyncJob is read from, in the order job_from_row expects them.
inline constexpr std::string_view k_sync_job_columns =
    "id, account_id, integration_id, data_type, trigger_kind, status, cancel_requested, attempts, "
    "last_error,"
    " records_read, records_written, pages, total, created_at, updated_at, started_at, finished_at";

// k_sync_job_columns, each qualified with `alias` ("j": "j.id, j.account_id, ..."), for a
// query that joins sync_jobs to another table.
std::string sync_job_columns(std::string_view alias);

domain::SyncJob job_from_row(const sql::Row& r);

}  // namespace sb::storage
