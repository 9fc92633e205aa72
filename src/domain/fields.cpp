#include "domain/fields.hpp"

#include <charconv>

namespace sb::domain {

const char* field_type_name(FieldType t) {
    switch (t) {
        case FieldType::string:
            return "string";
        case FieldType::boolean:
            return "boolean";
        case FieldType::integer:
            return "integer";
        case FieldType::number:
            return "number";
    }
    return "string";
}

std::string to_display_string(const FieldValue& v) {
    if (auto b = std::get_if<bool>(&v))
        return *b ? "true" : "false";
    if (auto i = std::get_if<std::int64_t>(&v))
        return std::to_string(*i);
    if (auto d = std::get_if<double>(&v)) {
        char buf[32];
        auto r = std::to_chars(buf, buf + sizeof buf, *d);
        return std::string(buf, r.ptr);
    }
    return std::get<std::string>(v);
}

}  // namespace sb::domain
