#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/fields.hpp"

// The one conversion between typed field maps and JSON, for storage and the API alike.
namespace sb::json {

boost::json::value field_value_json(const domain::FieldValue& v);
boost::json::object fields_to_json(const domain::FieldMap& fields);
// Scalars become fields; anything else is an error named `prefix + key` (when `errors` is
// given) and is left out.
domain::FieldMap fields_from_json(const boost::json::object& o, const std::string& prefix = {},
                                  std::vector<FieldError>* errors = nullptr);

}  // namespace sb::json
