#pragma once

#include <boost/json/value.hpp>
#include <string>

// JSON text as the hub writes it: Boost.JSON's own serializer, except that every number is in
// plain decimal form (644.6, never 6.446E2), the shortest that reads back as the same double.
namespace sb::json {

std::string serialize(const boost::json::value& v);

}  // namespace sb::json
