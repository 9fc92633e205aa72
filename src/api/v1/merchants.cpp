#include <boost/json/array.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "api/representations.hpp"
#include "api/request_io.hpp"

namespace sb::api {

namespace {

domain::MerchantInput read_merchant(const http::Request& req) {
    const auto body = read_json_object(req);
    BodyReader r(body);
    domain::MerchantInput in;
    in.name = r.string("name", true, 200).value_or("");
    in.external_id = r.string("external_id");
    in.email = r.string("email", false, 254);
    if (in.email && in.email->find('@') == std::string::npos)
        r.error("email", "must be an email address");
    r.finish();
    return in;
}

http::Response with_etag(http::Response res, std::int64_t version) {
    res.set_header("ETag", etag_of(version));
    return res;
}

}  // namespace

void add_merchant_routes(http::Router& router, const Deps& deps, const std::string& base,
                         const std::string& param) {
    const std::string one = base + "/{" + param + "}";
    auto href = [&deps, base](const std::string& id) { return deps.public_url + base + "/" + id; };

    router.add({"POST", base, "organizations:write", false,
                [&deps, href](const http::Request& req, const http::Context& ctx) {
                    auto m = deps.merchants.create(account_of(ctx), read_merchant(req));
                    auto res = with_etag(json_response(201, to_json(m, href(m.id))), m.version);
                    res.set_header("Location", href(m.id));
                    return res;
                }});
    router.add({"GET", base, "organizations:read", false,
                [&deps, href](const http::Request& req, const http::Context& ctx) {
                    ListOptions opts;
                    opts.order_fields = {"created_at", "updated_at", "name"};
                    auto page = read_page_request(req, deps.cursors, opts);
                    auto result = deps.merchants.list(account_of(ctx), page);
                    boost::json::array items;
                    for (const auto& m : result.items)
                        items.push_back(to_json(m, href(m.id)));
                    return json_response(200, list_body(std::move(items), result.next, page, req,
                                                        deps.public_url, deps.cursors));
                }});
    router.add({"GET", one, "organizations:read", false,
                [&deps, href, param](const http::Request& req, const http::Context& ctx) {
                    auto m =
                        deps.merchants.get(account_of(ctx), std::string(req.path_param(param)));
                    return with_etag(json_response(200, to_json(m, href(m.id))), m.version);
                }});
    router.add({"PUT", one, "organizations:write", false,
                [&deps, href, param](const http::Request& req, const http::Context& ctx) {
                    const auto expected = if_match_version(req);
                    auto m =
                        deps.merchants.update(account_of(ctx), std::string(req.path_param(param)),
                                              read_merchant(req), expected);
                    return with_etag(json_response(200, to_json(m, href(m.id))), m.version);
                }});
    router.add({"DELETE", one, "organizations:write", false,
                [&deps, param](const http::Request& req, const http::Context& ctx) {
                    deps.merchants.remove(account_of(ctx), std::string(req.path_param(param)),
                                          if_match_version(req), query_flag(req, "force"));
                    http::Response res;
                    res.status = 204;
                    return res;
                }});
}

}  // namespace sb::api
