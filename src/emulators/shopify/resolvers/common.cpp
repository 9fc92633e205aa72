#include "emulators/shopify/resolvers/common.hpp"

#include <charconv>

#include "emulators/common/time_text.hpp"
#include "emulators/shopify/data/money.hpp"
#include "emulators/shopify/resolvers/services.hpp"

namespace sb::emulators::shopify {

namespace json = boost::json;

std::string gid(std::string_view type, std::int64_t id) {
    return "gid://shopify/" + std::string(type) + "/" + std::to_string(id);
}

std::optional<std::pair<std::string, std::int64_t>> parse_gid(std::string_view t) {
    constexpr std::string_view prefix = "gid://shopify/";
    if (t.substr(0, prefix.size()) != prefix)
        return std::nullopt;
    t.remove_prefix(prefix.size());
    const auto slash = t.find('/');
    if (slash == std::string_view::npos)
        return std::nullopt;
    std::string_view num = t.substr(slash + 1);
    if (const auto q = num.find('?'); q != std::string_view::npos)
        num = num.substr(0, q);
    std::int64_t id = 0;
    if (std::from_chars(num.data(), num.data() + num.size(), id).ec != std::errc())
        return std::nullopt;
    return std::make_pair(std::string(t.substr(0, slash)), id);
}

std::string iso_time(std::int64_t ms) {
    return common::format_time_seconds(ms);
}

json::value opt_string(const std::optional<std::string>& s) {
    return s ? json::value(*s) : json::value(nullptr);
}
json::value opt_time(const std::optional<std::int64_t>& ms) {
    return ms ? json::value(iso_time(*ms)) : json::value(nullptr);
}
json::value string_list(const std::vector<std::string>& v) {
    json::array a;
    for (const auto& s : v)
        a.push_back(json::string(s));
    return a;
}

graphql::Entity money_bag(std::int64_t minor, const Order& o) {
    return graphql::make_entity(
        "MoneyBag", MoneyBagRef{minor, o.currency, o.presentment_currency, o.exchange_rate});
}
graphql::Entity money_bag(std::int64_t minor, const std::string& currency) {
    return graphql::make_entity("MoneyBag", MoneyBagRef{minor, currency, currency, 1.0});
}
graphql::Entity money_v2(std::int64_t minor, const std::string& currency) {
    return graphql::make_entity("MoneyV2", MoneyRef{format_money(minor), currency});
}

std::optional<std::int64_t> arg_int(const graphql::Args& args, std::string_view name) {
    const auto* v = args.if_contains(name);
    if (!v || v->is_null())
        return std::nullopt;
    if (v->is_int64())
        return v->as_int64();
    if (v->is_uint64())
        return static_cast<std::int64_t>(v->as_uint64());
    throw graphql::FieldError{
        "Argument '" + std::string(name) + "' must be an Int", "BAD_REQUEST", {}};
}

std::string arg_string(const graphql::Args& args, std::string_view name, std::string fallback) {
    const auto* v = args.if_contains(name);
    if (!v || v->is_null())
        return fallback;
    if (v->is_string())
        return std::string(v->as_string());
    if (v->is_int64())
        return std::to_string(v->as_int64());
    throw graphql::FieldError{
        "Argument '" + std::string(name) + "' must be a String", "BAD_REQUEST", {}};
}

bool arg_bool(const graphql::Args& args, std::string_view name, bool fallback) {
    const auto* v = args.if_contains(name);
    return v && v->is_bool() ? v->as_bool() : fallback;
}

PageRequest page_request(const graphql::Args& args) {
    PageRequest r;
    r.first = arg_int(args, "first");
    r.last = arg_int(args, "last");
    if (r.first && r.last) {
        throw graphql::FieldError{
            "providing both first and last is not supported", "BAD_REQUEST", {}};
    }
    for (auto* n : {&r.first, &r.last}) {
        if (*n && (**n < 0 || **n > 250)) {
            throw graphql::FieldError{"The page size must be between 0 and 250", "BAD_REQUEST", {}};
        }
    }
    if (auto a = arg_string(args, "after"); !a.empty())
        r.after = a;
    if (auto b = arg_string(args, "before"); !b.empty())
        r.before = b;
    r.reverse = arg_bool(args, "reverse");
    return r;
}

void require_scope(const graphql::Context& ctx, std::string_view field, std::string_view scope) {
    const std::string read(scope);
    std::string write = read;
    if (write.rfind("read_", 0) == 0)
        write = "write_" + write.substr(5);
    for (const auto& s : ctx.scopes) {
        if (s == read || s == write)
            return;
    }
    json::object ext{{"code", "ACCESS_DENIED"},
                     {"documentation", "https://shopify.dev/api/usage/access-scopes"},
                     {"requiredAccess", "`" + read + "` access scope."}};
    throw graphql::FieldError{"Access denied for " + std::string(field) +
                                  " field. Required access: `" + read + "` access scope.",
                              "", std::move(ext)};
}

graphql::ConnectionResult slice_connection(std::vector<graphql::Entity> all,
                                           const graphql::Args& args) {
    PageRequest req = page_request(args);
    Collection c;
    c.count = static_cast<std::int64_t>(all.size());
    c.id_of = [](std::int64_t i) { return i; };
    c.index_of = [n = c.count](std::int64_t id) -> std::optional<std::int64_t> {
        if (id < 0 || id >= n)
            return std::nullopt;
        return id;
    };
    Page page;
    if (!paginate(c, req, page))
        throw graphql::FieldError{"Invalid cursor", "BAD_REQUEST", {}};
    graphql::ConnectionResult out;
    for (std::size_t k = 0; k < page.indexes.size(); ++k) {
        out.nodes.push_back(all[static_cast<std::size_t>(page.indexes[k])]);
        out.cursors.push_back(page.cursors[k]);
    }
    out.has_next = page.has_next;
    out.has_previous = page.has_previous;
    return out;
}

}  // namespace sb::emulators::shopify

namespace sb::emulators::shopify {

graphql::Entity user_error(std::vector<std::string> field, std::string message, std::string code) {
    return graphql::make_entity(
        "UserError", UserErrorRef{std::move(field), std::move(message), std::move(code)});
}

void payload_type(
    graphql::Schema& s, const std::string& type,
    const std::vector<std::tuple<std::string, graphql::FieldKind, std::string>>& fields) {
    for (const auto& [name, kind, rtype] : fields) {
        graphql::FieldDef d;
        d.name = name;
        d.kind = kind;
        d.type = rtype;
        d.resolve = [n = name](const graphql::Entity& e, const graphql::Args&,
                               graphql::Context&) -> graphql::Result {
            const auto& p = e.as<PayloadRef>();
            auto it = p.fields.find(n);
            if (it == p.fields.end())
                return boost::json::value(nullptr);
            return it->second;
        };
        s.field(type, std::move(d));
    }
}

}  // namespace sb::emulators::shopify
