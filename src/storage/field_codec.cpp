#include "storage/field_codec.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace sb::storage {

std::string encode_fields(const domain::FieldMap& fields) {
    boost::json::object o;
    for (const auto& [k, v] : fields) {
        std::visit([&, &key = k](const auto& x) { o[key] = x; }, v);
    }
    return boost::json::serialize(o);
}

domain::FieldMap decode_fields(std::string_view text) {
    domain::FieldMap out;
    if (text.empty())
        return out;
    const auto v = boost::json::parse(text);
    for (const auto& kv : v.as_object()) {
        const auto& x = kv.value();
        const std::string key(kv.key());
        if (x.is_bool())
            out.emplace(key, x.as_bool());
        else if (x.is_int64())
            out.emplace(key, x.as_int64());
        else if (x.is_uint64())
            out.emplace(key, static_cast<std::int64_t>(x.as_uint64()));
        else if (x.is_double())
            out.emplace(key, x.as_double());
        else if (x.is_string())
            out.emplace(key, std::string(x.as_string()));
    }
    return out;
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
