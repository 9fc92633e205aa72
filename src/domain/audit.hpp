#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/fields.hpp"

namespace sb::domain {

// One row of the account's audit log: who did what to which resource, and what came of it.
struct AuditEntry {
    std::string id;
    std::string account_id;
    std::string actor;         // the API client id that made the call, or "system"
    std::string action;        // e.g. integration.deleted
    std::string subject_type;  // e.g. integration
    std::string subject_id;
    FieldMap detail;
    std::int64_t created_at = 0;
};

inline constexpr std::string_view k_system_actor = "system";

// What deleting an integration did at the store before the hub forgot it: its webhook
// subscriptions removed (best effort), or why they were not.
struct Unsubscribe {
    std::string status = "skipped";     // removed | failed | skipped | not_supported
    std::int64_t removed = 0;           // subscriptions deleted at the store
    std::optional<std::string> reason;  // skipped: why; failed: the error code
};

// A deletion to record: the integration, who asked, and the unsubscribe outcome.
struct IntegrationDeletion {
    std::string integration_id;
    std::string actor = std::string(k_system_actor);
    Unsubscribe unsubscribe;
};

}  // namespace sb::domain
