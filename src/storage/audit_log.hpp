#pragma once

#include <string_view>

#include "domain/audit.hpp"
#include "domain/paging.hpp"
#include "storage/sql.hpp"

namespace sb::storage {

// The audit_log table. An entry is written inside the transaction of the change it records,
// so the log holds exactly the changes that happened.
void insert_audit_entry(sql::Session& s, const domain::AuditEntry& e);

// By created_at, the only order; page.descending lists the newest first.
domain::Page<domain::AuditEntry> list_audit_entries(sql::Session& s, std::string_view account_id,
                                                    const domain::PageRequest& page);

}  // namespace sb::storage
