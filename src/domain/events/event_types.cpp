#include "domain/events/event_types.hpp"

#include <algorithm>

namespace sb::domain::events {

const std::vector<EventType>& event_types() {
    static const std::vector<EventType> all = {
        {"record.created", "A record was stored for the first time (data: the change)"},
        {"record.updated", "A stored record changed (data: the change)"},
        {"record.deleted",
         "A record was deleted at the store, or its integration was deleted (data: the change)"},
        {"integration.connected", "An integration became CONNECTED"},
        {"integration.revoked", "The store revoked the hub's access (uninstall, token revoked)"},
        {"integration.error", "An integration went to ERROR"},
        {"sync.succeeded", "A sync job finished"},
        {"sync.failed", "A sync job failed"},
        {"webhook_delivery.rejected",
         "A signed webhook from a store could not be applied and was kept as rejected"},
        {"webhook_endpoint.disabled",
         "One of the account's webhook endpoints was disabled after failing persistently"},
    };
    return all;
}

bool is_event_type(std::string_view name) {
    const auto& all = event_types();
    return std::any_of(all.begin(), all.end(), [&](const EventType& t) { return t.name == name; });
}

std::string check_filter_entry(std::string_view entry) {
    if (entry == "*" || is_event_type(entry))
        return {};
    if (entry.ends_with(".*")) {
        const auto group = entry.substr(0, entry.size() - 1);  // "record."
        const auto& all = event_types();
        if (std::any_of(all.begin(), all.end(),
                        [&](const EventType& t) { return t.name.starts_with(group); }))
            return {};
    }
    return "is not an event type (GET /v1/event-types lists them), a group such as record.* "
           "or *";
}

bool filter_matches(const std::vector<std::string>& filter, std::string_view type) {
    return std::any_of(filter.begin(), filter.end(), [&](const std::string& entry) {
        if (entry == "*" || entry == type)
            return true;
        return entry.ends_with(".*") &&
               type.starts_with(std::string_view(entry).substr(0, entry.size() - 1));
    });
}

std::string join_filter(const std::vector<std::string>& filter) {
    std::string out;
    for (const auto& e : filter) {
        if (!out.empty())
            out += ' ';
        out += e;
    }
    return out;
}

std::vector<std::string> split_filter(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const auto space = text.find(' ');
        if (space != 0)
            out.emplace_back(text.substr(0, space));
        if (space == std::string_view::npos)
            break;
        text.remove_prefix(space + 1);
    }
    return out;
}

}  // namespace sb::domain::events
