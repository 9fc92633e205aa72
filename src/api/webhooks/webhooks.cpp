#include <algorithm>
#include <boost/json/array.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "core/time.hpp"

namespace sb::api {

namespace {

boost::json::object to_json(const storage::WebhookDelivery& d) {
    boost::json::object o{{"id", d.id},
                          {"delivery_id", d.delivery_id},
                          {"topic", d.topic},
                          {"status", d.status},
                          {"attempts", d.attempts},
                          {"occurred_at", format_time(d.occurred_at)},
                          {"received_at", format_time(d.received_at)}};
    o["applied_at"] = d.applied_at ? boost::json::value(format_time(*d.applied_at)) : nullptr;
    o["last_error"] = d.last_error ? boost::json::value(*d.last_error) : nullptr;
    return o;
}

}  // namespace

namespace {

// `status` and `topic` of the deliveries list; 400 naming the field for a status that cannot
// match anything or a topic longer than any platform's.
storage::WebhookDeliveryFilter delivery_filter(const http::Request& req) {
    static constexpr std::string_view k_statuses[] = {"pending", "applying", "applied", "recorded",
                                                      "ignored", "failed",   "rejected"};
    storage::WebhookDeliveryFilter f;
    std::vector<FieldError> errors;
    if (auto v = req.query_param("status")) {
        if (std::find(std::begin(k_statuses), std::end(k_statuses), *v) == std::end(k_statuses)) {
            errors.push_back({"status",
                              "must be one of pending, applying, applied, recorded, "
                              "ignored, failed, rejected"});
        } else {
            f.status = std::string(*v);
        }
    }
    if (auto v = req.query_param("topic")) {
        if (v->empty() || v->size() > 255)
            errors.push_back({"topic", "must be 1 to 255 characters"});
        else
            f.topic = std::string(*v);
    }
    if (!errors.empty())
        throw ApiError(Errc::validation_failed, "Invalid filter", "", std::move(errors));
    return f;
}

}  // namespace

void add_webhook_routes(http::Router& router, const Deps& deps) {
    // The platform's deliveries: public (the signature is the credential), answered once the
    // delivery is stored; the applier does the rest.
    router.add(
        {"POST", "/webhooks/{provider}", "", true,
         [&deps](const http::Request& req, const http::Context&) {
             const connectors::HeaderLookup headers = [&req](std::string_view name) {
                 std::string lower(name);
                 for (auto& ch : lower)
                     ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                 auto v = req.header(lower);
                 return v ? std::string(*v) : std::string();
             };
             auto receipt =
                 deps.webhooks.receive(std::string(req.path_param("provider")), headers, req.body);
             if (receipt.ping)
                 return json_response(200, boost::json::object{{"status", "ping"}});
             return json_response(
                 200, boost::json::object{{"status", receipt.stored > 0 ? "accepted" : "duplicate"},
                                          {"stored", receipt.stored},
                                          {"applied", receipt.applied},
                                          {"duplicates", receipt.duplicates}});
         }});

    router.add(
        {"GET", "/v1/organizations/{organizationId}/integrations/{integrationId}/webhooks",
         "integrations:read", false, [&deps](const http::Request& req, const http::Context& ctx) {
             const std::string org(req.path_param("organizationId"));
             const std::string id(req.path_param("integrationId"));
             deps.integrations.get(account_of(ctx), org, id);  // 404 unless the merchant's
             ListOptions options;
             options.order_fields = {"received_at"};
             auto page = read_page_request(req, deps.cursors, options);
             auto result = deps.webhooks.list(account_of(ctx), id, delivery_filter(req), page);
             boost::json::array items;
             for (const auto& d : result.items)
                 items.push_back(to_json(d));
             return json_response(200, list_body(std::move(items), result.next, page, req,
                                                 deps.public_url, deps.cursors));
         }});
}

}  // namespace sb::api
