#include "connectors/common/json_util.hpp"

#include <cctype>
#include <cstdio>

#include "core/time.hpp"

namespace sb::connectors::jsonu {

namespace json = boost::json;

const json::value* at(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && !v->is_null() ? v : nullptr;
}

const json::object* obj(const json::object& o, std::string_view key) {
    const auto* v = at(o, key);
    return v && v->is_object() ? &v->as_object() : nullptr;
}

const json::array* arr(const json::object& o, std::string_view key) {
    const auto* v = at(o, key);
    return v && v->is_array() ? &v->as_array() : nullptr;
}

std::optional<std::string> str(const json::object& o, std::string_view key) {
    const auto* v = at(o, key);
    if (!v)
        return std::nullopt;
    if (v->is_string())
        return std::string(v->as_string());
    if (v->is_int64())
        return std::to_string(v->as_int64());
    if (v->is_uint64())
        return std::to_string(v->as_uint64());
    return std::nullopt;
}

std::optional<std::int64_t> int64(const json::object& o, std::string_view key) {
    const auto* v = at(o, key);
    if (!v)
        return std::nullopt;
    if (v->is_int64())
        return v->as_int64();
    if (v->is_uint64()) {
        if (v->as_uint64() > static_cast<std::uint64_t>(INT64_MAX))
            return std::nullopt;  // no platform count or quantity is that large
        return static_cast<std::int64_t>(v->as_uint64());
    }
    if (v->is_double()) {
        // In range only: casting 1e68 to an integer is undefined behaviour.
        const double d = v->as_double();
        if (!(d >= -9.2e18 && d <= 9.2e18))
            return std::nullopt;
        return static_cast<std::int64_t>(d);
    }
    return std::nullopt;
}

std::optional<bool> boolean(const json::object& o, std::string_view key) {
    const auto* v = at(o, key);
    if (!v || !v->is_bool())
        return std::nullopt;
    return v->as_bool();
}

json::value str_or_null(const json::object& o, std::string_view key) {
    auto s = str(o, key);
    return s ? json::value(*s) : json::value(nullptr);
}

json::value time_or_null(const json::object& o, std::string_view key) {
    auto s = str(o, key);
    if (!s)
        return nullptr;
    auto t = parse_time(*s);
    return t ? json::value(format_time(*t)) : json::value(nullptr);
}

std::int64_t time_ms(const json::object& o, std::string_view key) {
    auto s = str(o, key);
    if (!s)
        return 0;
    return parse_time(*s).value_or(0);
}

std::optional<std::int64_t> loose_int(const json::object& o, std::string_view key) {
    if (auto i = int64(o, key))
        return i;
    if (auto s = str(o, key)) {
        try {
            return std::stoll(*s);
        } catch (const std::exception&) {
        }
    }
    return std::nullopt;
}

std::optional<std::string> decimal(const json::object& o, std::string_view key) {
    const auto* v = at(o, key);
    if (!v)
        return std::nullopt;
    if (v->is_string()) {
        // A decimal as text ("10.50", "-3"); "" and anything else is no amount.
        const std::string_view t = v->as_string();
        std::size_t i = !t.empty() && (t[0] == '-' || t[0] == '+') ? 1 : 0;
        bool digits = false, dot = false;
        for (; i < t.size(); ++i) {
            if (t[i] >= '0' && t[i] <= '9')
                digits = true;
            else if (t[i] == '.' && !dot)
                dot = true;
            else
                return std::nullopt;
        }
        return digits ? std::optional<std::string>(std::string(t)) : std::nullopt;
    }
    if (v->is_int64())
        return std::to_string(v->as_int64());
    if (v->is_double()) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.2f", v->as_double());
        return std::string(buf);
    }
    return std::nullopt;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

json::array nodes(const json::object& o, std::string_view key) {
    const auto* c = at(o, key);
    if (!c)
        return {};
    if (c->is_array())
        return c->as_array();
    if (!c->is_object())
        return {};
    if (const auto* n = arr(c->as_object(), "nodes"))
        return *n;
    json::array out;
    if (const auto* e = arr(c->as_object(), "edges")) {
        for (const auto& edge : *e) {
            if (edge.is_object()) {
                if (const auto* node = obj(edge.as_object(), "node"))
                    out.push_back(*node);
            }
        }
    }
    return out;
}

std::optional<std::string> text(const boost::json::object& o, std::string_view key) {
    auto s = str(o, key);
    return s && !s->empty() ? s : std::nullopt;
}

std::optional<std::string> id_text(const boost::json::object& o, std::string_view key) {
    if (auto n = loose_int(o, key))
        return *n == 0 ? std::nullopt : std::optional<std::string>(std::to_string(*n));
    return text(o, key);
}

}  // namespace sb::connectors::jsonu
