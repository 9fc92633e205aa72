#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "core/time.hpp"
#include "json/fields_json.hpp"

namespace sb::api {

namespace {

boost::json::object to_json(const domain::AuditEntry& e) {
    return {{"id", e.id},
            {"actor", e.actor},
            {"action", e.action},
            {"subject_type", e.subject_type},
            {"subject_id", e.subject_id},
            {"detail", json::fields_to_json(e.detail)},
            {"created_at", format_time(e.created_at)}};
}

}  // namespace

// GET /v1/audit-log: what was done in the account and by whom, newest first.
void add_audit_log_routes(http::Router& router, const Deps& deps) {
    router.add({"GET", "/v1/audit-log", "account:read", false,
                [&deps](const http::Request& req, const http::Context& ctx) {
                    ListOptions opts;
                    opts.order_fields = {"created_at"};
                    auto page = read_page_request(req, deps.cursors, opts);
                    // Newest first unless order_by says otherwise; the next link names the
                    // order, so its cursor is read in the order it was made for.
                    if (!req.query_param("order_by"))
                        page.descending = true;
                    auto result = deps.integrations.audit_log(account_of(ctx), page);
                    boost::json::array items;
                    for (const auto& e : result.items)
                        items.push_back(to_json(e));
                    return json_response(200, list_body(std::move(items), result.next, page, req,
                                                        deps.public_url, deps.cursors));
                }});
}

}  // namespace sb::api
