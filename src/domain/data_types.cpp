#include "domain/data_types.hpp"

namespace sb::domain {

namespace {

struct Entry {
    DataType type;
    std::string_view name;
};

constexpr Entry k_entries[] = {
    {DataType::shop, "COMMERCE_SHOP"},
    {DataType::location, "COMMERCE_LOCATION"},
    {DataType::customer, "COMMERCE_CUSTOMER"},
    {DataType::product, "COMMERCE_PRODUCT"},
    {DataType::stock, "COMMERCE_STOCK"},
    {DataType::order, "COMMERCE_ORDER"},
    {DataType::cart, "COMMERCE_CART"},
    {DataType::shipping_service, "COMMERCE_SHIPPING_SERVICE"},
};

}  // namespace

const std::vector<DataType>& all_data_types() {
    static const std::vector<DataType> all = [] {
        std::vector<DataType> v;
        for (const auto& e : k_entries)
            v.push_back(e.type);
        return v;
    }();
    return all;
}

std::string_view data_type_name(DataType t) {
    for (const auto& e : k_entries) {
        if (e.type == t)
            return e.name;
    }
    return "UNKNOWN";
}

std::optional<DataType> parse_data_type(std::string_view name) {
    for (const auto& e : k_entries) {
        if (e.name == name)
            return e.type;
    }
    return std::nullopt;
}

}  // namespace sb::domain
