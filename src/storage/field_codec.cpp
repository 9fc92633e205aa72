#include "storage/field_codec.hpp"

#include "json/fields_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace sb::storage {

std::string encode_fields(const domain::FieldMap& fields) {
    return boost::json::serialize(json::fields_to_json(fields));
}

domain::FieldMap decode_fields(std::string_view text) {
    if (text.empty())
        return {};
    return json::fields_from_json(boost::json::parse(text).as_object());
}

std::string encode_data_types(const std::vector<domain::DataType>& types) {
    boost::json::array a;
    for (auto t : types)
        a.emplace_back(domain::data_type_name(t));
    return boost::json::serialize(a);
}

std::vector<domain::DataType> decode_data_types(std::string_view text) {
    std::vector<domain::DataType> out;
    if (text.empty())
        return out;
    const auto parsed = boost::json::parse(text);
    for (const auto& v : parsed.as_array()) {
        if (auto t = domain::parse_data_type(std::string_view(v.as_string())))
            out.push_back(*t);
    }
    return out;
}

}  // namespace sb::storage
