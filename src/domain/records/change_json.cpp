#include "domain/records/change_json.hpp"

#include <boost/json/parse.hpp>

#include "core/time.hpp"

namespace sb::domain::records {

boost::json::object record_json(std::string_view data, std::string_view integration_id,
                                std::int64_t written_at) {
    boost::system::error_code ec;
    auto v = boost::json::parse(data, ec);
    boost::json::object o = !ec && v.is_object() ? std::move(v.as_object()) : boost::json::object{};
    o["data_connection_id"] = integration_id;
    o["synced_at"] = format_time(written_at);
    return o;
}

boost::json::object change_json(const Change& c, boost::json::object record) {
    return boost::json::object{{"seq", c.seq},
                               {"operation", c.operation},
                               {"type", c.type},
                               {"integration_id", c.integration_id},
                               {"id", c.external_id},
                               {"updated_at", format_time(c.updated_at)},
                               {"data", std::move(record)}};
}

}  // namespace sb::domain::records
