#include <boost/json/array.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "api/representations.hpp"
#include "core/error.hpp"

namespace sb::api {

void add_connector_routes(http::Router& router, const Deps& deps) {
    router.add({"GET", "/v1/connectors", "integrations:read", false,
                [&deps](const http::Request& req, const http::Context&) {
                    boost::json::array items;
                    for (const auto* c : deps.connectors.all())
                        items.push_back(to_json(c->spec()));
                    const auto count = items.size();
                    return json_response(
                        200, boost::json::object{
                                 {"_embedded", {{"items", std::move(items)}}},
                                 {"_links", {{"self", {{"href", deps.public_url + req.path}}}}},
                                 {"count", count}});
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
