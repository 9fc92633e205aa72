#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/url.hpp>
#include <charconv>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "domain/records/change_json.hpp"

// Seed 003's commerce reads: GET /api/v6/users/{userId}/commerce-{locations,customers,
// products,orders}, the normalized records of the user's data connections.
namespace sb::api {

namespace {

namespace json = boost::json;

struct CommercePath {
    std::string_view segment;
    domain::DataType type;
    // The record-data filters the list takes besides the common ones; the accepted values
    // of `status` (empty: no status filter).
    std::vector<std::string_view> data_filters;
    std::vector<std::string_view> statuses;
};

const std::vector<CommercePath> k_paths = {
    {"commerce-locations", domain::DataType::location, {}, {}},
    {"commerce-customers", domain::DataType::customer, {"email"}, {}},
    {"commerce-products", domain::DataType::product, {"status"}, {"active", "draft", "archived"}},
    {"commerce-orders",
     domain::DataType::order,
     {"status", "financial_status", "fulfillment_status", "email", "customer_id"},
     {"open", "closed", "cancelled"}},
};

// The filters of every commerce list, then the paging parameters.
constexpr std::string_view k_common_filters[] = {
    "data_connection_id", "updated_after", "updated_before", "created_after", "created_before"};
constexpr std::string_view k_paging[] = {"limit", "cursor", "order_by"};

constexpr int k_default_limit = 50;
constexpr int k_max_limit = 200;        // commerce lists
constexpr int k_max_feed_limit = 1000;  // the change feed
constexpr std::size_t k_max_filter_size = 256;

// Records by the platform's change or creation time, either way (the first the default); the
// feed by change sequence.
const ListOptions k_record_order{{"updated_at", "created_at"}, true};
const ListOptions k_feed_order{{"seq"}, false};

// A parameter the route does not take is refused, so a typo or an unsupported filter never
// reads as "no filter"; so is one given twice.
void refuse_unknown_parameters(const http::Request& req,
                               const std::vector<std::string_view>& accepted) {
    std::vector<FieldError> errors;
    auto reported = [&](const std::string& k) {
        return std::any_of(errors.begin(), errors.end(),
                           [&](const FieldError& e) { return e.name == k; });
    };
    std::string names;
    for (auto a : accepted)
        names += (names.empty() ? "" : ", ") + std::string(a);
    for (std::size_t i = 0; i < req.query.size(); ++i) {
        const auto& k = req.query[i].first;
        if (reported(k))
            continue;
        if (std::find(accepted.begin(), accepted.end(), k) == accepted.end()) {
            errors.push_back({k, "unknown parameter; this route takes " + names});
        } else if (std::any_of(req.query.begin(), req.query.begin() + static_cast<long>(i),
                               [&](const auto& q) { return q.first == k; })) {
            errors.push_back({k, "given more than once"});
        }
    }
    if (!errors.empty())
        throw ApiError(Errc::validation_failed, "Invalid query parameters", "", errors);
}

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

std::optional<std::string> read_text(const http::Request& req, std::string_view name,
                                     std::vector<FieldError>& errors) {
    auto v = req.query_param(name);
    if (!v)
        return std::nullopt;
    if (v->empty() || v->size() > k_max_filter_size) {
        errors.push_back({std::string(name),
                          "must be 1 to " + std::to_string(k_max_filter_size) + " characters"});
        return std::nullopt;
    }
    return std::string(*v);
}

std::optional<std::string> read_status(const http::Request& req, const CommercePath& path,
                                       std::vector<FieldError>& errors) {
    auto v = read_text(req, "status", errors);
    if (v && std::find(path.statuses.begin(), path.statuses.end(), *v) == path.statuses.end()) {
        std::string accepted;
        for (auto s : path.statuses)
            accepted += (accepted.empty() ? "" : ", ") + std::string(s);
        errors.push_back({"status", "must be one of " + accepted});
    }
    return v;
}

std::vector<std::string_view> accepted_parameters(const CommercePath& path) {
    std::vector<std::string_view> out(std::begin(k_common_filters), std::end(k_common_filters));
    out.insert(out.end(), path.data_filters.begin(), path.data_filters.end());
    out.insert(out.end(), std::begin(k_paging), std::end(k_paging));
    return out;
}

// What a cursor is bound to: the list, its filters and its order, so it cannot be replayed on
// another. Values are length-prefixed, so no two filter sets make the same text.
std::string cursor_scope(const CommercePath& path, const http::Request& req,
                         const domain::PageRequest& order) {
    std::string s(path.segment);
    for (auto k : accepted_parameters(path)) {
        if (std::find(std::begin(k_paging), std::end(k_paging), k) != std::end(k_paging))
            continue;
        const auto v = req.query_param(k).value_or("");
        s += "|" + std::string(k) + "=" + std::to_string(v.size()) + ":" + std::string(v);
    }
    return s + "|" + order.order_field + (order.descending ? ":desc" : ":asc");
}

// The created_at order's cursors carry data's created_at (text); the updated_at order's are
// the records' cursors of the other lists.
std::optional<storage::RecordPosition> read_cursor(const http::Request& req,
                                                   const CursorCodec& codec,
                                                   const std::string& scope, bool by_created) {
    if (!by_created)
        return read_record_cursor(req, codec, scope);
    auto c = req.query_param("cursor");
    if (!c)
        return std::nullopt;
    auto pos = codec.decode(std::string(*c), scope);
    const auto* at = pos ? std::get_if<std::string>(&pos->value) : nullptr;
    const auto slash = pos ? pos->id.find('/') : std::string::npos;
    if (!at || slash == std::string::npos) {
        throw ApiError(Errc::invalid_cursor, "The cursor is invalid",
                       "Use the next link of the previous page, with the same order_by.",
                       {{"cursor", "invalid"}});
    }
    storage::RecordPosition p;
    p.created_at = *at;
    p.integration_id = pos->id.substr(0, slash);
    p.external_id = pos->id.substr(slash + 1);
    return p;
}

std::string write_cursor(const CursorCodec& codec, const std::string& scope, bool by_created,
                         const storage::RecordPosition& p) {
    if (!by_created)
        return record_cursor(codec, scope, p);
    return codec.encode(scope,
                        domain::Position{p.created_at, p.integration_id + "/" + p.external_id});
}

domain::RecordListRequest read_list_request(const http::Request& req, const CommercePath& path) {
    domain::RecordListRequest in;
    in.type = path.type;
    std::vector<FieldError> errors;
    in.data_connection_id = read_text(req, "data_connection_id", errors);
    auto& f = in.filter;
    f.updated_after = read_time(req, "updated_after", errors);
    f.updated_before = read_time(req, "updated_before", errors);
    f.created_after = read_time(req, "created_after", errors);
    f.created_before = read_time(req, "created_before", errors);
    const auto& takes = path.data_filters;
    auto read = [&](std::string_view name, std::optional<std::string>& into) {
        if (std::find(takes.begin(), takes.end(), name) != takes.end())
            into = read_text(req, name, errors);
    };
    if (std::find(takes.begin(), takes.end(), "status") != takes.end())
        f.status = read_status(req, path, errors);
    read("financial_status", f.financial_status);
    read("fulfillment_status", f.fulfillment_status);
    read("email", f.email);
    read("customer_id", f.customer_id);
    if (!errors.empty())
        throw ApiError(Errc::validation_failed, "Invalid filter", "", errors);
    return in;
}

json::object record_json(const storage::StoredRecord& r) {
    return domain::records::record_json(r.data, r.integration_id, r.written_at);
}

}  // namespace

void add_commerce_routes(http::Router& router, const Deps& deps) {
    for (const auto& path : k_paths) {
        const std::string segment(path.segment);
        router.add({"GET", "/api/v6/users/{userId}/" + segment, "commerce:read", false,
                    [&deps, &path](const http::Request& req, const http::Context& ctx) {
                        refuse_unknown_parameters(req, accepted_parameters(path));
                        auto in = read_list_request(req, path);
                        in.limit = read_limit(req, k_default_limit, k_max_limit);
                        const auto order = read_order(req, k_record_order);
                        const bool by_created = order.order_field == "created_at";
                        in.order = by_created ? storage::RecordOrder::created_at
                                              : storage::RecordOrder::updated_at;
                        in.descending = order.descending;
                        const std::string scope = cursor_scope(path, req, order);
                        in.after = read_cursor(req, deps.cursors, scope, by_created);
                        auto page = deps.commerce.list(account_of(ctx),
                                                       std::string(req.path_param("userId")), in);
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
                            u.params().append({"cursor", write_cursor(deps.cursors, scope,
                                                                      by_created, *page.next)});
                            links["next"] = {{"href", deps.public_url + std::string(u.buffer())}};
                        }
                        const auto count = static_cast<std::int64_t>(items.size());
                        return json_response(
                            200, json::object{{"_embedded", {{"items", std::move(items)}}},
                                              {"_links", std::move(links)},
                                              {"count", count}});
                    }});
        // One record by the id the list items carry (the platform's), with the list item's
        // data_connection_id when the user's stores share ids.
        router.add({"GET", "/api/v6/users/{userId}/" + segment + "/{id}", "commerce:read", false,
                    [&deps, &path](const http::Request& req, const http::Context& ctx) {
                        refuse_unknown_parameters(req, {"data_connection_id"});
                        std::vector<FieldError> errors;
                        auto dc = read_text(req, "data_connection_id", errors);
                        if (!errors.empty())
                            throw ApiError(Errc::validation_failed, "Invalid filter", "", errors);
                        auto r = deps.commerce.get(account_of(ctx),
                                                   std::string(req.path_param("userId")), path.type,
                                                   std::string(req.path_param("id")), dc);
                        return json_response(200, record_json(r));
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
                 const std::string_view operation = r.deleted                      ? "deleted"
                                                    : r.created_at == r.written_at ? "created"
                                                                                   : "updated";
                 changes.push_back(
                     domain::records::change_json({r.seq, operation, domain::data_type_name(r.type),
                                                   r.integration_id, r.external_id, r.updated_at},
                                                  record_json(r)));
             }
             const std::string base = deps.public_url + "/v1/organizations/" + org + "/changes";
             json::object links{{"self", {{"href", deps.public_url + req.target}}}};
             if (page.more) {
                 links["next"] = {{"href", base + "?after=" + std::to_string(page.next_after) +
                                               "&limit=" + std::to_string(limit)}};
             }
             const auto count = static_cast<std::int64_t>(changes.size());
             // `_embedded.items`, the key of every list. `_embedded.changes`, the feed's key
             // until this release, repeats it for one more release (deprecated: openapi.yaml).
             json::object embedded;
             embedded["items"] = changes;
             embedded["changes"] = std::move(changes);
             return json_response(200, json::object{{"_embedded", std::move(embedded)},
                                                    {"next_after", page.next_after},
                                                    {"_links", std::move(links)},
                                                    {"count", count}});
         }});
}

}  // namespace sb::api
