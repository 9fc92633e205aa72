#include "domain/events/event_body.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/time.hpp"
#include "domain/records/change_json.hpp"

namespace sb::domain::events {

namespace {

namespace json = boost::json;

// The commerce read of one record, for the types that have one.
std::string record_href(const StoredEvent& e, std::string_view public_url) {
    static constexpr std::pair<std::string_view, std::string_view> k_paths[] = {
        {"COMMERCE_ORDER", "commerce-orders"},
        {"COMMERCE_CUSTOMER", "commerce-customers"},
        {"COMMERCE_PRODUCT", "commerce-products"},
        {"COMMERCE_LOCATION", "commerce-locations"},
    };
    for (const auto& [type, segment] : k_paths) {
        if (*e.record_type == type) {
            return std::string(public_url) + "/api/v6/users/" + e.merchant_id.value_or("") + "/" +
                   std::string(segment) + "/" + e.external_id.value_or("") +
                   "?data_connection_id=" + e.integration_id.value_or("");
        }
    }
    return {};
}

json::object record_change(const StoredEvent& e, std::string_view public_url) {
    const std::string_view operation = std::string_view(e.type).substr(7);  // "record."
    const bool inline_record = e.data.size() <= k_max_inline_record;
    auto change = records::change_json(
        {e.seq, operation, *e.record_type, e.integration_id.value_or(""),
         e.external_id.value_or(""), e.record_updated_at.value_or(0)},
        inline_record ? records::record_json(e.data, e.integration_id.value_or(""), e.created_at)
                      : json::object{});
    if (!inline_record) {
        change.erase("data");
        change["truncated"] = true;
        if (auto href = record_href(e, public_url); !href.empty())
            change["href"] = href;
    }
    change["organization_id"] = e.merchant_id ? json::value(*e.merchant_id) : json::value(nullptr);
    return change;
}

}  // namespace

std::string event_body(const StoredEvent& e, std::string_view public_url) {
    json::object data;
    if (e.record_type && e.type.starts_with("record.")) {
        data = record_change(e, public_url);
    } else {
        boost::system::error_code ec;
        auto v = json::parse(e.data, ec);
        if (!ec && v.is_object())
            data = std::move(v.as_object());
    }
    return json::serialize(json::object{{"id", e.id},
                                        {"type", e.type},
                                        {"timestamp", format_time(e.created_at)},
                                        {"seq", e.seq},
                                        {"data", std::move(data)}});
}

}  // namespace sb::domain::events
