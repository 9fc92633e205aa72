#include <boost/json/object.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "core/error.hpp"
#include "log/logger.hpp"

namespace sb::api {

void add_system_routes(http::Router& router, const Deps& deps) {
    router.add({"GET", "/healthz", "", true, [](const http::Request&, const http::Context&) {
                    return json_response(200, boost::json::object{{"status", "ok"}});
                }});
    router.add(
        {"GET", "/readyz", "", true,
         [check = deps.check_ready, engine = deps.engine](const http::Request& req,
                                                          const http::Context&) {
             try {
                 check();
             } catch (const std::exception& e) {
                 log::warn("not_ready", {{"request_id", req.request_id}, {"error", e.what()}});
                 ApiError err(Errc::service_unavailable, "The database is not reachable");
                 err.headers.emplace_back("Retry-After", "5");
                 throw err;
             }
             return json_response(200,
                                  boost::json::object{{"status", "ready"}, {"database", engine}});
         }});
    router.add({"GET", "/metrics", "", true,
                [&metrics = deps.metrics](const http::Request&, const http::Context&) {
                    return http::Response::text(200, metrics.render(), "text/plain; version=0.0.4");
                }});
}

}  // namespace sb::api
