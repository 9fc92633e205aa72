#include <boost/json/array.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "api/representations.hpp"
#include "api/request_io.hpp"

namespace sb::api {

namespace {

constexpr const char* k_one = "/v1/organizations/{organizationId}/integrations/{integrationId}";

struct SyncPath {
    const char* segment;
    domain::DataType type;
};

// Seed 002's four async syncs.
constexpr SyncPath k_sync_paths[] = {
    {"orders", domain::DataType::order},
    {"products", domain::DataType::product},
    {"shipping-services", domain::DataType::shipping_service},
    {"product-stocks", domain::DataType::stock},
    {"customers", domain::DataType::customer},
};

// `?mode=` or the body's `mode`: incremental (the default) or full. Both given must agree.
domain::SyncMode read_sync_mode(const http::Request& req) {
    std::vector<FieldError> errors;
    std::optional<std::string> from_query, from_body;
    if (auto v = req.query_param("mode"))
        from_query = std::string(*v);
    if (!req.body.empty()) {
        const auto body = read_json_object(req);
        BodyReader r(body);
        from_body = r.string("mode");
        r.finish();
    }
    auto parse = [&](const std::optional<std::string>& v,
                     const char* name) -> std::optional<domain::SyncMode> {
        if (!v)
            return std::nullopt;
        if (*v == "incremental")
            return domain::SyncMode::incremental;
        if (*v == "full")
            return domain::SyncMode::full;
        errors.push_back({name, "must be incremental or full"});
        return std::nullopt;
    };
    const auto q = parse(from_query, "mode");
    const auto b = parse(from_body, "mode");
    if (errors.empty() && q && b && *q != *b)
        errors.push_back({"mode", "the query and the body ask for different modes"});
    if (!errors.empty())
        throw ApiError(Errc::validation_failed, "Invalid sync mode", "", std::move(errors));
    return q.value_or(b.value_or(domain::SyncMode::incremental));
}

}  // namespace

void add_job_routes(http::Router& router, const Deps& deps) {
    auto org = [](const http::Request& req) {
        return std::string(req.path_param("organizationId"));
    };
    auto id = [](const http::Request& req) { return std::string(req.path_param("integrationId")); };
    auto href = [&deps](const std::string& merchant_id, const domain::SyncJob& j) {
        return deps.public_url + "/v1/organizations/" + merchant_id + "/integrations/" +
               j.integration_id + "/jobs/" + j.id;
    };

    for (const auto& path : k_sync_paths) {
        const auto type = path.type;
        router.add(
            {"POST", std::string(k_one) + "/sync/" + path.segment, "integrations:write", false,
             [&deps, org, id, href, type](const http::Request& req, const http::Context& ctx) {
                 // Unknown body fields are refused, so a typo is not ignored.
                 const auto mode = read_sync_mode(req);
                 auto result =
                     deps.integrations.request_sync(account_of(ctx), org(req), id(req), type, mode);
                 auto res = json_response(202, to_json(result.job, href(org(req), result.job)));
                 res.set_header("Location", href(org(req), result.job));
                 return res;
             }});
    }
    router.add({"GET", std::string(k_one) + "/jobs", "integrations:read", false,
                [&deps, org, id, href](const http::Request& req, const http::Context& ctx) {
                    auto page = read_page_request(req, deps.cursors);
                    auto result =
                        deps.integrations.list_jobs(account_of(ctx), org(req), id(req), page);
                    boost::json::array items;
                    for (const auto& j : result.items)
                        items.push_back(to_json(j, href(org(req), j)));
                    return json_response(200, list_body(std::move(items), result.next, page, req,
                                                        deps.public_url, deps.cursors));
                }});
    router.add({"GET", std::string(k_one) + "/jobs/{jobId}", "integrations:read", false,
                [&deps, org, id, href](const http::Request& req, const http::Context& ctx) {
                    auto j = deps.integrations.get_job(account_of(ctx), org(req), id(req),
                                                       std::string(req.path_param("jobId")));
                    return json_response(200, to_json(j, href(org(req), j)));
                }});
    router.add({"POST", std::string(k_one) + "/jobs/{jobId}/cancel", "integrations:write", false,
                [&deps, org, id, href](const http::Request& req, const http::Context& ctx) {
                    auto j = deps.integrations.cancel_job(account_of(ctx), org(req), id(req),
                                                          std::string(req.path_param("jobId")));
                    return json_response(200, to_json(j, href(org(req), j)));
                }});
}

}  // namespace sb::api
