#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string_view>

// A record and a change to it as the API shows them: the commerce reads, the change feed and
// the record events sent to webhook endpoints all render through these.
namespace sb::domain::records {

// The normalized data (docs/records.md), the data connection it came from and when the hub
// wrote it. Data that does not parse reads as {}.
boost::json::object record_json(std::string_view data, std::string_view integration_id,
                                std::int64_t written_at);

struct Change {
    std::int64_t seq = 0;
    std::string_view operation;  // created | updated | deleted
    std::string_view type;       // the data type's name
    std::string_view integration_id;
    std::string_view external_id;
    std::int64_t updated_at = 0;  // the platform's
};
// {seq, operation, type, integration_id, id, updated_at, data}.
boost::json::object change_json(const Change& c, boost::json::object record);

}  // namespace sb::domain::records
