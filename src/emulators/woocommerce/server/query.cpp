#include "emulators/woocommerce/server/query.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "core/time.hpp"

namespace sb::emulators::woocommerce {

namespace json = boost::json;

namespace {

std::optional<std::int64_t> to_int(std::string_view v) {
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (v.empty() || ec != std::errc() || p != v.data() + v.size())
        return std::nullopt;
    return n;
}

std::string param(const http::Request& req, std::string_view name) {
    return std::string(req.query_param(name).value_or(""));
}

// `name=a,b` and `name[]=a&name[]=b`, in order; nullopt when neither is given.
std::optional<std::vector<std::string>> list_param(const http::Request& req,
                                                   const std::string& name) {
    std::optional<std::vector<std::string>> out;
    for (const auto& [k, v] : req.query) {
        if (k != name && k != name + "[]")
            continue;
        if (!out)
            out.emplace();
        std::size_t i = 0;
        while (i <= v.size()) {
            const std::size_t j = std::min(v.find(',', i), v.size());
            if (j > i)
                out->push_back(v.substr(i, j - i));
            i = j + 1;
        }
    }
    return out;
}

std::optional<std::vector<std::int64_t>> id_list(const http::Request& req,
                                                 const std::string& name) {
    const auto items = list_param(req, name);
    if (!items)
        return std::nullopt;
    std::vector<std::int64_t> ids;
    for (const auto& s : *items) {
        const auto n = to_int(s);
        if (!n || *n < 0)
            throw invalid_param(
                name, name + "[" + std::to_string(ids.size()) + "] is not of type integer.");
        ids.push_back(*n);
    }
    return ids;
}

std::optional<std::int64_t> int_param(const http::Request& req, const std::string& name) {
    const auto v = req.query_param(name);
    if (!v)
        return std::nullopt;
    const auto n = to_int(*v);
    if (!n)
        throw invalid_param(name, name + " is not of type integer.");
    return n;
}

std::string one_of(const http::Request& req, const std::string& name,
                   const std::vector<std::string>& allowed, const std::string& fallback) {
    const auto v = req.query_param(name);
    if (!v)
        return fallback;
    for (const auto& a : allowed) {
        if (a == *v)
            return a;
    }
    std::string list;
    for (const auto& a : allowed)
        list += (list.empty() ? "" : ", ") + a;
    throw invalid_param(name, name + " is not one of " + list + ".");
}

std::optional<std::int64_t> date_param(const http::Request& req, const std::string& name, bool gmt,
                                       int offset) {
    const auto v = req.query_param(name);
    if (!v)
        return std::nullopt;
    const auto t = parse_wc_date(*v, gmt, offset);
    if (!t)
        throw invalid_param(name, "Invalid date.");
    return t;
}

// Percent-encodes a query component.
std::string encode(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ',') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string page_url(const http::Request& req, const Site& site, std::int64_t page) {
    std::string q;
    for (const auto& [k, v] : req.query) {
        // The credentials never travel on: the keys, and an OAuth signature (whose nonce a
        // link could not use again anyway).
        if (k == "page" || k == "consumer_key" || k == "consumer_secret" ||
            k.rfind("oauth_", 0) == 0)
            continue;
        q += (q.empty() ? "" : "&") + encode(k) + "=" + encode(v);
    }
    q += (q.empty() ? "" : "&") + std::string("page=") + std::to_string(page);
    return site.url + req.path + "?" + q;
}

}  // namespace

ApiError invalid_param(const std::string& name, const std::string& why) {
    return ApiError{400, "rest_invalid_param", "Invalid parameter(s): " + name,
                    json::object{{name, why}}};
}

std::optional<std::int64_t> parse_wc_date(std::string_view text, bool gmt, int utc_offset_minutes) {
    if (text.size() < 19)
        return std::nullopt;
    std::string t(text);
    if (t[10] == ' ' || t[10] == 't')
        t[10] = 'T';
    std::size_t end = 19;
    if (end < t.size() && t[end] == '.') {
        ++end;
        while (end < t.size() && std::isdigit(static_cast<unsigned char>(t[end])))
            ++end;
    }
    const bool has_offset = end < t.size();
    const auto at = parse_time(has_offset ? t : t + "Z");
    if (!at)
        return std::nullopt;
    if (has_offset || gmt)
        return *at;
    return *at - std::int64_t{utc_offset_minutes} * 60'000;
}

ListQuery list_query(const http::Request& req, Collection c, int offset) {
    ListQuery q;
    if (const auto page = int_param(req, "page")) {
        if (*page < 1)
            throw invalid_param("page", "page must be greater than or equal to 1");
        q.page = *page;
    }
    if (const auto per_page = int_param(req, "per_page")) {
        if (*per_page < 1 || *per_page > 100)
            throw invalid_param("per_page",
                                "per_page must be between 1 (inclusive) and 100 (inclusive)");
        q.per_page = *per_page;
    }
    if (const auto off = int_param(req, "offset")) {
        if (*off < 0)
            throw invalid_param("offset", "offset must be greater than or equal to 0");
        q.offset = *off;
    }
    q.include = id_list(req, "include");
    q.exclude = id_list(req, "exclude").value_or(std::vector<std::int64_t>{});
    switch (c) {
        case Collection::orders:
        case Collection::products: {
            const bool gmt = bool_param(req, "dates_are_gmt").value_or(false);
            q.created.after = date_param(req, "after", gmt, offset);
            q.created.before = date_param(req, "before", gmt, offset);
            q.modified.after = date_param(req, "modified_after", gmt, offset);
            q.modified.before = date_param(req, "modified_before", gmt, offset);
            q.descending = one_of(req, "order", {"asc", "desc"}, "desc") == "desc";
            if (c == Collection::orders) {
                q.orderby =
                    one_of(req, "orderby", {"date", "id", "include", "title", "slug"}, "date");
                q.customer = int_param(req, "customer");
                for (const auto& s :
                     list_param(req, "status").value_or(std::vector<std::string>{})) {
                    if (s == "any")
                        continue;
                    if (!known_order_status(s))
                        throw invalid_param("status",
                                            "status[" + std::to_string(q.statuses.size()) +
                                                "] is not one of any, pending, processing, "
                                                "on-hold, completed, cancelled, refunded, "
                                                "failed, trash and checkout-draft.");
                    q.statuses.push_back(s);
                }
            } else {
                q.orderby = one_of(
                    req, "orderby",
                    {"date", "id", "include", "title", "slug", "price", "popularity", "rating"},
                    "date");
                if (req.query_param("type"))
                    q.type = one_of(req, "type", {"simple", "grouped", "external", "variable"}, "");
                q.sku = param(req, "sku");
            }
            break;
        }
        case Collection::customers:
            q.descending = one_of(req, "order", {"asc", "desc"}, "asc") == "desc";
            q.orderby =
                one_of(req, "orderby", {"id", "include", "name", "registered_date"}, "name");
            q.email = param(req, "email");
            break;
        case Collection::webhooks:
            q.descending = one_of(req, "order", {"asc", "desc"}, "desc") == "desc";
            q.orderby = one_of(req, "orderby", {"date", "id", "include", "title"}, "date");
            break;
        case Collection::plain:
            break;
    }
    if (q.orderby == "include" && !q.include)
        throw invalid_param("orderby", "orderby=include needs an include list.");
    return q;
}

http::Response list_response(const http::Request& req, const Site& site, json::array items,
                             std::int64_t total, const ListQuery& q) {
    http::Response res = ok(200, items);
    const std::int64_t pages = (total + q.per_page - 1) / q.per_page;
    res.set_header("X-WP-Total", std::to_string(total));
    res.set_header("X-WP-TotalPages", std::to_string(pages));
    std::string link;
    if (q.page > 1) {
        const std::int64_t prev = std::min(q.page - 1, std::max<std::int64_t>(pages, 1));
        link = "<" + page_url(req, site, prev) + ">; rel=\"prev\"";
    }
    if (q.page < pages)
        link += (link.empty() ? "" : ", ") + std::string("<") + page_url(req, site, q.page + 1) +
                ">; rel=\"next\"";
    if (!link.empty())
        res.set_header("Link", link);
    return res;
}

std::int64_t path_id(const http::Request& req, std::string_view name) {
    const auto n = to_int(req.path_param(name));
    return n ? *n : -1;
}

json::object json_body(const http::Request& req) {
    if (req.body.empty())
        return {};
    boost::system::error_code ec;
    json::value v = json::parse(req.body, ec);
    if (ec || !v.is_object())
        throw ApiError{400, "rest_invalid_json", "Invalid JSON body passed.", {}};
    return std::move(v.as_object());
}

std::optional<bool> bool_param(const http::Request& req, std::string_view name) {
    const auto v = req.query_param(name);
    if (!v)
        return std::nullopt;
    if (*v == "true" || *v == "1")
        return true;
    if (*v == "false" || *v == "0" || v->empty())
        return false;
    throw invalid_param(std::string(name), std::string(name) + " is not of type boolean.");
}

http::Response ok(int status, const json::value& body) {
    return http::Response::json(status, json::serialize(body));
}

Handler wc_route(Handler f) {
    return [f = std::move(f)](const http::Request& req, const http::Context& ctx) {
        try {
            return f(req, ctx);
        } catch (const ApiError& e) {
            return error_response(e);
        }
    };
}

}  // namespace sb::emulators::woocommerce
