#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sb::domain {

// A typed value of a connector setting, credential or action input.
using FieldValue = std::variant<bool, std::int64_t, double, std::string>;
using FieldMap = std::map<std::string, FieldValue, std::less<>>;

enum class FieldType { string, boolean, integer, number };

struct FieldSpec {
    std::string name;
    FieldType type = FieldType::string;
    bool required = false;
    bool secret = false;  // stored sealed, never returned
    std::string description;
    std::vector<std::string> allowed;  // enum values, when not empty
    std::optional<FieldValue> default_value;
};

const char* field_type_name(FieldType t);
std::string to_display_string(const FieldValue& v);

}  // namespace sb::domain
