#include <boost/json/object.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "api/request_io.hpp"
#include "connectors/actions.hpp"
#include "core/error.hpp"
#include "domain/records/codec.hpp"

// Seed 001: the integration's shop, and Update Shop ({"customer_email"}) through the
// connector's update_shop action.
namespace sb::api {

namespace {

namespace json = boost::json;

// The normalized shop (docs/records.md) in seed 001's fields; what the platform does not
// tell is null.
json::value text(const domain::records::Text& t) {
    return t ? json::value(*t) : json::value(nullptr);
}

json::object seed_shop(const storage::StoredRecord& r) {
    namespace records = domain::records;
    const auto d = records::decode<records::Shop>(r.data).value_or(records::Shop{});
    const auto a = d.address.value_or(records::PlaceAddress{});
    // Platforms that name these themselves (Shoplazza) win over the derived values.
    const auto system_domain = d.system_domain ? d.system_domain : d.domain;
    const auto root_url = d.root_url ? d.root_url
                          : d.domain ? records::Text("https://" + *d.domain)
                                     : records::Text();
    return {{"id", d.id},
            {"name", text(d.name)},
            {"email", text(d.email)},
            {"domain", text(d.domain)},
            {"address1", text(a.address1)},
            {"address2", text(a.address2)},
            {"zip", text(a.zip)},
            {"city", text(a.city)},
            {"phone", text(d.phone)},
            {"primary_locale", text(d.primary_locale)},
            {"created_at", text(d.created_at)},
            {"updated_at", text(d.updated_at)},
            {"country_code", text(a.country_code)},
            {"currency", text(d.currency)},
            {"customer_email", text(d.contact_email)},
            {"timezone", text(d.timezone)},
            {"shop_owner", text(d.shop_owner)},
            {"account", text(d.account)},
            {"province_code", text(a.province_code)},
            {"icon", d.icon ? records::to_json(*d.icon) : json::value(nullptr)},
            {"system_domain", text(system_domain)},
            {"root_url", text(root_url)}};
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
                    auto email = r.string("customer_email", true, 254);
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
