#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::domain {

// The hub's commerce data types, named as seed 003 names them.
enum class DataType { shop, location, customer, product, stock, order, cart, shipping_service };

const std::vector<DataType>& all_data_types();
std::string_view data_type_name(DataType t);  // "COMMERCE_ORDER"
std::optional<DataType> parse_data_type(std::string_view name);

}  // namespace sb::domain
