#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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
    // The longest string value accepted, in bytes: every stored string is bounded.
    std::size_t max_length = k_max_field_length;
    // A further check of a string value (a store's address, a URL): why it is refused, or
    // nullopt when it is fine.
    std::function<std::optional<std::string>(std::string_view)> check;

    static constexpr std::size_t k_max_field_length = 4096;
};

const char* field_type_name(FieldType t);
std::string to_display_string(const FieldValue& v);

}  // namespace sb::domain
