#include <boost/json/array.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "api/representations.hpp"
#include "api/request_io.hpp"

namespace sb::api {

namespace {

constexpr const char* k_base = "/api/v6/users/{userId}/data-connections";

}  // namespace

void add_data_connection_routes(http::Router& router, const Deps& deps) {
    auto user = [](const http::Request& req) { return std::string(req.path_param("userId")); };
    auto href = [&deps](const domain::Integration& i) {
        return deps.public_url + "/api/v6/users/" + i.merchant_id + "/data-connections/" + i.id;
    };
    auto render = [&deps, href](int status, const domain::Integration& i) {
        return json_response(status,
                             data_connection_json(i, href(i), deps.integrations.connect_url(i)));
    };

    router.add({"POST", k_base, "integrations:write", false,
                [&deps, user, href, render](const http::Request& req, const http::Context& ctx) {
                    const auto body = read_json_object(req);
                    BodyReader r(body);
                    const auto provider = r.string("provider_name", true, 64);
                    const auto names = r.strings("requested_data_types");
                    const auto shop_domain =
                        r.string("shop_domain", false, 2048);  // a URL for some platforms
                    std::vector<domain::DataType> types;
                    for (const auto& n : names.value_or(std::vector<std::string>{})) {
                        if (auto t = domain::parse_data_type(n))
                            types.push_back(*t);
                        else
                            r.error("requested_data_types", "unknown data type " + n);
                    }
                    r.finish();
                    auto i = deps.integrations.create_data_connection(
                        account_of(ctx), user(req), *provider, types, shop_domain);
                    auto res = render(201, i);
                    res.set_header("Location", href(i));
                    return res;
                }});
    router.add({"GET", k_base, "integrations:read", false,
                [&deps, user, href](const http::Request& req, const http::Context& ctx) {
                    auto page = read_page_request(req, deps.cursors);
                    auto result =
                        deps.integrations.list(account_of(ctx), user(req), std::nullopt, page);
                    boost::json::array items;
                    for (const auto& i : result.items) {
                        items.push_back(
                            data_connection_json(i, href(i), deps.integrations.connect_url(i)));
                    }
                    return json_response(200, list_body(std::move(items), result.next, page, req,
                                                        deps.public_url, deps.cursors));
                }});
    router.add({"GET", std::string(k_base) + "/{connectionId}", "integrations:read", false,
                [&deps, user, render](const http::Request& req, const http::Context& ctx) {
                    return render(
                        200, deps.integrations.get(account_of(ctx), user(req),
                                                   std::string(req.path_param("connectionId"))));
                }});
    router.add({"DELETE", std::string(k_base) + "/{connectionId}", "integrations:write", false,
                [&deps, user](const http::Request& req, const http::Context& ctx) {
                    deps.integrations.remove(account_of(ctx), user(req),
                                             std::string(req.path_param("connectionId")),
                                             if_match_version(req), ctx.principal->client_id);
                    http::Response res;
                    res.status = 204;
                    return res;
                }});
    router.add({"POST", "/api/v6/users/{userId}/sync", "integrations:write", false,
                [&deps, user](const http::Request& req, const http::Context& ctx) {
                    const auto body = read_json_object(req);
                    BodyReader r(body);
                    const auto names = r.strings("data_types", true);
                    std::vector<domain::DataType> types;
                    for (const auto& n : names.value_or(std::vector<std::string>{})) {
                        if (auto t = domain::parse_data_type(n))
                            types.push_back(*t);
                        else
                            r.error("data_types", "unknown data type " + n);
                    }
                    if (names && names->empty())
                        r.error("data_types", "must not be empty");
                    r.finish();
                    auto requests = deps.integrations.sync_user(account_of(ctx), user(req), types);
                    boost::json::array items;
                    for (const auto& s : requests) {
                        items.push_back(to_json(s.job, deps.public_url + "/v1/organizations/" +
                                                           user(req) + "/integrations/" +
                                                           s.job.integration_id + "/jobs/" +
                                                           s.job.id));
                    }
                    const auto count = items.size();
                    return json_response(
                        202, boost::json::object{{"_embedded", {{"items", std::move(items)}}},
                                                 {"count", count}});
                }});
}

}  // namespace sb::api
