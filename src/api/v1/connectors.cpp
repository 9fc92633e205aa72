#include <boost/json/array.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "api/representations.hpp"
#include "core/error.hpp"

namespace sb::api {

void add_connector_routes(http::Router& router, const Deps& deps) {
    router.add({"GET", "/v1/connectors", "integrations:read", false,
                [&deps](const http::Request& req, const http::Context&) {
                    // The catalog in the registry's order: one order, no order_by.
                    std::vector<ListRow> rows;
                    for (const auto* c : deps.connectors.all()) {
                        rows.push_back({{static_cast<std::int64_t>(rows.size()), c->id()},
                                        to_json(c->spec())});
                    }
                    ListOptions options;
                    options.order_fields = {};
                    return json_response(200, whole_list_page(std::move(rows), req, deps.public_url,
                                                              deps.cursors, options));
                }});
    router.add({"GET", "/v1/connectors/{connectorId}", "integrations:read", false,
                [&deps](const http::Request& req, const http::Context&) {
                    auto* c = deps.connectors.find(req.path_param("connectorId"));
                    if (!c)
                        throw ApiError(
                            Errc::not_found,
                            "Unknown connector: " + std::string(req.path_param("connectorId")));
                    auto body = to_json(c->spec());
                    body["_links"] = {{"self", {{"href", deps.public_url + req.path}}}};
                    return json_response(200, body);
                }});
}

}  // namespace sb::api
