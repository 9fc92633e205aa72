#include <boost/json/serialize.hpp>

#include "core/time.hpp"
#include "emulators/bigcommerce/server/query.hpp"
#include "emulators/bigcommerce/server/runtime.hpp"

// /v3/hooks: the webhooks of the client that made them. Each hook is one kit subscription
// (webhooks/webhooks.hpp); is_active reads the subscription, which the kit turns off when a
// delivery is abandoned after its last retry.
namespace sb::emulators::bigcommerce {

namespace json = boost::json;

namespace {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

json::object hook_json(const Runtime& rt, const Hook& h) {
    const auto sub = rt.webhooks.subscription(h.subscription_id);
    json::value headers = nullptr;
    if (h.headers) {
        json::object o;
        for (const auto& [k, v] : *h.headers)
            o[k] = v;
        headers = std::move(o);
    }
    return {{"id", h.id},
            {"client_id", h.client_id},
            {"store_hash", h.store_hash},
            {"scope", h.scope},
            {"destination", h.destination},
            {"headers", std::move(headers)},
            {"is_active", sub && sub->active},
            {"created_at", h.created_at},
            {"updated_at", h.updated_at}};
}

http::Response one(const Runtime& rt, const Hook& h, int status = 200) {
    return http::Response::json(status, json::serialize(json::object{{"data", hook_json(rt, h)},
                                                                     {"meta", json::object{}}}));
}

const std::string& client_of(const http::Context& ctx) {
    return ctx.principal->client_id;
}

// The hook `id` if the calling client made it.
std::optional<Hook> own_hook(const Runtime& rt, const http::Request& req,
                             const http::Context& ctx) {
    const auto h = rt.hooks->get(path_id(req, "id"));
    if (!h || h->client_id != client_of(ctx))
        return std::nullopt;
    return h;
}

http::Response no_hook() {
    return error_v3(404, "The webhook was not found.");
}

// Checks and applies the fields of a create (`full`) or an update body.
void apply(const json::object& b, Hook& h, std::optional<bool>& active, bool full,
           const std::vector<std::string>& granted) {
    if (const auto* v = b.if_contains("scope")) {
        if (!v->is_string() || !valid_hook_scope(std::string(v->as_string())))
            throw BadInput{422, "The scope is not a known webhook scope.", "scope"};
        h.scope = std::string(v->as_string());
        const std::string needed = token_scope_for_hook(h.scope);
        if (!needed.empty() && !has_bc_scope(granted, needed))
            throw BadInput{403, "The token lacks the " + needed + " scope this webhook needs.",
                           "scope"};
    } else if (full) {
        throw BadInput{422, "The field 'scope' is required.", "scope"};
    }
    if (const auto* v = b.if_contains("destination")) {
        const std::string d = v->is_string() ? std::string(v->as_string()) : "";
        if (d.rfind("http://", 0) != 0 && d.rfind("https://", 0) != 0)
            throw BadInput{422, "The destination must be an http(s) URL.", "destination"};
        h.destination = d;
    } else if (full) {
        throw BadInput{422, "The field 'destination' is required.", "destination"};
    }
    if (const auto* v = b.if_contains("is_active")) {
        if (!v->is_bool())
            throw BadInput{422, "The field 'is_active' must be a boolean.", "is_active"};
        active = v->as_bool();
    }
    if (const auto* v = b.if_contains("headers")) {
        if (v->is_null()) {
            h.headers.reset();
        } else if (v->is_object()) {
            HeaderList list;
            for (const auto& [k, x] : v->as_object()) {
                if (!x.is_string())
                    throw BadInput{422, "Each header value must be a string.", "headers"};
                list.emplace_back(std::string(k), std::string(x.as_string()));
            }
            h.headers = std::move(list);
        } else {
            throw BadInput{422, "The field 'headers' must be an object.", "headers"};
        }
    }
}

}  // namespace

void add_hook_routes(http::Router& r, Runtime& rt) {
    const std::string base = "/stores/{store_hash}/v3/hooks";
    auto add = [&](const char* method, const std::string& path, Handler f) {
        r.add({method, base + path, "", false, v3_route(std::move(f))});
    };
    add("GET", "", [&rt](const http::Request& req, const http::Context& ctx) {
        const PageRequest p = page_request(req);
        std::vector<Hook> mine;
        for (const auto& h : rt.hooks->all()) {
            if (h.client_id == client_of(ctx))
                mine.push_back(h);
        }
        json::array data;
        for (std::size_t i = static_cast<std::size_t>((p.page - 1) * p.limit);
             i < mine.size() && data.size() < static_cast<std::size_t>(p.limit); ++i)
            data.push_back(hook_json(rt, mine[i]));
        const auto count = static_cast<std::int64_t>(data.size());
        return http::Response::json(
            200, json::serialize(json::object{
                     {"data", std::move(data)},
                     {"meta", pagination_meta(static_cast<std::int64_t>(mine.size()), count, p)}}));
    });
    add("POST", "", [&rt](const http::Request& req, const http::Context& ctx) {
        Hook h;
        std::optional<bool> active;
        apply(json_body(req), h, active, true, ctx.principal->scopes);
        h.client_id = client_of(ctx);
        h.store_hash = rt.options.store_hash;
        h.created_at = h.updated_at = now_ms() / 1000;
        h = rt.hooks->add(h);
        h.subscription_id = rt.webhooks.subscribe(hook_topic(h.id), h.destination).id;
        rt.hooks->put(h);
        if (active && !*active)
            rt.webhooks.set_active(h.subscription_id, false);
        return one(rt, h);
    });
    add("GET", "/{id}", [&rt](const http::Request& req, const http::Context& ctx) {
        const auto h = own_hook(rt, req, ctx);
        return h ? one(rt, *h) : no_hook();
    });
    add("PUT", "/{id}", [&rt](const http::Request& req, const http::Context& ctx) {
        auto h = own_hook(rt, req, ctx);
        if (!h)
            return no_hook();
        std::optional<bool> active;
        const std::string destination = h->destination;
        apply(json_body(req), *h, active, false, ctx.principal->scopes);
        if (h->destination != destination) {
            const auto sub = rt.webhooks.subscription(h->subscription_id);
            rt.webhooks.unsubscribe(h->subscription_id);
            h->subscription_id = rt.webhooks.subscribe(hook_topic(h->id), h->destination).id;
            if (sub && !sub->active && !active)
                active = false;
        }
        if (active)
            rt.webhooks.set_active(h->subscription_id, *active);
        h->updated_at = now_ms() / 1000;
        rt.hooks->put(*h);
        return one(rt, *h);
    });
    add("DELETE", "/{id}", [&rt](const http::Request& req, const http::Context& ctx) {
        const auto h = own_hook(rt, req, ctx);
        if (!h)
            return no_hook();
        rt.hooks->remove(h->id);
        rt.webhooks.unsubscribe(h->subscription_id);
        return one(rt, *h);
    });
}

}  // namespace sb::emulators::bigcommerce
