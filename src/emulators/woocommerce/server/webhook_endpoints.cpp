#include <boost/json/serialize.hpp>

#include "core/time.hpp"
#include "emulators/common/http_post.hpp"
#include "emulators/woocommerce/server/query.hpp"
#include "emulators/woocommerce/server/runtime.hpp"

// /wp-json/wc/v3/webhooks: create, list, read, update and delete. Each webhook is one kit
// subscription (webhooks/webhooks.hpp); a webhook the kit deactivated after its failures reads
// back as status "disabled" until a PUT sets it active again. A webhook created active is
// pinged first, as WooCommerce does: a form body `webhook_id=N`, unsigned.
namespace sb::emulators::woocommerce {

namespace json = boost::json;

namespace {

ApiError no_webhook() {
    return {404, "woocommerce_rest_webhook_invalid_id", "Invalid ID.", {}};
}

// The status in force: the last one set, or "disabled" once the kit gave up on it.
std::string status_of(const Runtime& rt, const Webhook& w) {
    if (w.status != "active")
        return w.status;
    const auto sub = rt.webhooks.subscription(w.subscription_id);
    return sub && sub->active ? "active" : "disabled";
}

json::array hook_names(const std::string& topic) {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> names{
        {"order.created", {"woocommerce_new_order"}},
        {"order.updated", {"woocommerce_update_order", "woocommerce_order_refunded"}},
        {"order.deleted", {"wp_trash_post"}},
        {"order.restored", {"untrashed_post"}},
        {"product.created", {"woocommerce_process_product_meta", "woocommerce_new_product"}},
        {"product.updated", {"woocommerce_process_product_meta", "woocommerce_update_product"}},
        {"product.deleted", {"wp_trash_post"}},
        {"customer.created", {"user_register", "woocommerce_created_customer"}},
        {"customer.updated", {"profile_update", "woocommerce_update_customer"}},
        {"customer.deleted", {"delete_user"}}};
    json::array out;
    for (const auto& [t, hooks] : names) {
        if (t == topic) {
            for (const auto& h : hooks)
                out.push_back(json::value(h));
        }
    }
    if (topic.rfind("action.", 0) == 0)
        out.push_back(json::value(topic.substr(7)));
    return out;
}

json::object webhook_json(const Runtime& rt, const Webhook& w) {
    const Site site = rt.site();
    json::object j{{"id", w.id},
                   {"name", w.name},
                   {"status", status_of(rt, w)},
                   {"topic", w.topic},
                   {"resource", topic_resource(w.topic)},
                   {"event", topic_event(w.topic)},
                   {"hooks", hook_names(w.topic)},
                   {"delivery_url", w.delivery_url}};
    j["date_created"] = site.date(w.date_created, false);
    j["date_created_gmt"] = site.date(w.date_created, true);
    j["date_modified"] = site.date(w.date_modified, false);
    j["date_modified_gmt"] = site.date(w.date_modified, true);
    j["_links"] = json::object{
        {"self", json::array{json::object{
                     {"href", site.api_base() + "/webhooks/" + std::to_string(w.id)}}}},
        {"collection", json::array{json::object{{"href", site.api_base() + "/webhooks"}}}}};
    return j;
}

// Checks and applies the fields of a create (`full`) or an update body.
void apply(const json::object& b, Webhook& w, bool full) {
    std::vector<std::string> missing;
    auto text = [&](const char* key) -> std::optional<std::string> {
        const auto* v = b.if_contains(key);
        if (!v)
            return std::nullopt;
        if (!v->is_string())
            throw invalid_param(key, std::string(key) + " is not of type string.");
        return std::string(v->as_string());
    };
    const auto topic = text("topic");
    const auto url = text("delivery_url");
    if (full && !topic)
        missing.push_back("topic");
    if (full && !url)
        missing.push_back("delivery_url");
    if (!missing.empty()) {
        std::string names;
        json::array params;
        for (const auto& m : missing) {
            names += (names.empty() ? "" : ", ") + m;
            params.push_back(json::value(m));
        }
        throw ApiError{400, "rest_missing_callback_param", "Missing parameter(s): " + names,
                       json::object{{"params", std::move(params)}}};
    }
    if (topic) {
        if (!valid_topic(*topic))
            throw ApiError{400,
                           "woocommerce_rest_webhook_invalid_topic",
                           "Webhook topic is required and must be valid.",
                           {}};
        w.topic = *topic;
    }
    if (url) {
        if (url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0)
            throw ApiError{400,
                           "woocommerce_rest_webhook_invalid_delivery_url",
                           "Webhook delivery URL must be a valid URL starting with http:// or "
                           "https://.",
                           {}};
        w.delivery_url = *url;
    }
    if (const auto name = text("name"))
        w.name = *name;
    if (const auto secret = text("secret"))
        w.secret = *secret;
    if (const auto status = text("status")) {
        if (*status != "active" && *status != "paused" && *status != "disabled")
            throw invalid_param("status", "status is not one of active, paused and disabled.");
        w.status = *status;
    }
}

// WooCommerce's ping: POSTs `webhook_id=N` as a form, unsigned; the answer only counts.
void ping(Runtime& rt, const Webhook& w) {
    const auto r = common::http_post(
        w.delivery_url,
        {{"Content-Type", "application/x-www-form-urlencoded"}, {"User-Agent", user_agent()}},
        "webhook_id=" + std::to_string(w.id), std::chrono::seconds(5));
    if (r.status >= 200 && r.status < 303)
        ++rt.counters.pings_delivered;
    else
        ++rt.counters.pings_failed;
}

}  // namespace

void add_webhook_routes(http::Router& r, Runtime& rt) {
    const std::string base = "/wp-json/wc/v3/webhooks";
    auto add = [&](const char* method, const std::string& path, Handler f, bool calls_out) {
        http::Route route{method, base + path, "", false, wc_route(std::move(f))};
        route.calls_platform = calls_out;
        r.add(std::move(route));
    };
    add(
        "GET", "",
        [&rt](const http::Request& req, const http::Context&) {
            const Site site = rt.site();
            ListQuery q = list_query(req, Collection::webhooks, site.utc_offset_minutes);
            const std::string want = std::string(req.query_param("status").value_or("all"));
            if (want != "all" && want != "active" && want != "paused" && want != "disabled")
                throw invalid_param("status",
                                    "status is not one of all, active, paused and disabled.");
            std::vector<Webhook> matches;
            for (const auto& w : rt.hooks->all()) {
                if ((want == "all" || status_of(rt, w) == want) &&
                    (!q.include ||
                     std::find(q.include->begin(), q.include->end(), w.id) != q.include->end()) &&
                    std::find(q.exclude.begin(), q.exclude.end(), w.id) == q.exclude.end())
                    matches.push_back(w);
            }
            std::stable_sort(
                matches.begin(), matches.end(), [&](const Webhook& a, const Webhook& b) {
                    const bool less = q.orderby == "title" ? a.name < b.name : a.id < b.id;
                    const bool more = q.orderby == "title" ? b.name < a.name : b.id < a.id;
                    return q.descending ? more : less;
                });
            json::array items;
            const std::int64_t from = q.offset >= 0 ? q.offset : (q.page - 1) * q.per_page;
            const auto total = static_cast<std::int64_t>(matches.size());
            for (std::int64_t i = from; i < total && i < from + q.per_page; ++i)
                items.push_back(webhook_json(rt, matches[static_cast<std::size_t>(i)]));
            return list_response(req, site, std::move(items), total, q);
        },
        false);
    add(
        "POST", "",
        [&rt](const http::Request& req, const http::Context&) {
            Webhook w;
            apply(json_body(req), w, true);
            w.date_created = w.date_modified = now_ms() / 1000 * 1000;
            if (w.name.empty())
                w.name = "Webhook created on " +
                         std::string(rt.site().date(w.date_created, false).as_string());
            if (w.secret.empty())
                w.secret = rt.options.consumer_secret;
            w = rt.hooks->add(w);
            w.subscription_id = rt.webhooks.subscribe(webhook_topic(w.id), w.delivery_url).id;
            if (w.status != "active")
                rt.webhooks.set_active(w.subscription_id, false);
            rt.hooks->put(w);
            if (w.status == "active")
                ping(rt, w);
            return ok(201, webhook_json(rt, w));
        },
        true);
    add(
        "GET", "/{id}",
        [&rt](const http::Request& req, const http::Context&) {
            const auto w = rt.hooks->get(path_id(req, "id"));
            if (!w)
                throw no_webhook();
            return ok(200, webhook_json(rt, *w));
        },
        false);
    add(
        "PUT", "/{id}",
        [&rt](const http::Request& req, const http::Context&) {
            auto w = rt.hooks->get(path_id(req, "id"));
            if (!w)
                throw no_webhook();
            const std::string url = w->delivery_url;
            w->status = status_of(rt, *w);
            apply(json_body(req), *w, false);
            if (w->delivery_url != url) {
                rt.webhooks.unsubscribe(w->subscription_id);
                w->subscription_id =
                    rt.webhooks.subscribe(webhook_topic(w->id), w->delivery_url).id;
            }
            rt.webhooks.set_active(w->subscription_id, w->status == "active");
            w->date_modified = now_ms() / 1000 * 1000;
            rt.hooks->put(*w);
            return ok(200, webhook_json(rt, *w));
        },
        false);
    add(
        "DELETE", "/{id}",
        [&rt](const http::Request& req, const http::Context&) {
            const auto w = rt.hooks->get(path_id(req, "id"));
            if (!w)
                throw no_webhook();
            if (!bool_param(req, "force").value_or(false))
                throw ApiError{501,
                               "woocommerce_rest_trash_not_supported",
                               "Webhooks do not support trashing.",
                               {}};
            const json::object gone = webhook_json(rt, *w);
            rt.hooks->remove(w->id);
            rt.webhooks.unsubscribe(w->subscription_id);
            return ok(200, gone);
        },
        false);
}

}  // namespace sb::emulators::woocommerce
