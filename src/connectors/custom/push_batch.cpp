#include "connectors/custom/push_batch.hpp"

#include <boost/describe/members.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>
#include <string>
#include <type_traits>
#include <variant>

#include "core/error.hpp"
#include "core/time.hpp"
#include "domain/records/codec.hpp"

namespace sb::connectors::custom {

namespace {

namespace json = boost::json;
namespace records = domain::records;

// Free text is bounded too: a product's description is the longest a platform sends.
constexpr std::size_t k_max_text = 1024 * 1024;
// One 400 names the first problems, not every one of a 16 MB batch.
constexpr std::size_t k_max_errors = 100;

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

struct Errors {
    std::vector<FieldError> list;
    void add(std::string path, std::string why) {
        if (list.size() < k_max_errors)
            list.push_back({std::move(path), std::move(why)});
    }
};

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// The record types spell a string's kind in its member's name: `*_at` are timestamps,
// amounts and prices decimal strings, `id` and `*_id` ids.
bool is_decimal(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && s[i] == '-')
        ++i;
    const std::size_t int_start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
        ++i;
    if (i == int_start)
        return false;
    if (i < s.size() && s[i] == '.') {
        const std::size_t frac_start = ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9')
            ++i;
        if (i == frac_start)
            return false;
    }
    return i == s.size();
}

void check_string(const json::value& v, const std::string& path, std::string_view name, Errors& e) {
    if (!v.is_string()) {
        e.add(path, "must be a string");
        return;
    }
    const std::string_view s = v.get_string();
    if (name == "at" || ends_with(name, "_at")) {
        if (!parse_time(s))
            e.add(path, "must be an RFC 3339 timestamp");
    } else if (name == "amount" || name == "price" || name == "compare_at_price") {
        if (!is_decimal(s))
            e.add(path, "must be a decimal number as a string, e.g. \"10.50\"");
    } else if (name == "id" || ends_with(name, "_id")) {
        if (s.size() > k_max_id)
            e.add(path, "must be at most 255 characters");
    } else if (s.size() > k_max_text) {
        e.add(path, "must be at most " + std::to_string(k_max_text) + " bytes");
    }
}

template <class T>
void check(const json::value& v, const std::string& path, std::string_view name, Errors& e);

template <class T>
void check_object(const json::object& o, const std::string& path, Errors& e) {
    for (const auto& kv : o) {
        bool known = false;
        boost::mp11::mp_for_each<members_of<T>>([&](auto m) { known |= kv.key() == m.name; });
        if (!known)
            e.add(path + "." + std::string(kv.key()), "unknown field");
    }
    boost::mp11::mp_for_each<members_of<T>>([&](auto m) {
        using M = std::remove_cvref_t<decltype(std::declval<T&>().*m.pointer)>;
        if (const auto* x = o.if_contains(m.name))
            check<M>(*x, path + "." + m.name, m.name, e);
    });
}

// As the codec reads a variant: the first alternative whose every member the object has.
template <class V, std::size_t I = 0>
void check_variant(const json::object& o, const std::string& path, Errors& e) {
    if constexpr (I < std::variant_size_v<V>) {
        using Alt = std::variant_alternative_t<I, V>;
        bool all = true;
        boost::mp11::mp_for_each<members_of<Alt>>([&](auto m) { all = all && o.contains(m.name); });
        if (all)
            check_object<Alt>(o, path, e);
        else
            check_variant<V, I + 1>(o, path, e);
    } else {
        e.add(path, "must have every member of one of the documented shapes");
    }
}

template <class T>
void check(const json::value& v, const std::string& path, std::string_view name, Errors& e) {
    if constexpr (std::is_same_v<T, std::string>) {
        check_string(v, path, name, e);
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!v.is_bool())
            e.add(path, "must be a boolean");
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
        if (!v.is_int64() && !(v.is_uint64() && v.get_uint64() <= INT64_MAX))
            e.add(path, "must be an integer");
    } else if constexpr (std::is_same_v<T, double>) {
        if (!v.is_number())
            e.add(path, "must be a number");
    } else if constexpr (is_optional<T>::value) {
        if (!v.is_null())
            check<typename T::value_type>(v, path, name, e);
    } else if constexpr (is_vector<T>::value) {
        if (!v.is_array()) {
            e.add(path, "must be an array");
            return;
        }
        std::size_t i = 0;
        for (const auto& x : v.get_array())
            check<typename T::value_type>(x, path + "[" + std::to_string(i++) + "]", name, e);
    } else if constexpr (is_variant<T>::value) {
        if (!v.is_object())
            e.add(path, "must be an object");
        else
            check_variant<T>(v.get_object(), path, e);
    } else {
        if (!v.is_object())
            e.add(path, "must be an object");
        else
            check_object<T>(v.get_object(), path, e);
    }
}

template <class T>
domain::Record typed_record(json::object data, const std::string& path, const std::string& id,
                            std::int64_t updated_at, std::string raw, Errors& e) {
    if (!data.contains("id"))
        data["id"] = id;
    const auto before = e.list.size();
    check_object<T>(data, path, e);
    if (const auto* given = data.if_contains("id");
        given && given->is_string() && given->get_string() != id)
        e.add(path + ".id", "must equal external_id");
    if (e.list.size() != before)
        return {};
    return records::make_record(records::from_json<T>(data), updated_at, std::move(raw));
}

domain::Record data_record(domain::DataType type, json::object data, const std::string& path,
                           const std::string& id, std::int64_t updated_at, std::string raw,
                           Errors& e) {
    using domain::DataType;
    switch (type) {
        case DataType::shop:
            return typed_record<records::Shop>(std::move(data), path, id, updated_at,
                                               std::move(raw), e);
        case DataType::location:
            return typed_record<records::Location>(std::move(data), path, id, updated_at,
                                                   std::move(raw), e);
        case DataType::customer:
            return typed_record<records::Customer>(std::move(data), path, id, updated_at,
                                                   std::move(raw), e);
        case DataType::product:
            return typed_record<records::Product>(std::move(data), path, id, updated_at,
                                                  std::move(raw), e);
        case DataType::stock: {
            auto r = typed_record<records::Stock>(std::move(data), path, id, updated_at,
                                                  std::move(raw), e);
            // Stock records hang under their inventory item, as a synced one does.
            if (auto s = records::decode<records::Stock>(r.data); s && s->inventory_item_id)
                r.parent_external_id = s->inventory_item_id;
            return r;
        }
        case DataType::order:
            return typed_record<records::Order>(std::move(data), path, id, updated_at,
                                                std::move(raw), e);
        case DataType::cart:
            return typed_record<records::Cart>(std::move(data), path, id, updated_at,
                                               std::move(raw), e);
        case DataType::shipping_service:
            return typed_record<records::ShippingService>(std::move(data), path, id, updated_at,
                                                          std::move(raw), e);
    }
    return {};
}

std::optional<domain::Record> read_item(const json::value& item, const std::string& at, Errors& e) {
    if (!item.is_object()) {
        e.add(at, "must be an object");
        return std::nullopt;
    }
    const auto& o = item.get_object();
    const auto before = e.list.size();
    for (const auto& kv : o) {
        const std::string_view k = kv.key();
        if (k != "type" && k != "external_id" && k != "updated_at" && k != "data" && k != "deleted")
            e.add(at + "." + std::string(k), "unknown field");
    }
    std::optional<domain::DataType> type;
    if (const auto* t = o.if_contains("type"); !t || !t->is_string())
        e.add(at + ".type", "required: a data type name such as COMMERCE_ORDER");
    else if (!(type = domain::parse_data_type(t->get_string())))
        e.add(at + ".type", "unknown data type");
    std::string id;
    if (const auto* x = o.if_contains("external_id");
        !x || !x->is_string() || x->get_string().empty())
        e.add(at + ".external_id", "required: a non-empty string");
    else if (x->get_string().size() > k_max_id)
        e.add(at + ".external_id", "must be at most 255 characters");
    else
        id = std::string(x->get_string());
    std::optional<std::int64_t> updated_at;
    if (const auto* u = o.if_contains("updated_at"); !u || !u->is_string())
        e.add(at + ".updated_at", "required: an RFC 3339 timestamp");
    else if (!(updated_at = parse_time(u->get_string())))
        e.add(at + ".updated_at", "must be an RFC 3339 timestamp");
    bool deleted = false;
    if (const auto* d = o.if_contains("deleted"); d && !d->is_null()) {
        if (!d->is_bool())
            e.add(at + ".deleted", "must be a boolean");
        else
            deleted = d->get_bool();
    }
    const auto* data = o.if_contains("data");
    if (deleted && data && !data->is_null())
        e.add(at + ".data", "must be absent when deleted is true");
    if (!deleted && (!data || !data->is_object()))
        e.add(at + ".data", "required: an object in the type's record shape");
    if (e.list.size() != before)
        return std::nullopt;
    std::string raw = json::serialize(item);
    if (deleted)
        return records::make_tombstone(*type, std::move(id), *updated_at, std::move(raw));
    auto r =
        data_record(*type, data->get_object(), at + ".data", id, *updated_at, std::move(raw), e);
    if (e.list.size() != before)
        return std::nullopt;
    return r;
}

// The records of `list` (at most k_max_batch; empty only when `allow_empty`), each problem
// added to `e` under `records[i]…`.
std::vector<domain::Record> read_list(const json::value* list, bool allow_empty, Errors& e) {
    std::vector<domain::Record> out;
    if (!list || !list->is_array() || (!allow_empty && list->get_array().empty())) {
        e.add("records", allow_empty ? "required: an array of at most 1000 records"
                                     : "required: an array of 1 to 1000 records");
    } else if (list->get_array().size() > k_max_batch) {
        e.add("records", "at most 1000 records per batch");
    } else {
        out.reserve(list->get_array().size());
        std::size_t i = 0;
        for (const auto& item : list->get_array()) {
            if (auto r = read_item(item, "records[" + std::to_string(i++) + "]", e))
                out.push_back(std::move(*r));
        }
    }
    return out;
}

}  // namespace

std::vector<domain::Record> parse_push_batch(std::string_view body) {
    boost::system::error_code ec;
    const auto doc = json::parse(body, ec);
    if (ec || !doc.is_object())
        throw ApiError(Errc::invalid_json, "The body must be a JSON object");
    Errors e;
    const auto& top = doc.get_object();
    for (const auto& kv : top) {
        if (kv.key() != "records")
            e.add(std::string(kv.key()), "unknown field");
    }
    auto out = read_list(top.if_contains("records"), false, e);
    if (!e.list.empty()) {
        throw ApiError(Errc::validation_failed, "The batch has invalid records",
                       "Nothing was stored: fix the fields named and send the whole batch again.",
                       std::move(e.list));
    }
    return out;
}

std::vector<domain::Record> parse_record_list(const json::value* list,
                                              std::vector<FieldError>& errors) {
    Errors e;
    auto out = read_list(list, true, e);
    errors = std::move(e.list);
    if (!errors.empty())
        out.clear();
    return out;
}

}  // namespace sb::connectors::custom
