#include <boost/json/array.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "api/request_io.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "domain/events/event_types.hpp"

// Webhooks out (docs/events.md): the account's endpoints, their delivery log and replays,
// and the catalog of event types.
namespace sb::api {

namespace {

namespace json = boost::json;

constexpr std::size_t k_max_url = 2048;
constexpr std::size_t k_max_description = 500;
const std::vector<std::string> k_delivery_statuses = {"pending", "delivered", "failed"};

json::value time_or_null(const std::optional<std::int64_t>& ms) {
    return ms ? json::value(format_time(*ms)) : json::value(nullptr);
}

template <class T>
json::value or_null(const std::optional<T>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

json::object endpoint_json(const domain::WebhookEndpoint& e, const std::string& public_url) {
    const std::string self = public_url + "/v1/webhook-endpoints/" + e.id;
    json::array types;
    for (const auto& t : e.event_types)
        types.emplace_back(t);
    return json::object{
        {"id", e.id},
        {"url", e.url},
        {"description", or_null(e.description)},
        {"event_types", std::move(types)},
        {"enabled", e.enabled},
        {"disabled_reason", or_null(e.disabled_reason)},
        {"previous_secret_expires_at",
         e.previous_secret_until && *e.previous_secret_until > now_ms()
             ? time_or_null(e.previous_secret_until)
             : json::value(nullptr)},
        {"last_success_at", time_or_null(e.last_success_at)},
        {"version", e.version},
        {"created_at", format_time(e.created_at)},
        {"updated_at", format_time(e.updated_at)},
        {"_links", {{"self", {{"href", self}}}, {"deliveries", {{"href", self + "/deliveries"}}}}}};
}

json::object delivery_json(const domain::EventDelivery& d) {
    return json::object{
        {"id", d.id},
        {"endpoint_id", d.endpoint_id},
        {"event_id", d.event_id},
        {"event_type", d.event_type},
        {"seq", d.event_seq},
        {"status", d.status},
        {"attempts", d.attempts},
        {"response_status", or_null(d.response_status)},
        {"last_error", or_null(d.last_error)},
        {"next_attempt_at", d.status == "pending" ? json::value(format_time(d.next_attempt_at))
                                                  : json::value(nullptr)},
        {"last_attempt_at", time_or_null(d.last_attempt_at)},
        {"delivered_at", time_or_null(d.delivered_at)},
        {"created_at", format_time(d.created_at)}};
}

// Every problem in one 400: the body's shape, then the URL and event types the service
// would refuse.
domain::WebhookEndpointInput read_endpoint(const http::Request& req, bool creating,
                                           const domain::WebhookEndpointService& service) {
    const auto body = read_json_object(req);
    BodyReader r(body);
    domain::WebhookEndpointInput in;
    in.url = r.string("url", creating, k_max_url);
    in.event_types = r.strings("event_types");
    if (auto it = body.find("description"); it != body.end() && it->value().is_null()) {
        r.raw("description");
        in.description = std::optional<std::string>();
    } else if (auto d = r.string("description", false, k_max_description)) {
        in.description = std::optional<std::string>(*d);
    }
    in.enabled = r.boolean("enabled");
    for (auto& e : service.problems(in, creating && in.url))
        r.error(std::move(e.name), std::move(e.description));
    r.finish();
    return in;
}

std::int64_t read_time_field(BodyReader& r, std::string_view name, bool required) {
    auto text = r.string(name, required, 64);
    if (!text)
        return 0;
    auto ms = parse_time(*text);
    if (!ms) {
        r.error(std::string(name), "must be an RFC 3339 time, e.g. 2026-12-01T10:00:00Z");
        return 0;
    }
    return *ms;
}

http::Response with_etag(http::Response res, std::int64_t version) {
    res.set_header("ETag", etag_of(version));
    return res;
}

json::object with_secret(json::object o, const std::string& secret) {
    o["secret"] = secret;
    return o;
}

}  // namespace

void add_webhook_endpoint_routes(http::Router& router, const Deps& deps) {
    const std::string base = "/v1/webhook-endpoints";
    const std::string one = base + "/{endpointId}";
    auto& service = deps.webhook_endpoints;
    auto id_of = [](const http::Request& req) { return std::string(req.path_param("endpointId")); };

    router.add(
        {"GET", "/v1/event-types", "webhooks:read", false,
         [](const http::Request&, const http::Context&) {
             json::array items;
             for (const auto& t : domain::events::event_types())
                 items.push_back(json::object{{"name", t.name}, {"description", t.description}});
             const auto count = static_cast<std::int64_t>(items.size());
             return json_response(
                 200, json::object{{"_embedded", {{"items", items}}}, {"count", count}});
         }});
    router.add(
        {"POST", base, "webhooks:write", false,
         [&deps, &service](const http::Request& req, const http::Context& ctx) {
             auto created = service.create(account_of(ctx), read_endpoint(req, true, service));
             auto res = with_etag(
                 json_response(201, with_secret(endpoint_json(created.endpoint, deps.public_url),
                                                created.secret)),
                 created.endpoint.version);
             res.set_header("Location",
                            deps.public_url + "/v1/webhook-endpoints/" + created.endpoint.id);
             return res;
         }});
    router.add({"GET", base, "webhooks:read", false,
                [&deps, &service](const http::Request& req, const http::Context& ctx) {
                    ListOptions opts;
                    opts.order_fields = {"created_at", "updated_at"};
                    auto page = read_page_request(req, deps.cursors, opts);
                    auto result = service.list(account_of(ctx), page);
                    json::array items;
                    for (const auto& e : result.items)
                        items.push_back(endpoint_json(e, deps.public_url));
                    return json_response(200, list_body(std::move(items), result.next, page, req,
                                                        deps.public_url, deps.cursors));
                }});
    router.add({"GET", one, "webhooks:read", false,
                [&deps, &service, id_of](const http::Request& req, const http::Context& ctx) {
                    auto e = service.get(account_of(ctx), id_of(req));
                    return with_etag(json_response(200, endpoint_json(e, deps.public_url)),
                                     e.version);
                }});
    router.add(
        {"PATCH", one, "webhooks:write", false,
         [&deps, &service, id_of](const http::Request& req, const http::Context& ctx) {
             auto e = service.update(account_of(ctx), id_of(req),
                                     read_endpoint(req, false, service), if_match_version(req));
             return with_etag(json_response(200, endpoint_json(e, deps.public_url)), e.version);
         }});
    router.add({"DELETE", one, "webhooks:write", false,
                [&service, id_of](const http::Request& req, const http::Context& ctx) {
                    service.remove(account_of(ctx), id_of(req), if_match_version(req));
                    http::Response res;
                    res.status = 204;
                    return res;
                }});
    router.add({"POST", one + "/rotate-secret", "webhooks:write", false,
                [&deps, &service, id_of](const http::Request& req, const http::Context& ctx) {
                    auto rotated = service.rotate_secret(account_of(ctx), id_of(req));
                    return with_etag(json_response(200, with_secret(endpoint_json(rotated.endpoint,
                                                                                  deps.public_url),
                                                                    rotated.secret)),
                                     rotated.endpoint.version);
                }});
    router.add({"GET", one + "/deliveries", "webhooks:read", false,
                [&deps, &service, id_of](const http::Request& req, const http::Context& ctx) {
                    std::optional<std::string> status;
                    if (auto s = req.query_param("status")) {
                        if (std::find(k_delivery_statuses.begin(), k_delivery_statuses.end(), *s) ==
                            k_delivery_statuses.end()) {
                            throw ApiError(Errc::validation_failed, "Invalid status", "",
                                           {{"status", "must be pending, delivered or failed"}});
                        }
                        status = std::string(*s);
                    }
                    ListOptions opts;
                    opts.order_fields = {"created_at"};
                    auto page = read_page_request(req, deps.cursors, opts);
                    if (!req.query_param("order_by"))
                        page.descending = true;  // the log reads newest first
                    auto result = service.deliveries(account_of(ctx), id_of(req), status, page);
                    json::array items;
                    for (const auto& d : result.items)
                        items.push_back(delivery_json(d));
                    return json_response(200, list_body(std::move(items), result.next, page, req,
                                                        deps.public_url, deps.cursors));
                }});
    router.add({"GET", one + "/deliveries/{deliveryId}", "webhooks:read", false,
                [&service, id_of](const http::Request& req, const http::Context& ctx) {
                    return json_response(200, delivery_json(service.delivery(
                                                  account_of(ctx), id_of(req),
                                                  std::string(req.path_param("deliveryId")))));
                }});
    router.add({"POST", one + "/deliveries/{deliveryId}/replay", "webhooks:write", false,
                [&service, id_of](const http::Request& req, const http::Context& ctx) {
                    return json_response(202, delivery_json(service.replay(
                                                  account_of(ctx), id_of(req),
                                                  std::string(req.path_param("deliveryId")))));
                }});
    router.add({"POST", one + "/replay", "webhooks:write", false,
                [&service, id_of](const http::Request& req, const http::Context& ctx) {
                    const auto body = read_json_object(req);
                    BodyReader r(body);
                    const auto since = read_time_field(r, "since", true);
                    auto until = read_time_field(r, "until", false);
                    r.finish();
                    if (until == 0)
                        until = now_ms() + 1;
                    auto result = service.replay_range(account_of(ctx), id_of(req), since, until);
                    return json_response(
                        202, json::object{{"replayed", result.replayed},
                                          {"truncated", result.resume_at.has_value()},
                                          {"resume_since", time_or_null(result.resume_at)}});
                }});
}

}  // namespace sb::api
