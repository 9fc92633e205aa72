#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "domain/webhook_endpoint.hpp"

namespace sb::domain::events {

// A record event carries the record up to this size of normalized data; a larger one is sent
// as a reference (its type, id, data connection and where to read it).
inline constexpr std::size_t k_max_inline_record = 64 * 1024;

// The JSON body a webhook endpoint receives (docs/events.md):
// {"id", "type", "timestamp", "seq", "data"}; record events' data is the change as the
// change feed shows it, with the merchant as organization_id.
std::string event_body(const StoredEvent& e, std::string_view public_url);

}  // namespace sb::domain::events
