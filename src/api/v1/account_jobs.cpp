#include <boost/json/array.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "api/representations.hpp"

namespace sb::api {

namespace {

constexpr domain::JobStatus k_statuses[] = {domain::JobStatus::queued, domain::JobStatus::running,
                                            domain::JobStatus::succeeded, domain::JobStatus::failed,
                                            domain::JobStatus::cancelled};

// The filters of GET /v1/jobs, each named in the 400 when its value cannot match anything.
storage::AccountJobFilter read_filter(const http::Request& req,
                                      const connectors::Registry& connectors) {
    storage::AccountJobFilter f;
    std::vector<FieldError> errors;
    if (auto v = req.query_param("status")) {
        for (auto s : k_statuses) {
            if (domain::job_status_name(s) == *v)
                f.status = s;
        }
        if (!f.status)
            errors.push_back(
                {"status", "must be one of queued, running, succeeded, failed, cancelled"});
    }
    if (auto v = req.query_param("connector")) {
        if (!connectors.find(std::string(*v)))
            errors.push_back({"connector", "must be a connector id (GET /v1/connectors)"});
        else
            f.connector_id = std::string(*v);
    }
    auto id = [&](std::string_view name, std::optional<std::string>& out) {
        if (auto v = req.query_param(name)) {
            if (v->empty() || v->size() > 64)
                errors.push_back({std::string(name), "must be an id of 1 to 64 characters"});
            else
                out = std::string(*v);
        }
    };
    id("integration_id", f.integration_id);
    id("organization_id", f.merchant_id);
    if (!errors.empty())
        throw ApiError(Errc::validation_failed, "Invalid filter", "", std::move(errors));
    return f;
}

}  // namespace

void add_account_job_routes(http::Router& router, const Deps& deps) {
    router.add({"GET", "/v1/jobs", "integrations:read", false,
                [&deps](const http::Request& req, const http::Context& ctx) {
                    const auto filter = read_filter(req, deps.connectors);
                    ListOptions opts;
                    opts.order_fields = {"created_at"};
                    auto page = read_page_request(req, deps.cursors, opts);
                    // Newest first unless order_by says otherwise; the next link names the
                    // order, so its cursor is read in the order it was made for.
                    if (!req.query_param("order_by"))
                        page.descending = true;
                    auto result = deps.console.jobs(account_of(ctx), filter, page);
                    boost::json::array items;
                    for (const auto& a : result.items) {
                        auto o = to_json(a.job, deps.public_url + "/v1/organizations/" +
                                                    a.merchant_id + "/integrations/" +
                                                    a.job.integration_id + "/jobs/" + a.job.id);
                        o["organization_id"] = a.merchant_id;
                        o["connector"] = a.connector_id;
                        items.push_back(std::move(o));
                    }
                    return json_response(200, list_body(std::move(items), result.next, page, req,
                                                        deps.public_url, deps.cursors));
                }});
}

}  // namespace sb::api
