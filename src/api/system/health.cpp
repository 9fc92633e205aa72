#include <boost/json/object.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "core/error.hpp"
#include "log/logger.hpp"

namespace sb::api {

namespace {

// The gauges read from the database at scrape time: two queries whatever its size.
std::string gauges_text(domain::ConsoleService& console) {
    domain::ConsoleService::Gauges g;
    try {
        g = console.gauges();
    } catch (const std::exception& e) {
        // The in-process counters still answer; /readyz tells that the database is away.
        log::warn("metrics_gauges_unavailable", {{"error", e.what()}});
        return {};
    }
    std::vector<http::GaugeSample> jobs;
    for (const auto& c : g.jobs)
        jobs.push_back({{{"status", c.status}, {"connector", c.connector_id}}, c.count});
    return http::render_gauge(core::k_jobs, jobs) +
           http::render_gauge(core::k_queue_depth,
                              {{{{"queue", "sync_jobs"}}, g.queues.queued_jobs},
                               {{{"queue", "webhook_inbox"}}, g.queues.webhook_backlog},
                               {{{"queue", "event_outbox"}}, g.queues.event_backlog}});
}

}  // namespace

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
                [&metrics = deps.metrics, &console = deps.console](const http::Request&,
                                                                   const http::Context&) {
                    return http::Response::text(200, metrics.render() + gauges_text(console),
                                                "text/plain; version=0.0.4");
                }});
}

}  // namespace sb::api
