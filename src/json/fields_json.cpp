#include "json/fields_json.hpp"

namespace sb::json {

boost::json::value field_value_json(const domain::FieldValue& v) {
    return std::visit([](const auto& x) { return boost::json::value(x); }, v);
}

boost::json::object fields_to_json(const domain::FieldMap& fields) {
    boost::json::object o;
    for (const auto& [k, v] : fields)
        o[k] = field_value_json(v);
    return o;
}

domain::FieldMap fields_from_json(const boost::json::object& o, const std::string& prefix,
                                  std::vector<FieldError>* errors) {
    domain::FieldMap out;
    for (const auto& kv : o) {
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
        else if (!x.is_null() && errors)
            errors->push_back({prefix + key, "must be a string, number or boolean"});
    }
    return out;
}

}  // namespace sb::json
