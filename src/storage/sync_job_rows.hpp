#pragma once

#include <string_view>

#include "domain/integration.hpp"
#include "storage/sql.hpp"

namespace sb::storage {

// The sync_jobs columns a SyncJob is read from, in the order job_from_row expects them.
inline constexpr std::string_view k_sync_job_columns =
    "id, account_id, integration_id, data_type, trigger_kind, status, cancel_requested, attempts, "
    "last_error,"
    " records_read, records_written, pages, total, created_at, updated_at, started_at, finished_at";

domain::SyncJob job_from_row(const sql::Row& r);

}  // namespace sb::storage
