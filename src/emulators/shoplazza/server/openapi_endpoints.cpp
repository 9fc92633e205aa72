#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "emulators/common/tokens.hpp"
#include "emulators/shoplazza/data/render.hpp"
#include "emulators/shoplazza/server/runtime.hpp"

// The OpenAPI 2022-01 resources: shop, orders, products, customers, locations and webhook
// subscriptions. Authentication, rate limits and scopes are checked before these run
// (emulator.cpp).
namespace sb::emulators::shoplazza {

namespace json = boost::json;

namespace {

// A request the handler refuses: answered as 400 {"errors":[message]}.
struct BadRequest {
    std::string message;
};

http::Response ok(json::object body) {
    return http::Response::json(200, json::serialize(body));
}

std::string param(const http::Request& req, std::string_view name) {
    return std::string(req.query_param(name).value_or(""));
}

std::int64_t positive(const std::string& name, const std::string& v, std::int64_t dflt,
                      std::int64_t max) {
    if (v.empty())
        return dflt;
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size() || n < 1 || n > max)
        throw BadRequest{name + ": must be between 1 and " + std::to_string(max)};
    return n;
}

std::int64_t limit_of(const http::Request& req, const char* name = "limit") {
    return positive("limit", param(req, name), 10, 250);
}

TimeRange range(const http::Request& req, const std::string& field) {
    TimeRange r;
    for (const char* suffix : {"_min", "_max"}) {
        const std::string name = field + suffix;
        const std::string v = param(req, name);
        if (v.empty())
            continue;
        auto t = parse_time(v);
        if (!t)
            throw BadRequest{name + ": expected an ISO-8601 time"};
        (std::string_view(suffix) == "_min" ? r.min : r.max) = *t;
    }
    return r;
}

template <class Lookup>
std::optional<std::vector<std::int64_t>> ids_of(const http::Request& req, Lookup lookup) {
    const std::string v = param(req, "ids");
    if (v.empty())
        return std::nullopt;
    std::vector<std::int64_t> out;
    for (const auto& id : common::split_scopes(v)) {
        if (auto i = lookup(id))
            out.push_back(*i);
    }
    std::sort(out.begin(), out.end());
    return out;
}

int enum_param(const http::Request& req, const char* name, const std::vector<std::string>& e) {
    const std::string v = param(req, name);
    if (v.empty())
        return -1;
    const int i = enum_index(e, v);
    if (i < 0)
        throw BadRequest{std::string(name) + ": unknown value '" + v + "'"};
    return i;
}

// Opaque position tokens: base64url("<kind>:<index>"), checked on the way back.
std::string position_token(char kind, std::int64_t index) {
    return crypto::base64url_encode(std::string(1, kind) + ":" + std::to_string(index));
}

std::optional<std::int64_t> read_position(const std::string& token, char kind, const char* name) {
    if (token.empty())
        return std::nullopt;
    std::string raw;
    std::int64_t n = -1;
    if (!crypto::base64url_decode(token, raw) || raw.size() < 3 || raw[0] != kind ||
        raw[1] != ':' ||
        std::from_chars(raw.data() + 2, raw.data() + raw.size(), n).ec != std::errc() || n < 0) {
        throw BadRequest{std::string(name) + " is invalid"};
    }
    return n;
}

// Runs a handler, turning BadRequest into its 400.
template <class F>
http::Handler guarded(F f) {
    return [f](const http::Request& req, const http::Context& ctx) {
        try {
            return f(req, ctx);
        } catch (const BadRequest& e) {
            return error_response(400, e.message);
        }
    };
}

// --- shop ---------------------------------------------------------------------------------

bool is_email(const std::string& s) {
    const auto at = s.find('@');
    if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos ||
        s.find(' ') != std::string::npos) {
        return false;
    }
    const auto dot = s.find('.', at + 1);
    return dot != std::string::npos && dot > at + 1 && dot + 1 < s.size();
}

http::Response put_shop(Runtime& rt, const http::Request& req) {
    boost::system::error_code ec;
    const json::value body = json::parse(req.body, ec);
    if (ec || !body.is_object())
        return error_response(400, "body must be a JSON object");
    const auto* email = body.as_object().if_contains("customer_email");
    if (!email)
        return ok({{"shop", shop_json(rt.store->shop())}});
    if (!email->is_string())
        return error_response(400, "customer_email must be a string");
    const std::string e(email->as_string());
    if (!is_email(e))
        return error_response(400, "customer_email is not a valid email");
    const Shop s = rt.store->update_customer_email(e);
    rt.publish("shop/update", "shop", shop_json(s));
    return ok({{"shop", shop_json(s)}});
}

// --- orders -------------------------------------------------------------------------------

OrderFilter order_filter(Runtime& rt, const http::Request& req) {
    OrderFilter f;
    f.created = range(req, "created_at");
    f.updated = range(req, "updated_at");
    f.placed = range(req, "placed_at");
    f.status = enum_param(req, "status", k_order_statuses);
    f.financial_status = enum_param(req, "financial_status", k_financial_statuses);
    f.fulfillment_status = enum_param(req, "fulfillment_status", k_fulfillment_statuses);
    f.indexes = ids_of(req, [&](const std::string& id) { return rt.store->order_index(id); });
    return f;
}

http::Response list_orders(Runtime& rt, const http::Request& req) {
    PageQuery q;
    q.limit = limit_of(req);
    q.count = true;
    q.after = read_position(param(req, "next_token"), 'o', "next_token");
    if (!q.after)
        q.skip = (positive("page", param(req, "page"), 1, INT64_MAX / 1000) - 1) * q.limit;
    const Page p = rt.store->list_orders(order_filter(rt, req), q);
    json::array orders;
    for (const auto i : p.indexes) {
        if (auto o = rt.store->order(i))
            orders.push_back(order_json(*o, order_customer(rt, *o)));
    }
    return ok({{"count", p.count},
               {"next_token", p.more_after ? position_token('o', p.indexes.back()) : ""},
               {"orders", std::move(orders)}});
}

std::optional<Order> order_by_id(Runtime& rt, const http::Request& req, const char* name) {
    const auto i = rt.store->order_index(std::string(req.path_param(name)));
    return i ? rt.store->order(*i) : std::nullopt;
}

http::Response order_fulfillments(Runtime& rt, const http::Request& req) {
    const auto o = order_by_id(rt, req, "order_id");
    if (!o)
        return error_response(404, "Not Found");
    const std::int64_t limit = limit_of(req);
    const std::int64_t skip =
        (positive("page", param(req, "page"), 1, INT64_MAX / 1000) - 1) * limit;
    const TimeRange created = range(req, "created_at"), updated = range(req, "updated_at");
    json::array out;
    std::int64_t seen = 0;
    for (const auto& f : o->fulfillments) {
        if (!created.contains(f.created_at) || !updated.contains(f.updated_at))
            continue;
        if (seen++ >= skip && static_cast<std::int64_t>(out.size()) < limit)
            out.push_back(fulfillment_json(*o, f));
    }
    return ok({{"fulfillments", std::move(out)}});
}

// --- products -----------------------------------------------------------------------------

RecordFilter product_filter(Runtime& rt, const http::Request& req) {
    RecordFilter f;
    f.created = range(req, "created_at");
    f.updated = range(req, "updated_at");
    f.indexes = ids_of(req, [&](const std::string& id) { return rt.store->product_index(id); });
    const std::string ps = param(req, "published_status");
    if (ps == "published")
        f.published = true;
    else if (ps == "unpublished")
        f.published = false;
    else if (!ps.empty() && ps != "any")
        throw BadRequest{"published_status: unknown value '" + ps + "'"};
    return f;
}

http::Response list_products(Runtime& rt, const http::Request& req) {
    PageQuery q;
    q.limit = req.query_param("per_page") ? limit_of(req, "per_page") : limit_of(req);
    q.after = read_position(param(req, "cursor"), 'p', "cursor");
    if (!q.after)
        q.before = read_position(param(req, "pre_cursor"), 'p', "pre_cursor");
    const Page p = rt.store->list_products(product_filter(rt, req), q);
    json::array products;
    for (const auto i : p.indexes) {
        if (auto pr = rt.store->product(i))
            products.push_back(product_json(*pr));
    }
    const bool any = !p.indexes.empty();
    return ok({{"cursor", any && p.more_after ? position_token('p', p.indexes.back()) : ""},
               {"pre_cursor", any && p.more_before ? position_token('p', p.indexes.front()) : ""},
               {"products", std::move(products)}});
}

// --- customers ----------------------------------------------------------------------------

RecordFilter customer_filter(Runtime& rt, const http::Request& req) {
    RecordFilter f;
    f.created = range(req, "created_at");
    f.updated = range(req, "updated_at");
    f.indexes = ids_of(req, [&](const std::string& id) { return rt.store->customer_index(id); });
    f.email = param(req, "email");
    return f;
}

http::Response list_customers(Runtime& rt, const http::Request& req) {
    PageQuery q;
    q.limit = limit_of(req);
    q.skip = (positive("page", param(req, "page"), 1, INT64_MAX / 1000) - 1) * q.limit;
    const Page p = rt.store->list_customers(customer_filter(rt, req), q);
    const std::string store_id = rt.store_id();
    json::array customers;
    for (const auto i : p.indexes) {
        if (auto c = rt.store->customer(i))
            customers.push_back(customer_json(*c, store_id));
    }
    return ok({{"customers", std::move(customers)}});
}

// --- locations ----------------------------------------------------------------------------

http::Response inventory_levels(Runtime& rt, const http::Request& req) {
    const std::string location = rt.store->location_id();
    if (req.path_param("location_id") != location)
        return error_response(404, "Not Found");
    const std::int64_t limit = limit_of(req);
    std::int64_t skip = (positive("page", param(req, "page"), 1, INT64_MAX / 1000) - 1) * limit;
    RecordFilter f;
    f.updated = range(req, "updated_at");
    json::array out;
    std::optional<std::int64_t> after;
    while (static_cast<std::int64_t>(out.size()) < limit) {
        PageQuery q;
        q.limit = 50;
        q.after = after;
        const Page p = rt.store->list_products(f, q);
        for (const auto i : p.indexes) {
            const auto pr = rt.store->product(i);
            for (const auto& v : pr ? pr->variants : std::vector<Variant>{}) {
                if (skip > 0) {
                    --skip;
                } else if (static_cast<std::int64_t>(out.size()) < limit) {
                    out.push_back(inventory_level_json(v, location));
                }
            }
        }
        if (!p.more_after || p.indexes.empty())
            break;
        after = p.indexes.back();
    }
    return ok({{"inventory_levels", std::move(out)}});
}

// --- webhooks -----------------------------------------------------------------------------

json::object subscription_json(const Subscription& s) {
    return {{"id", s.id},
            {"address", s.url},
            {"topic", s.topic},
            {"format", "json"},
            {"created_at", format_seconds(s.created_at)},
            {"updated_at", format_seconds(s.created_at)}};
}

http::Response create_webhook(Runtime& rt, const http::Request& req, const http::Context& ctx) {
    boost::system::error_code ec;
    const json::value body = json::parse(req.body, ec);
    if (ec || !body.is_object())
        return error_response(400, "body must be a JSON object");
    const auto& o = body.as_object();
    const auto* topic = o.if_contains("topic");
    const auto* address = o.if_contains("address");
    if (!topic || !topic->is_string() || !rt.webhooks.known_topic(std::string(topic->as_string())))
        return error_response(400, "topic is invalid");
    const std::string a = address && address->is_string() ? std::string(address->as_string()) : "";
    if (a.rfind("http://", 0) != 0 && a.rfind("https://", 0) != 0)
        return error_response(400, "address is invalid");
    const std::string t(topic->as_string());
    const std::string scope = scope_for_topic(t);
    if (!scope.empty() && !has_scope(ctx.principal->scopes, scope))
        return error_response(403, "Forbidden: this topic requires the " + scope + " access scope");
    return ok({{"webhook", subscription_json(rt.webhooks.subscribe(t, a))}});
}

}  // namespace

void add_openapi_routes(http::Router& r, Runtime& rt) {
    const std::string v = "/openapi/2022-01";
    auto add = [&](const char* method, const std::string& path, const char* scope, auto f) {
        r.add({method, path, scope, false, guarded(f)});
    };
    for (const std::string version : {"/openapi/2022-01", "/openapi/2025-06"}) {
        add("GET", version + "/shop", "read_shop",
            [&rt](const http::Request&, const http::Context&) {
                return ok({{"shop", shop_json(rt.store->shop())}});
            });
        add("PUT", version + "/shop", "write_shop",
            [&rt](const http::Request& req, const http::Context&) { return put_shop(rt, req); });
    }
    add("GET", v + "/orders", "read_order",
        [&rt](const http::Request& req, const http::Context&) { return list_orders(rt, req); });
    add("GET", v + "/orders/count", "read_order",
        [&rt](const http::Request& req, const http::Context&) {
            PageQuery q;
            q.limit = 1;
            q.count = true;
            return ok({{"count", rt.store->list_orders(order_filter(rt, req), q).count}});
        });
    add("GET", v + "/orders/{order_id}", "read_order",
        [&rt](const http::Request& req, const http::Context&) {
            const auto o = order_by_id(rt, req, "order_id");
            if (!o)
                return error_response(404, "Not Found");
            return ok({{"order", order_json(*o, order_customer(rt, *o))}});
        });
    add("GET", v + "/orders/{order_id}/fulfillments", "read_order",
        [&rt](const http::Request& req, const http::Context&) {
            return order_fulfillments(rt, req);
        });
    add("GET", v + "/products", "read_product",
        [&rt](const http::Request& req, const http::Context&) { return list_products(rt, req); });
    add("GET", v + "/products/count", "read_product",
        [&rt](const http::Request& req, const http::Context&) {
            PageQuery q;
            q.limit = 1;
            q.count = true;
            return ok({{"count", rt.store->list_products(product_filter(rt, req), q).count}});
        });
    add("GET", v + "/products/{id}", "read_product",
        [&rt](const http::Request& req, const http::Context&) {
            const auto i = rt.store->product_index(std::string(req.path_param("id")));
            const auto p = i ? rt.store->product(*i) : std::nullopt;
            if (!p)
                return error_response(404, "Not Found");
            return ok({{"product", product_json(*p)}});
        });
    add("GET", v + "/customers", "read_customer",
        [&rt](const http::Request& req, const http::Context&) { return list_customers(rt, req); });
    add("GET", v + "/customers/count", "read_customer",
        [&rt](const http::Request& req, const http::Context&) {
            PageQuery q;
            q.limit = 1;
            q.count = true;
            return ok({{"count", rt.store->list_customers(customer_filter(rt, req), q).count}});
        });
    add("GET", v + "/customers/{id}", "read_customer",
        [&rt](const http::Request& req, const http::Context&) {
            const auto i = rt.store->customer_index(std::string(req.path_param("id")));
            const auto c = i ? rt.store->customer(*i) : std::nullopt;
            if (!c)
                return error_response(404, "Not Found");
            return ok({{"customer", customer_json(*c, rt.store_id())}});
        });
    add("GET", v + "/locations", "read_inventory",
        [&rt](const http::Request&, const http::Context&) {
            return ok({{"locations",
                        json::array{location_json(rt.store->location_id(), rt.store->shop())}}});
        });
    add("GET", v + "/locations/{location_id}/inventory_levels", "read_inventory",
        [&rt](const http::Request& req, const http::Context&) {
            return inventory_levels(rt, req);
        });
    add("POST", v + "/webhooks", "", [&rt](const http::Request& req, const http::Context& ctx) {
        return create_webhook(rt, req, ctx);
    });
    add("GET", v + "/webhooks", "", [&rt](const http::Request&, const http::Context&) {
        json::array out;
        for (const auto& s : rt.webhooks.subscriptions())
            out.push_back(subscription_json(s));
        return ok({{"webhooks", std::move(out)}});
    });
    add("DELETE", v + "/webhooks/{id}", "", [&rt](const http::Request& req, const http::Context&) {
        if (!rt.webhooks.unsubscribe(std::string(req.path_param("id"))))
            return error_response(404, "Not Found");
        return ok({});
    });
}

}  // namespace sb::emulators::shoplazza
