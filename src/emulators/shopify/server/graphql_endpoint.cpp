#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "emulators/shopify/graphql/executor.hpp"
#include "emulators/shopify/graphql/parser.hpp"
#include "emulators/shopify/server/runtime.hpp"

// POST /admin/api/{version}/graphql.json: parse, validate, price, debit, execute, refund.
namespace sb::emulators::shopify {

namespace json = boost::json;

namespace {

json::object cost_extension(int requested, double actual, const CostBucket::Status& s) {
    return {{"cost",
             json::object{
                 {"requestedQueryCost", requested},
                 {"actualQueryCost", actual < 0 ? json::value(nullptr)
                                                : json::value(static_cast<std::int64_t>(actual))},
                 {"throttleStatus",
                  json::object{{"maximumAvailable", static_cast<std::int64_t>(s.maximum)},
                               {"currentlyAvailable", static_cast<std::int64_t>(s.available)},
                               {"restoreRate", static_cast<std::int64_t>(s.restore_rate)}}}}}};
}

http::Response reply(int status, const json::object& body) {
    return http::Response::json(status, json::serialize(body));
}

// `used_deprecated`: the request selected a field the version marks deprecated.
http::Response handle(Runtime& rt, const http::Request& req, bool& used_deprecated);

http::Response handle_versioned(Runtime& rt, const http::Request& req) {
    bool used_deprecated = false;
    http::Response res = handle(rt, req, used_deprecated);
    stamp_version(rt, req, res, used_deprecated);
    return res;
}

http::Response handle(Runtime& rt, const http::Request& req, bool& used_deprecated) {
    ++rt.counters.graphql;
    auto grant = authenticate(rt, req);
    if (!grant) {
        return reply(
            401,
            {{"errors",
              "[API] Invalid API key or access token (unrecognized login or wrong password)"}});
    }
    std::string query, operation;
    json::object variables;
    if (req.media_type() == "application/graphql") {
        query = req.body;
    } else {
        boost::system::error_code ec;
        auto v = json::parse(req.body, ec);
        if (ec || !v.is_object())
            return reply(
                400,
                {{"errors",
                  json::object{{"query", json::array{"Required parameter missing or invalid"}}}}});
        const auto& o = v.as_object();
        if (const auto* q = o.if_contains("query"); q && q->is_string())
            query = std::string(q->as_string());
        if (const auto* n = o.if_contains("operationName"); n && n->is_string())
            operation = std::string(n->as_string());
        if (const auto* vs = o.if_contains("variables"); vs && vs->is_object())
            variables = vs->as_object();
    }
    if (query.empty()) {
        return reply(
            400, {{"errors",
                   json::object{{"query", json::array{"Required parameter missing or invalid"}}}}});
    }
    graphql::Document doc;
    try {
        doc = graphql::parse_document(query);
    } catch (const graphql::SyntaxError& e) {
        return reply(
            200,
            {{"errors", json::array{json::object{
                            {"message", e.message},
                            {"locations", json::array{json::object{{"line", e.loc.line},
                                                                   {"column", e.loc.column}}}}}}}});
    }
    Services sv = rt.services(answered_version(rt, req));
    auto analysis = graphql::analyze(doc, operation, variables, *sv.schema);
    if (!analysis.errors.empty())
        return reply(200, {{"errors", analysis.errors}});
    const int requested = analysis.requested_cost;
    // Shopify's buckets are never below 1000 points; a smaller --bucket-size lowers the single
    // query limit too, so a query the bucket could never pay is refused, not throttled forever.
    const int max_cost = static_cast<int>(std::min(1000.0, rt.limits.graphql_bucket));
    if (requested > max_cost) {
        return reply(
            200,
            {{"errors",
              json::array{json::object{
                  {"message", "Query cost is " + std::to_string(requested) +
                                  ", which exceeds the single query max cost limit (" +
                                  std::to_string(max_cost) +
                                  ").\n\n"
                                  "To query larger amounts of data with fewer limits, use bulk "
                                  "operations instead."},
                  {"extensions",
                   json::object{{"code", "MAX_COST_EXCEEDED"},
                                {"cost", requested},
                                {"maxCost", max_cost},
                                {"documentation", "https://shopify.dev/api/usage/rate-limits"}}}}}},
             {"extensions", cost_extension(requested, -1, rt.cost_bucket->peek())}});
    }
    const bool storm = rt.faults.storm();
    auto status =
        storm ? CostBucket::Status{false, rt.limits.graphql_bucket, 0, rt.limits.graphql_restore}
              : rt.cost_bucket->try_debit(requested);
    if (!status.ok) {
        ++rt.counters.graphql_throttled;
        return reply(
            200,
            {{"errors",
              json::array{json::object{
                  {"message", "Throttled"},
                  {"extensions",
                   json::object{{"code", "THROTTLED"},
                                {"documentation", "https://shopify.dev/api/usage/rate-limits"}}}}}},
             {"extensions", cost_extension(requested, -1, status)}});
    }
    graphql::Context ctx;
    ctx.env = &sv;
    ctx.seed = rt.options.seed;
    ctx.scopes = grant->scopes;
    graphql::Execution ex = graphql::execute(doc, analysis, *sv.schema, ctx);
    const double actual = std::min<double>(requested, ctx.actual_cost);
    status = rt.cost_bucket->refund(requested - actual);
    rt.counters.graphql_points_requested += requested;
    rt.counters.graphql_points_spent += static_cast<std::int64_t>(std::llround(actual));
    json::object body{{"data", ex.data}};
    if (!ex.errors.empty())
        body["errors"] = ex.errors;
    body["extensions"] = cost_extension(requested, actual, status);
    used_deprecated = analysis.used_deprecated;
    return reply(200, body);
}

}  // namespace

void add_graphql_routes(http::Router& r, Runtime& rt) {
    auto h = [&rt](const http::Request& req, const http::Context&) {
        return handle_versioned(rt, req);
    };
    r.add({"POST", "/admin/api/{version}/graphql.json", "", true, h});
    r.add({"POST", "/admin/api/graphql.json", "", true, h});
}

}  // namespace sb::emulators::shopify
