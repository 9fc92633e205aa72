#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/url.hpp>
#include <charconv>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

// Seed 003's commerce reads: GET /api/v6/users/{userId}/commerce-{locations,customers,
// products,orders}, the normalized records of the user's data connections.
namespace sb::api {

namespace {

namespace json = boost::json;

struct CommercePath {
    const char* segment;
    domain::DataType type;
};

constexpr CommercePath k_paths[] = {
    {"commerce-locations", domain::DataType::location},
    {"commerce-customers", domain::DataType::customer},
    {"commerce-products", domain::DataType::product},
    {"commerce-orders", domain::DataType::order},
};

constexpr int k_default_limit = 50;
constexpr int k_max_limit = 200;        // commerce lists
constexpr int k_max_feed_limit = 1000;  // the change feed

// One order each: records by their platform change time, the feed by change sequence.
const ListOptions k_record_order{{"updated_at"}, false};
const ListOptions k_feed_order{{"seq"}, false};

std::optional<std::int64_t> read_time(const http::Request& req, std::string_view name,
                                      std::vector<FieldError>& errors) {
    auto v = req.query_param(name);
    if (!v)
        return std::nullopt;
    auto t = parse_time(*v);
    if (!t)
        errors.push_back({std::string(name), "must be an RFC 3339 date-time"});
    return t;
}

// What a cursor is bound to: the list and its filters, so it cannot be replayed on another.
std::string cursor_scope(std::string_view segment, const http::Request& req) {
    std::string s(segment);
    for (const char* k : {"data_connection_id", "updated_after", "updated_before"})
        s += "|" + std::string(req.query_param(k).value_or(""));
    return s + "|updated_at:asc";
}

// A record as the commerce reads serve it: its normalized data (docs/records.md), the data
// connection it came from, and when the hub last changed it.
json::object record_json(const storage::StoredRecord& r) {
    boost::system::error_code ec;
    auto v = json::parse(r.data, ec);
    json::object o = !ec && v.is_object() ? std::move(v.as_object()) : json::object{};
    o["data_connection_id"] = r.integration_id;
    o["synced_at"] = format_time(r.written_at);
    return o;
}

}  // namespace

void add_commerce_routes(http::Router& router, const Deps& deps) {
    for (const auto& path : k_paths) {
        const std::string segment = path.segment;
        const auto type = path.type;
        router.add(
            {"GET", "/api/v6/users/{userId}/" + segment, "commerce:read", false,
             [&deps, segment, type](const http::Request& req, const http::Context& ctx) {
                 domain::RecordListRequest in;
                 in.type = type;
                 in.limit = read_limit(req, k_default_limit, k_max_limit);
                 read_order(req, k_record_order);
                 std::vector<FieldError> errors;
                 if (auto dc = req.query_param("data_connection_id"); dc && !dc->empty())
                     in.data_connection_id = std::string(*dc);
                 in.updated_after = read_time(req, "updated_after", errors);
                 in.updated_before = read_time(req, "updated_before", errors);
                 if (!errors.empty())
                     throw ApiError(Errc::validation_failed, "Invalid filter", "", errors);
                 const std::string scope = cursor_scope(segment, req);
                 in.after = read_record_cursor(req, deps.cursors, scope);
                 auto page =
                     deps.commerce.list(account_of(ctx), std::string(req.path_param("userId")), in);
                 json::array items;
                 for (const auto& r : page.items)
                     items.push_back(record_json(r));
                 json::object links{{"self", {{"href", deps.public_url + req.target}}}};
                 if (page.next) {
                     boost::urls::url u;
                     u.set_path(req.path);
                     for (const auto& [k, v] : req.query) {
                         if (k != "cursor" && k != "limit")
                             u.params().append({k, v});
                     }
                     u.params().append({"limit", std::to_string(in.limit)});
                     u.params().append({"cursor", record_cursor(deps.cursors, scope, *page.next)});
                     links["next"] = {{"href", deps.public_url + std::string(u.buffer())}};
                 }
                 const auto count = static_cast<std::int64_t>(items.size());
                 return json_response(200,
                                      json::object{{"_embedded", {{"items", std::move(items)}}},
                                                   {"_links", std::move(links)},
                                                   {"count", count}});
             }});
    }

    // The change feed: every write to the merchant's records in commit order. A consumer
    // that keeps asking with after=next_after sees each change once.
    router.add(
        {"GET", "/v1/organizations/{organizationId}/changes", "commerce:read", false,
         [&deps](const http::Request& req, const http::Context& ctx) {
             std::int64_t after = 0;
             if (auto a = req.query_param("after")) {
                 auto [p, ec] = std::from_chars(a->data(), a->data() + a->size(), after);
                 if (ec != std::errc{} || p != a->data() + a->size() || after < 0) {
                     throw ApiError(Errc::validation_failed, "Invalid after", "",
                                    {{"after", "must be a change sequence number (integer >= 0)"}});
                 }
             }
             const int limit = read_limit(req, k_default_limit, k_max_feed_limit);
             read_order(req, k_feed_order);
             refuse_cursor(req, "after=next_after");
             const std::string org(req.path_param("organizationId"));
             auto page = deps.commerce.changes(account_of(ctx), org, after, limit);
             json::array changes;
             for (const auto& r : page.items) {
                 changes.push_back(
                     json::object{{"seq", r.seq},
                                  {"operation", r.deleted                      ? "deleted"
                                                : r.created_at == r.written_at ? "created"
                                                                               : "updated"},
                                  {"type", domain::data_type_name(r.type)},
                                  {"integration_id", r.integration_id},
                                  {"id", r.external_id},
                                  {"updated_at", format_time(r.updated_at)},
                                  {"data", record_json(r)}});
             }
             const std::string base = deps.public_url + "/v1/organizations/" + org + "/changes";
             json::object links{{"self", {{"href", deps.public_url + req.target}}}};
             if (page.more) {
                 links["next"] = {{"href", base + "?after=" + std::to_string(page.next_after) +
                                               "&limit=" + std::to_string(limit)}};
             }
             const auto count = static_cast<std::int64_t>(changes.size());
             return json_response(200,
                                  json::object{{"_embedded", {{"changes", std::move(changes)}}},
                                               {"next_after", page.next_after},
                                               {"_links", std::move(links)},
                                               {"count", count}});
         }});
}

}  // namespace sb::api
