#include <boost/json/parse.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "core/time.hpp"

namespace sb::api {

namespace {

// Stored JSON text as a JSON value; text that does not parse (never written by the hub) is
// answered as the string it is rather than failing the read.
boost::json::value stored_json(const std::string& text) {
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    return ec ? boost::json::value(text) : v;
}

}  // namespace

void add_record_read_routes(http::Router& router, const Deps& deps) {
    router.add(
        {"GET",
         "/v1/organizations/{organizationId}/integrations/{integrationId}/records/{type}/"
         "{externalId}",
         "integrations:read", false, [&deps](const http::Request& req, const http::Context& ctx) {
             const std::string type_name(req.path_param("type"));
             const auto type = domain::parse_data_type(type_name);
             if (!type) {
                 std::string names;
                 for (auto t : domain::all_data_types())
                     names += (names.empty() ? "" : ", ") + std::string(domain::data_type_name(t));
                 throw ApiError(Errc::validation_failed, "Unknown record type", "",
                                {{"type", "must be one of " + names}});
             }
             const std::string org(req.path_param("organizationId"));
             const std::string id(req.path_param("integrationId"));
             const std::string external_id(req.path_param("externalId"));
             auto r = deps.console.record(account_of(ctx), org, id, *type, external_id);
             const std::string self = deps.public_url + "/v1/organizations/" + org +
                                      "/integrations/" + id + "/records/" + type_name + "/" +
                                      external_id;
             return json_response(
                 200, boost::json::object{{"type", type_name},
                                          {"external_id", r.record.external_id},
                                          {"integration_id", r.record.integration_id},
                                          {"updated_at", format_time(r.record.updated_at)},
                                          {"deleted", r.record.deleted},
                                          {"data", stored_json(r.record.data)},
                                          {"raw", stored_json(r.raw)},
                                          {"_links", {{"self", {{"href", self}}}}}});
         }});
}

}  // namespace sb::api
