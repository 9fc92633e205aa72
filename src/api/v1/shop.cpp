#include <boost/json/parse.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "api/request_io.hpp"
#include "connectors/actions.hpp"
#include "core/error.hpp"

// Seed 001: the integration's shop, and Update Shop ({"customer_email"}) through the
// connector's update_shop action.
namespace sb::api {

namespace {

namespace json = boost::json;

// The normalized shop (docs/records.md) in seed 001's fields; what the platform does not
// tell is null.
json::object seed_shop(const storage::StoredRecord& r) {
    boost::system::error_code ec;
    auto v = json::parse(r.data, ec);
    const json::object d = !ec && v.is_object() ? v.as_object() : json::object{};
    const auto addr = field(d, "address");
    const json::object a = addr.is_object() ? addr.as_object() : json::object{};
    const auto domain = field(d, "domain");
    const auto primary = field(d, "primary_domain");
    const auto host = primary.is_string() ? primary : domain;
    // Platforms that name these themselves (Shoplazza) win over the derived values.
    const auto system_domain = field(d, "system_domain");
    const auto root_url = field(d, "root_url");
    return {
        {"id", field(d, "id")},
        {"name", field(d, "name")},
        {"email", field(d, "email")},
        {"domain", host},
        {"address1", field(a, "address1")},
        {"address2", field(a, "address2")},
        {"zip", field(a, "zip")},
        {"city", field(a, "city")},
        {"phone", field(d, "phone")},
        {"primary_locale", field(d, "primary_locale")},
        {"created_at", field(d, "created_at")},
        {"updated_at", field(d, "updated_at")},
        {"country_code", field(a, "country_code")},
        {"currency", field(d, "currency")},
        {"customer_email", field(d, "contact_email")},
        {"timezone", field(d, "timezone")},
        {"shop_owner", field(d, "shop_owner")},
        {"account", field(d, "account")},
        {"province_code", field(a, "province_code")},
        {"icon", field(d, "icon")},
        {"system_domain", system_domain.is_string() ? system_domain : domain},
        {"root_url", root_url.is_string() ? root_url
                     : host.is_string()   ? json::value("https://" + std::string(host.as_string()))
                                          : json::value(nullptr)}};
}

bool plausible_email(const std::string& e) {
    const auto at = e.find('@');
    return at != std::string::npos && at > 0 && e.find('.', at) != std::string::npos &&
           e.back() != '.' && e.find(' ') == std::string::npos && e.size() <= 254;
}

}  // namespace

void add_shop_routes(http::Router& router, const Deps& deps) {
    const std::string path = "/v1/organizations/{organizationId}/integrations/{integrationId}/shop";
    router.add({"GET", path, "integrations:read", false,
                [&deps](const http::Request& req, const http::Context& ctx) {
                    auto shop = deps.commerce.shop(account_of(ctx),
                                                   std::string(req.path_param("organizationId")),
                                                   std::string(req.path_param("integrationId")));
                    return json_response(200, json::object{{"shop", seed_shop(shop)}});
                }});
    router.add({"PUT", path, "write_shop", false,
                [&deps](const http::Request& req, const http::Context& ctx) {
                    const std::string org(req.path_param("organizationId"));
                    const std::string id(req.path_param("integrationId"));
                    const auto body = read_json_object(req);
                    BodyReader r(body);
                    auto email = r.string("customer_email", true);
                    if (email && !plausible_email(*email))
                        r.error("customer_email", "must be an email address");
                    r.finish();
                    auto integration = deps.integrations.get(account_of(ctx), org, id);
                    const auto& spec = deps.integrations.connector_of(integration);
                    if (!spec.action(connectors::actions::k_update_shop)) {
                        throw ApiError(Errc::shop_update_not_supported,
                                       "This platform's API cannot change the shop",
                                       "The " + spec.name + " connector cannot update the shop.");
                    }
                    deps.integrations.execute_action(
                        account_of(ctx), org, id, std::string(connectors::actions::k_update_shop),
                        {{"customer_email", *email}});
                    // The action stored the shop as the platform now has it.
                    auto shop = deps.commerce.shop(account_of(ctx), org, id);
                    return json_response(200, json::object{{"shop", seed_shop(shop)}});
                }});
}

}  // namespace sb::api
