#include "domain/records/codec.hpp"

#include <boost/describe/members.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>
#include <charconv>
#include <type_traits>
#include <variant>
#include <vector>

#include "json/plain.hpp"

namespace sb::domain::records {

namespace {

namespace json = boost::json;

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
struct is_variant : std::false_type {};
template <class... Ts>
struct is_variant<std::variant<Ts...>> : std::true_type {};

template <class T>
using members_of = boost::describe::describe_members<T, boost::describe::mod_public>;

// JSON text straight from the struct, without building a json::value first: the connectors'
// hot path (a bulk sync encodes every record once). Numbers in plain decimal form, as
// json/plain.hpp writes them.
void text_of(std::string_view s, std::string& out) {
    bool plain = true;
    for (unsigned char c : s) {
        if (c < 0x20 || c == '"' || c == '\\') {
            plain = false;
            break;
        }
    }
    if (plain) {
        out += '"';
        out += s;
        out += '"';
    } else {
        out += boost::json::serialize(boost::json::string_view(s.data(), s.size()));
    }
}

template <class T>
void append(const T& v, std::string& out) {
    if constexpr (std::is_same_v<T, std::string>) {
        text_of(v, out);
    } else if constexpr (std::is_same_v<T, bool>) {
        out += v ? "true" : "false";
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        out.append(buf, r.ptr);
    } else if constexpr (std::is_same_v<T, double>) {
        out += sb::json::serialize(json::value(v));
    } else if constexpr (is_optional<T>::value) {
        if (v)
            append(*v, out);
        else
            out += "null";
    } else if constexpr (is_vector<T>::value) {
        out += '[';
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (i)
                out += ',';
            append(v[i], out);
        }
        out += ']';
    } else if constexpr (is_variant<T>::value) {
        std::visit([&](const auto& alt) { append(alt, out); }, v);
    } else {
        out += '{';
        bool first = true;
        boost::mp11::mp_for_each<members_of<T>>([&](auto m) {
            if (!first)
                out += ',';
            first = false;
            out += '"';
            out += m.name;  // member names are identifiers: nothing to escape
            out += "\":";
            append(v.*m.pointer, out);
        });
        out += '}';
    }
}

template <class T>
json::value write(const T& v) {
    if constexpr (std::is_same_v<T, std::string>) {
        return json::value(v);
    } else if constexpr (std::is_same_v<T, bool>) {
        return json::value(v);
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
        return json::value(v);
    } else if constexpr (std::is_same_v<T, double>) {
        return json::value(v);
    } else if constexpr (is_optional<T>::value) {
        return v ? write(*v) : json::value(nullptr);
    } else if constexpr (is_vector<T>::value) {
        json::array a;
        a.reserve(v.size());
        for (const auto& e : v)
            a.push_back(write(e));
        return a;
    } else if constexpr (is_variant<T>::value) {
        return std::visit([](const auto& alt) { return write(alt); }, v);
    } else {
        json::object o;
        boost::mp11::mp_for_each<members_of<T>>(
            [&](auto m) { o.emplace(m.name, write(v.*m.pointer)); });
        return o;
    }
}

// Reads `in` into `out` when it has out's JSON type; false (and `out` unchanged) otherwise.
template <class T>
bool read(const json::value* in, T& out);

// A variant reads as its first alternative whose every member the object has.
template <class V, std::size_t I = 0>
bool read_variant(const json::object& o, V& out) {
    if constexpr (I < std::variant_size_v<V>) {
        using Alt = std::variant_alternative_t<I, V>;
        bool all = true;
        boost::mp11::mp_for_each<members_of<Alt>>([&](auto m) { all = all && o.contains(m.name); });
        if (!all)
            return read_variant<V, I + 1>(o, out);
        Alt alt{};
        boost::mp11::mp_for_each<members_of<Alt>>(
            [&](auto m) { read(o.if_contains(m.name), alt.*m.pointer); });
        out = std::move(alt);
        return true;
    } else {
        return false;
    }
}

template <class T>
bool read(const json::value* in, T& out) {
    if (!in)
        return false;
    if constexpr (std::is_same_v<T, std::string>) {
        if (!in->is_string())
            return false;
        out = std::string(in->get_string());
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!in->is_bool())
            return false;
        out = in->get_bool();
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
        if (in->is_int64())
            out = in->get_int64();
        else if (in->is_uint64() && in->get_uint64() <= INT64_MAX)
            out = static_cast<std::int64_t>(in->get_uint64());
        else
            return false;
    } else if constexpr (std::is_same_v<T, double>) {
        if (!in->is_number())
            return false;
        out = in->to_number<double>();
    } else if constexpr (is_optional<T>::value) {
        typename T::value_type v{};
        if (read(in, v))
            out = std::move(v);
        else
            out.reset();  // null, or of another type: absent
    } else if constexpr (is_vector<T>::value) {
        if (!in->is_array())
            return false;
        out.clear();
        for (const auto& e : in->get_array()) {
            typename T::value_type v{};
            if (read(&e, v))
                out.push_back(std::move(v));
        }
    } else if constexpr (is_variant<T>::value) {
        return in->is_object() && read_variant(in->get_object(), out);
    } else {
        if (!in->is_object())
            return false;
        const auto& o = in->get_object();
        boost::mp11::mp_for_each<members_of<T>>(
            [&](auto m) { read(o.if_contains(m.name), out.*m.pointer); });
    }
    return true;
}

}  // namespace

template <class T>
json::value to_json(const T& record) {
    return write(record);
}

template <class T>
T from_json(const json::value& v) {
    T out{};
    read(&v, out);
    return out;
}

template <class T>
std::string encode(const T& record) {
    std::string out;
    out.reserve(1024);
    append(record, out);
    return out;
}

template <class T>
std::optional<T> decode(std::string_view text) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_object())
        return std::nullopt;
    return from_json<T>(v);
}

Record make_tombstone(DataType type, std::string external_id, std::int64_t updated_at,
                      std::string raw) {
    Record r;
    r.type = type;
    r.deleted = true;
    r.data = encode(Tombstone{external_id});
    r.external_id = std::move(external_id);
    r.updated_at = updated_at;
    r.raw = std::move(raw);
    return r;
}

#define SB_RECORD_TYPE(T)                        \
    template json::value to_json<T>(const T&);   \
    template T from_json<T>(const json::value&); \
    template std::string encode<T>(const T&);    \
    template std::optional<T> decode<T>(std::string_view);

SB_RECORD_TYPE(Shop)
SB_RECORD_TYPE(Location)
SB_RECORD_TYPE(Customer)
SB_RECORD_TYPE(Product)
SB_RECORD_TYPE(Stock)
SB_RECORD_TYPE(Order)
SB_RECORD_TYPE(Cart)
SB_RECORD_TYPE(ShippingService)
SB_RECORD_TYPE(Tombstone)
SB_RECORD_TYPE(Money)
SB_RECORD_TYPE(Address)
SB_RECORD_TYPE(PlaceAddress)
SB_RECORD_TYPE(Shop::Icon)
#undef SB_RECORD_TYPE

}  // namespace sb::domain::records
