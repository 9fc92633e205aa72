#pragma once

#include <string>
#include <string_view>
#include <vector>

// The events the hub sends to an account's webhook endpoints (docs/events.md), and which of
// them an endpoint's `event_types` filter takes.
namespace sb::domain::events {

struct EventType {
    std::string_view name;         // "record.created"
    std::string_view description;  // one line for the catalog
};

// Every event type, in catalog order.
const std::vector<EventType>& event_types();
bool is_event_type(std::string_view name);

// One entry of a filter: "*" (every type), a type's name, or a group wildcard such as
// "record.*" (every type of that group). Empty when valid, else why not.
std::string check_filter_entry(std::string_view entry);
// Whether `filter` (the endpoint's entries) takes `type`. An empty filter takes nothing.
bool filter_matches(const std::vector<std::string>& filter, std::string_view type);

// The filter as stored (space-separated) and back.
std::string join_filter(const std::vector<std::string>& filter);
std::vector<std::string> split_filter(std::string_view text);

}  // namespace sb::domain::events
