#include "emulators/bigcommerce/server/query.hpp"

#include <boost/json/parse.hpp>
#include <charconv>

#include "emulators/bigcommerce/data/dates.hpp"
#include "emulators/bigcommerce/server/runtime.hpp"

namespace sb::emulators::bigcommerce {

namespace json = boost::json;

namespace {

std::optional<std::int64_t> to_int(std::string_view v) {
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size())
        return std::nullopt;
    return n;
}

std::string link(std::int64_t page, std::int64_t limit) {
    return "?page=" + std::to_string(page) + "&limit=" + std::to_string(limit);
}

}  // namespace

std::string param(const http::Request& req, std::string_view name) {
    return std::string(req.query_param(name).value_or(""));
}

std::optional<std::int64_t> int_param(const http::Request& req, std::string_view name) {
    const std::string v = param(req, name);
    if (v.empty())
        return std::nullopt;
    auto n = to_int(v);
    if (!n)
        throw BadInput{400, "The parameter '" + std::string(name) + "' must be an integer.",
                       std::string(name)};
    return n;
}

PageRequest page_request(const http::Request& req) {
    PageRequest p;
    if (auto page = int_param(req, "page")) {
        if (*page < 1)
            throw BadInput{400, "The parameter 'page' must be at least 1.", "page"};
        p.page = *page;
    }
    if (auto limit = int_param(req, "limit")) {
        if (*limit > 250)
            throw BadInput{413, "The limit parameter exceeded the maximum of 250.", "limit"};
        if (*limit < 1)
            throw BadInput{400, "The parameter 'limit' must be at least 1.", "limit"};
        p.limit = *limit;
    }
    return p;
}

std::optional<std::vector<std::int64_t>> id_list(const http::Request& req, std::string_view name) {
    const std::string v = param(req, name);
    if (!req.query_param(name))
        return std::nullopt;
    std::vector<std::int64_t> out;
    std::size_t i = 0;
    while (i <= v.size()) {
        const std::size_t j = std::min(v.find(',', i), v.size());
        auto n = to_int(std::string_view(v).substr(i, j - i));
        if (!n)
            throw BadInput{400,
                           "The parameter '" + std::string(name) +
                               "' must be a comma-separated list of integers.",
                           std::string(name)};
        out.push_back(*n);
        i = j + 1;
    }
    return out;
}

TimeWindow date_window(const http::Request& req, const std::string& min_name,
                       const std::string& max_name) {
    TimeWindow w;
    for (const std::string* name : {&min_name, &max_name}) {
        const std::string v = param(req, *name);
        if (v.empty())
            continue;
        auto t = parse_date(v);
        if (!t)
            throw BadInput{400,
                           "The parameter '" + *name +
                               "' must be an RFC 2822 or ISO 8601 date, or a Unix timestamp.",
                           *name};
        (name == &min_name ? w.min : w.max) = *t;
    }
    return w;
}

json::object json_body(const http::Request& req) {
    boost::system::error_code ec;
    auto v = json::parse(req.body, ec);
    if (ec || !v.is_object())
        throw BadInput{400, "The request body must be a JSON object.", "body"};
    return std::move(v.as_object());
}

std::int64_t path_id(const http::Request& req, std::string_view name) {
    auto n = to_int(req.path_param(name));
    if (!n)
        throw BadInput{404, "The requested resource was not found.", std::string(name)};
    return *n;
}

json::object pagination_meta(std::int64_t total, std::int64_t count, const PageRequest& p) {
    const std::int64_t pages = total == 0 ? 0 : (total + p.limit - 1) / p.limit;
    json::object links;
    if (p.page > 1)
        links["previous"] = link(p.page - 1, p.limit);
    links["current"] = link(p.page, p.limit);
    if (p.page < pages)
        links["next"] = link(p.page + 1, p.limit);
    return {{"pagination", json::object{{"total", total},
                                        {"count", count},
                                        {"per_page", p.limit},
                                        {"current_page", p.page},
                                        {"total_pages", pages},
                                        {"links", std::move(links)}}}};
}

Handler v2_route(Handler f) {
    return [f = std::move(f)](const http::Request& req, const http::Context& ctx) {
        try {
            return f(req, ctx);
        } catch (const BadInput& e) {
            return error_v2(e.status, e.message);
        }
    };
}

Handler v3_route(Handler f) {
    return [f = std::move(f)](const http::Request& req, const http::Context& ctx) {
        try {
            return f(req, ctx);
        } catch (const BadInput& e) {
            json::object errors;
            if (!e.field.empty() && e.status == 422)
                errors[e.field] = e.message;
            return error_v3(e.status, e.message, std::move(errors));
        }
    };
}

}  // namespace sb::emulators::bigcommerce
