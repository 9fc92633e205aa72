#include "api/deps.hpp"
#include "api/json_io.hpp"

namespace sb::api {

namespace {

boost::json::object receipt_json(const domain::PushReceipt& r) {
    return {{"status", r.duplicate ? "duplicate" : "accepted"},
            {"received", r.received},
            {"written", r.written},
            {"unchanged", r.unchanged},
            {"last_change_seq", r.last_change_seq}};
}

}  // namespace

void add_record_push_routes(http::Router& router, const Deps& deps) {
    // With the account's token. Idempotency-Key is the dispatcher's, as for every POST.
    router.add(
        {"POST", "/v1/organizations/{organizationId}/integrations/{integrationId}/records",
         "integrations:write", false, [&deps](const http::Request& req, const http::Context& ctx) {
             auto r = deps.push.push(account_of(ctx), std::string(req.path_param("organizationId")),
                                     std::string(req.path_param("integrationId")), req.body);
             return json_response(200, receipt_json(r));
         }});

    // Signed by the merchant's system: public, the signature is the credential. A replayed
    // webhook-id answers like a redelivered platform webhook: 200, "duplicate".
    router.add({"POST", "/webhooks/custom/{integrationId}", "", true,
                [&deps](const http::Request& req, const http::Context&) {
                    const connectors::HeaderLookup headers = [&req](std::string_view name) {
                        auto v = req.header(name);
                        return v ? std::string(*v) : std::string();
                    };
                    auto r = deps.push.push_signed(std::string(req.path_param("integrationId")),
                                                   headers, req.body);
                    return json_response(200, receipt_json(r));
                }});
}

}  // namespace sb::api
