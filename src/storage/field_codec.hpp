#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/data_types.hpp"
#include "domain/fields.hpp"

namespace sb::storage {

// How typed field maps and data type lists are kept in TEXT columns (JSON).
std::string encode_fields(const domain::FieldMap& fields);
domain::FieldMap decode_fields(std::string_view text);
std::string encode_data_types(const std::vector<domain::DataType>& types);
std::vector<domain::DataType> decode_data_types(std::string_view text);

}  // namespace sb::storage
