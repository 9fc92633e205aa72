#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "api/representations.hpp"
#include "api/request_io.hpp"
#include "connectors/custom/custom_connector.hpp"
#include "core/time.hpp"
#include "json/fields_json.hpp"

namespace sb::api {

namespace {

constexpr const char* k_base = "/v1/organizations/{organizationId}/integrations";
constexpr const char* k_one = "/v1/organizations/{organizationId}/integrations/{integrationId}";

domain::IntegrationInput read_integration(const http::Request& req) {
    const auto body = read_json_object(req);
    BodyReader r(body);
    domain::IntegrationInput in;
    in.name = r.string("name", false, 200);
    in.connector_id = r.string("connector_id", false, 64);
    in.settings = r.fields("settings");
    in.credentials = r.fields("credentials");
    in.order_sync_enabled = r.boolean("order_sync_enabled");
    in.product_sync_enabled = r.boolean("product_sync_enabled");
    in.stock_sync_enabled = r.boolean("stock_sync_enabled");
    // Read-only fields a client may echo back from a GET are accepted and ignored.
    for (const char* ro :
         {"id", "category", "status", "created_at", "updated_at", "order_sync_updated_at",
          "product_sync_updated_at", "organization_id", "api_budget", "data_types", "_links"}) {
        r.raw(ro);
    }
    r.finish();
    return in;
}

}  // namespace

void add_integration_routes(http::Router& router, const Deps& deps) {
    auto href = [&deps](const domain::Integration& i) {
        return deps.public_url + "/v1/organizations/" + i.merchant_id + "/integrations/" + i.id;
    };
    auto org = [](const http::Request& req) {
        return std::string(req.path_param("organizationId"));
    };
    auto id = [](const http::Request& req) { return std::string(req.path_param("integrationId")); };
    auto render = [&deps, href](int status, const domain::Integration& i) {
        const auto stats = deps.console.data_types(i.account_id, {i});
        const auto it = stats.find(i.id);
        const std::vector<storage::DataTypeStat> none;
        auto res = json_response(status, to_json(i, deps.integrations.connector_of(i), href(i),
                                                 deps.integrations.api_budget(i),
                                                 it == stats.end() ? &none : &it->second));
        res.set_header("ETag", etag_of(i.version));
        return res;
    };

    router.add({"POST", k_base, "integrations:write", false,
                [&deps, org, render, href](const http::Request& req, const http::Context& ctx) {
                    auto in = read_integration(req);
                    // A custom integration's push secret is the hub's, answered this once.
                    std::optional<std::string> push_secret;
                    if (in.connector_id == connectors::custom::k_connector_id) {
                        push_secret = connectors::custom::new_push_secret();
                        if (!in.credentials)
                            in.credentials.emplace();
                        in.credentials->insert_or_assign(connectors::custom::k_push_secret,
                                                         *push_secret);
                    }
                    auto i = deps.integrations.create(account_of(ctx), org(req), std::move(in));
                    auto res = render(201, i);
                    if (push_secret) {
                        auto body = to_json(i, deps.integrations.connector_of(i), href(i),
                                            deps.integrations.api_budget(i));
                        body["push_secret"] = *push_secret;
                        res.body = boost::json::serialize(body);
                    }
                    res.set_header("Location", href(i));
                    return res;
                }});
    router.add({"GET", k_base, "integrations:read", false,
                [&deps, org, href](const http::Request& req, const http::Context& ctx) {
                    ListOptions opts;
                    opts.order_fields = {"created_at", "updated_at", "name"};
                    auto page = read_page_request(req, deps.cursors, opts);
                    auto result =
                        deps.integrations.list(account_of(ctx), org(req), std::nullopt, page);
                    // The page's per-type counts in one go, not one query per integration.
                    const auto stats = deps.console.data_types(account_of(ctx), result.items);
                    const std::vector<storage::DataTypeStat> none;
                    boost::json::array items;
                    for (const auto& i : result.items) {
                        const auto it = stats.find(i.id);
                        items.push_back(to_json(i, deps.integrations.connector_of(i), href(i),
                                                deps.integrations.api_budget(i),
                                                it == stats.end() ? &none : &it->second));
                    }
                    return json_response(200, list_body(std::move(items), result.next, page, req,
                                                        deps.public_url, deps.cursors));
                }});
    router.add({"GET", k_one, "integrations:read", false,
                [&deps, org, id, render](const http::Request& req, const http::Context& ctx) {
                    return render(200, deps.integrations.get(account_of(ctx), org(req), id(req)));
                }});
    router.add({"PUT", k_one, "integrations:write", false,
                [&deps, org, id, render](const http::Request& req, const http::Context& ctx) {
                    const auto expected = if_match_version(req);
                    return render(200, deps.integrations.update(account_of(ctx), org(req), id(req),
                                                                read_integration(req), expected));
                }});
    router.add({"DELETE", k_one, "integrations:write", false,
                [&deps, org, id](const http::Request& req, const http::Context& ctx) {
                    deps.integrations.remove(account_of(ctx), org(req), id(req),
                                             if_match_version(req), ctx.principal->client_id);
                    http::Response res;
                    res.status = 204;
                    return res;
                }});
    router.add({"GET", std::string(k_one) + "/settings", "integrations:read", false,
                [&deps, org, id, href](const http::Request& req, const http::Context& ctx) {
                    auto i = deps.integrations.get(account_of(ctx), org(req), id(req));
                    const auto& spec = deps.integrations.connector_of(i);
                    auto body = boost::json::object{
                        {"integration_id", i.id},
                        {"connector_id", i.connector_id},
                        {"settings", fields_json(i.settings, spec.settings_fields)},
                        {"order_sync_enabled", i.order_sync_enabled},
                        {"product_sync_enabled", i.product_sync_enabled},
                        {"stock_sync_enabled", i.stock_sync_enabled},
                        {"_links",
                         {{"self", {{"href", href(i) + "/settings"}}},
                          {"integration", {{"href", href(i)}}}}}};
                    auto res = json_response(200, body);
                    res.set_header("ETag", etag_of(i.version));
                    return res;
                }});
    router.add(
        {"GET", std::string(k_one) + "/actions", "integrations:read", false,
         [&deps, org, id](const http::Request& req, const http::Context& ctx) {
             auto i = deps.integrations.get(account_of(ctx), org(req), id(req));
             // The connector's actions in its catalog order: one order, no order_by.
             std::vector<ListRow> rows;
             for (const auto& a : deps.integrations.connector_of(i).actions)
                 rows.push_back({{static_cast<std::int64_t>(rows.size()), a.id}, to_json(a)});
             ListOptions options;
             options.order_fields = {};
             return json_response(200, whole_list_page(std::move(rows), req, deps.public_url,
                                                       deps.cursors, options));
         }});
    router.add({"POST", std::string(k_one) + "/actions/{actionId}", "integrations:write", false,
                [&deps, org, id](const http::Request& req, const http::Context& ctx) {
                    domain::FieldMap input;
                    if (!req.body.empty()) {
                        std::vector<FieldError> errors;
                        input = json::fields_from_json(read_json_object(req), "", &errors);
                        if (!errors.empty()) {
                            throw ApiError(Errc::validation_failed, "Invalid action input", "",
                                           errors);
                        }
                    }
                    const std::string action(req.path_param("actionId"));
                    auto result = deps.integrations.execute_action(
                        account_of(ctx), org(req), id(req), action, std::move(input));
                    return json_response(
                        200, boost::json::object{{"action_id", action},
                                                 {"status", "succeeded"},
                                                 {"result", json::fields_to_json(result)}});
                }});

    // Stock write-back (seed 002's stock_sync_enabled): the levels the hub writes to the store.
    auto stock_json = [](const storage::StockWrite& w) {
        boost::json::object o{{"inventory_item_id", w.inventory_item_id},
                              {"location_id", w.location_id},
                              {"available", w.available},
                              {"status", w.status},
                              {"attempts", w.attempts},
                              {"requested_at", format_time(w.requested_at)}};
        o["written_at"] = w.written_at ? boost::json::value(format_time(*w.written_at)) : nullptr;
        o["last_error"] = w.last_error ? boost::json::value(*w.last_error) : nullptr;
        return o;
    };
    auto stock_body = [org, id, &deps, stock_json](const http::Request& req, int status,
                                                   const std::vector<storage::StockWrite>& rows) {
        boost::json::array items;
        for (const auto& w : rows)
            items.push_back(stock_json(w));
        const auto count = static_cast<std::int64_t>(items.size());
        const std::string self = deps.public_url + "/v1/organizations/" + org(req) +
                                 "/integrations/" + id(req) + "/stock-levels";
        return json_response(status,
                             boost::json::object{{"_embedded", {{"items", std::move(items)}}},
                                                 {"_links", {{"self", {{"href", self}}}}},
                                                 {"count", count}});
    };
    router.add({"PUT", std::string(k_one) + "/stock-levels", "integrations:write", false,
                [&deps, org, id, stock_body](const http::Request& req, const http::Context& ctx) {
                    const auto body = read_json_object(req);
                    BodyReader r(body);
                    std::vector<domain::StockLevel> levels;
                    const auto* list = r.raw("levels");
                    if (!list || !list->is_array() || list->as_array().empty() ||
                        list->as_array().size() > 250) {
                        r.error("levels", "must be an array of 1 to 250 stock levels");
                    } else {
                        std::size_t n = 0;
                        for (const auto& v : list->as_array()) {
                            const std::string at = "levels[" + std::to_string(n++) + "].";
                            if (!v.is_object()) {
                                r.error(at.substr(0, at.size() - 1), "must be an object");
                                continue;
                            }
                            BodyReader item(v.as_object(), at);
                            domain::StockLevel l;
                            l.inventory_item_id =
                                item.string("inventory_item_id", true).value_or("");
                            l.location_id = item.string("location_id", true).value_or("");
                            const auto* qty = item.raw("available");
                            if (!qty || !qty->is_int64())
                                item.error(item.path("available"), "must be an integer");
                            else
                                l.available = qty->as_int64();
                            try {
                                item.finish();  // also names unknown fields
                            } catch (const ApiError& e) {
                                for (const auto& f : e.fields())
                                    r.error(f.name, f.description);
                            }
                            levels.push_back(std::move(l));
                        }
                    }
                    r.finish();
                    return stock_body(req, 202,
                                      deps.integrations.request_stock_writes(
                                          account_of(ctx), org(req), id(req), levels));
                }});
    router.add({"GET", std::string(k_one) + "/stock-levels", "integrations:read", false,
                [&deps, org, id, stock_json](const http::Request& req, const http::Context& ctx) {
                    // By item and location: the key (inventory_item_id, location_id) is unique.
                    ListOptions options;
                    options.order_fields = {"inventory_item_id"};
                    std::vector<ListRow> rows;
                    for (const auto& w :
                         deps.integrations.stock_writes(account_of(ctx), org(req), id(req)))
                        rows.push_back({{w.inventory_item_id, w.location_id}, stock_json(w)});
                    return json_response(200, whole_list_page(std::move(rows), req, deps.public_url,
                                                              deps.cursors, options));
                }});
}

}  // namespace sb::api
