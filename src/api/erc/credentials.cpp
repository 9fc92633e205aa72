#include <boost/json/array.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "api/representations.hpp"
#include "api/request_io.hpp"

namespace sb::api {

namespace {

constexpr const char* k_path = "/erc/ecommerce/shopify-webhooks-handler/credentials";
constexpr std::size_t k_max_entries = 100;

domain::CredentialEntry read_entry(const boost::json::value& v, const std::string& at,
                                   BodyReader& outer) {
    domain::CredentialEntry e;
    if (!v.is_object()) {
        outer.error(at, "must be an object");
        return e;
    }
    BodyReader r(v.as_object(), at + ".");
    e.integration_type = r.string("integration_type", true, 64).value_or("");
    e.brand_name = r.string("brand_name");
    e.brand_domain_id = r.string("brand_domain_id");
    e.authorization_id = r.string("authorization_id");
    r.raw("integration_id");  // echoed back from a GET; the match is by type and brand
    const bool shopify = e.integration_type == "SHOPIFY";
    auto creds = r.fields(shopify ? "shopify_integration_credential" : "credentials");
    if (creds)
        e.credentials = std::move(*creds);
    for (auto& err : r.errors())
        outer.error(err.name, err.description);
    for (const auto& kv : v.as_object()) {
        const std::string_view k = kv.key();
        const bool known = k == "integration_type" || k == "brand_name" || k == "brand_domain_id" ||
                           k == "authorization_id" || k == "integration_id" ||
                           k == (shopify ? "shopify_integration_credential" : "credentials");
        if (!known)
            outer.error(at + "." + std::string(k), "unknown field");
    }
    return e;
}

}  // namespace

void add_credentials_routes(http::Router& router, const Deps& deps) {
    auto render = [&deps](const domain::CredentialSet& set) {
        boost::json::object embedded{{"if_multiple_integration", set.if_multiple_integration}};
        auto entry = [&deps](const domain::CredentialEntry& e) {
            auto connector = domain::CredentialsService::connector_for_type(e.integration_type);
            return credentials_json(e, deps.connectors.find(*connector)->spec());
        };
        if (set.if_multiple_integration) {
            boost::json::array items;
            for (const auto& e : set.entries)
                items.push_back(entry(e));
            embedded["multiple_integrations"] = std::move(items);
            embedded["default_integration"] = nullptr;
        } else {
            embedded["default_integration"] = entry(set.entries.front());
            embedded["multiple_integrations"] = boost::json::array{};
        }
        return json_response(
            200, boost::json::object{{"id", set.merchant_id},
                                     {"_embedded", std::move(embedded)},
                                     {"_links", {{"self", {{"href", deps.public_url + k_path}}}}}});
    };

    router.add({"PUT", k_path, "erc-ecommerce-credentials:write", false,
                [&deps, render](const http::Request& req, const http::Context& ctx) {
                    auto body = read_json_object(req);
                    // Accept the document bare or wrapped in "_embedded" as the seed's response
                    // shows it.
                    if (body.size() == 1 && body.contains("_embedded") &&
                        body.at("_embedded").is_object()) {
                        boost::json::object inner = body.at("_embedded").as_object();
                        body = std::move(inner);
                    }
                    BodyReader r(body);
                    const auto multiple = r.boolean("if_multiple_integration", true);
                    auto* def = r.raw("default_integration");
                    auto* many = r.raw("multiple_integrations");
                    std::vector<domain::CredentialEntry> entries;
                    if (multiple && !*multiple) {
                        if (!def)
                            r.error("default_integration",
                                    "required when if_multiple_integration is false");
                        else
                            entries.push_back(read_entry(*def, "default_integration", r));
                        if (many && !(many->is_array() && many->as_array().empty())) {
                            r.error("multiple_integrations",
                                    "must be empty when if_multiple_integration is false");
                        }
                    } else if (multiple && *multiple) {
                        if (def)
                            r.error("default_integration",
                                    "must be absent when if_multiple_integration is true");
                        if (!many || !many->is_array() || many->as_array().empty()) {
                            r.error("multiple_integrations", "must be a non-empty array");
                        } else if (many->as_array().size() > k_max_entries) {
                            r.error("multiple_integrations", "at most 100 integrations");
                        } else {
                            std::size_t n = 0;
                            for (const auto& v : many->as_array()) {
                                entries.push_back(read_entry(
                                    v, "multiple_integrations[" + std::to_string(n++) + "]", r));
                            }
                        }
                    }
                    r.finish();
                    // Integrations the new set drops lose their store webhooks through the
                    // integration service, as a DELETE of one does.
                    return render(deps.credentials.upsert(
                        account_of(ctx), *multiple, std::move(entries), ctx.principal->client_id,
                        [&deps](const domain::Integration& i) {
                            return deps.integrations.unsubscribe_store(i);
                        }));
                }});
    router.add({"GET", k_path, "erc-ecommerce-credentials:read", false,
                [&deps, render](const http::Request&, const http::Context& ctx) {
                    auto set = deps.credentials.get(account_of(ctx));
                    if (!set) {
                        throw ApiError(Errc::not_found,
                                       "No e-commerce credentials are stored for this account",
                                       "PUT them to this path first.");
                    }
                    return render(*set);
                }});
}

}  // namespace sb::api
