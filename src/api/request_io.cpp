#include "api/request_io.hpp"

#include <algorithm>
#include <charconv>

#include "domain/merchant_service.hpp"
#include "json/fields_json.hpp"

namespace sb::api {

BodyReader::BodyReader(const boost::json::object& body, std::string prefix)
    : body_(body), prefix_(std::move(prefix)) {}

const boost::json::value* BodyReader::find(std::string_view name, bool required) {
    seen_.emplace_back(name);
    auto it = body_.find(name);
    if (it == body_.end() || it->value().is_null()) {
        if (required)
            errors_.push_back({path(name), "required"});
        return nullptr;
    }
    return &it->value();
}

const boost::json::value* BodyReader::raw(std::string_view name) {
    return find(name, false);
}

namespace {

constexpr std::size_t k_max_items = 100;

std::string at_most(std::size_t n) {
    return "must be at most " + std::to_string(n) + " characters";
}

}  // namespace

std::optional<std::string> BodyReader::string(std::string_view name, bool required,
                                              std::size_t max_length) {
    auto* v = find(name, required);
    if (!v)
        return std::nullopt;
    if (!v->is_string()) {
        errors_.push_back({path(name), "must be a string"});
        return std::nullopt;
    }
    std::string s(v->as_string());
    if (required && s.empty()) {
        errors_.push_back({path(name), "must not be empty"});
        return std::nullopt;
    }
    if (s.size() > max_length) {
        errors_.push_back({path(name), at_most(max_length)});
        return std::nullopt;
    }
    return s;
}

std::optional<bool> BodyReader::boolean(std::string_view name, bool required) {
    auto* v = find(name, required);
    if (!v)
        return std::nullopt;
    if (!v->is_bool()) {
        errors_.push_back({path(name), "must be true or false"});
        return std::nullopt;
    }
    return v->as_bool();
}

std::optional<domain::FieldMap> BodyReader::fields(std::string_view name, bool required) {
    auto* v = find(name, required);
    if (!v)
        return std::nullopt;
    if (!v->is_object()) {
        errors_.push_back({path(name), "must be an object"});
        return std::nullopt;
    }
    boost::json::object named;
    for (const auto& kv : v->as_object()) {
        if (kv.key().size() > k_max_text)
            errors_.push_back({path(name), "field names " + at_most(k_max_text)});
        else
            named.emplace(kv.key(), kv.value());
    }
    return json::fields_from_json(named, path(name) + ".", &errors_);
}

std::optional<std::vector<std::string>> BodyReader::strings(std::string_view name, bool required) {
    auto* v = find(name, required);
    if (!v)
        return std::nullopt;
    if (!v->is_array()) {
        errors_.push_back({path(name), "must be an array of strings"});
        return std::nullopt;
    }
    if (v->as_array().size() > k_max_items) {
        errors_.push_back(
            {path(name), "must have at most " + std::to_string(k_max_items) + " items"});
        return std::nullopt;
    }
    std::vector<std::string> out;
    for (const auto& item : v->as_array()) {
        if (!item.is_string()) {
            errors_.push_back({path(name), "must be an array of strings"});
            return std::nullopt;
        }
        if (item.as_string().size() > k_max_text) {
            errors_.push_back({path(name), "items " + at_most(k_max_text)});
            return std::nullopt;
        }
        out.emplace_back(item.as_string());
    }
    return out;
}

void BodyReader::error(std::string name, std::string description) {
    errors_.push_back({std::move(name), std::move(description)});
}

void BodyReader::finish() {
    for (const auto& kv : body_) {
        if (std::find(seen_.begin(), seen_.end(), kv.key()) == seen_.end()) {
            errors_.push_back({path(kv.key()), "unknown field"});
        }
    }
    if (!errors_.empty()) {
        throw ApiError(Errc::validation_failed, "The request body is invalid",
                       std::to_string(errors_.size()) +
                           (errors_.size() == 1 ? " field is" : " fields are") + " invalid.",
                       errors_);
    }
}

std::int64_t if_match_version(const http::Request& req) {
    auto h = req.header("if-match");
    if (!h)
        return 0;
    std::string_view v = *h;
    if (v == "*")
        return 0;
    if (v.starts_with("W/"))
        v.remove_prefix(2);
    std::int64_t version = -1;
    if (v.size() > 3 && v.front() == '"' && v.back() == '"' && v[1] == 'v') {
        std::from_chars(v.data() + 2, v.data() + v.size() - 1, version);
    }
    // A tag we never issued matches nothing.
    if (version <= 0)
        domain::throw_version_mismatch(version);
    return version;
}

std::string etag_of(std::int64_t version) {
    return "\"v" + std::to_string(version) + "\"";
}

bool query_flag(const http::Request& req, std::string_view name) {
    auto v = req.query_param(name);
    if (!v)
        return false;
    if (*v == "true" || *v == "1" || v->empty())
        return true;
    if (*v == "false" || *v == "0")
        return false;
    throw ApiError(Errc::validation_failed, "Invalid query parameter " + std::string(name), "",
                   {{std::string(name), "must be true or false"}});
}

}  // namespace sb::api
