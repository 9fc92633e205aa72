#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace sb::api {

void add_account_routes(http::Router& router, const Deps& deps) {
    router.add({"GET", "/v1/account", "account:read", false,
                [&auth = deps.auth, &merchants = deps.merchants, base = deps.public_url](
                    const http::Request& req, const http::Context& ctx) {
                    auto account = auth.find_account(ctx.principal->account_id);
                    if (!account)
                        throw ApiError(Errc::not_found, "The account no longer exists");
                    boost::json::array scopes;
                    for (const auto& s : ctx.principal->scopes)
                        scopes.emplace_back(s);
                    boost::json::object links{
                        {"self", {{"href", absolute_url(base, req.path)}}},
                        {"audit_log", {{"href", absolute_url(base, "/v1/audit-log")}}}};
                    const auto default_merchant = merchants.default_merchant_id(account->id);
                    if (default_merchant) {
                        links["default_merchant"] = {
                            {"href", absolute_url(base, "/v1/organizations/" + *default_merchant)}};
                    }
                    boost::json::object body{
                        {"id", account->id},
                        {"name", account->name},
                        {"created_at", format_time(account->created_at)},
                        {"client_id", ctx.principal->client_id},
                        {"scopes", std::move(scopes)},
                        {"default_merchant_id", default_merchant
                                                    ? boost::json::value(*default_merchant)
                                                    : boost::json::value(nullptr)},
                        {"_links", std::move(links)},
                    };
                    return json_response(200, body);
                }});
}

}  // namespace sb::api
