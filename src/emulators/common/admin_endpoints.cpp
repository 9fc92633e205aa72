#include "emulators/common/admin_endpoints.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <optional>

#include "core/time.hpp"

namespace sb::emulators::common {

namespace json = boost::json;

namespace {

http::Response reply(const json::object& body) {
    return http::Response::json(200, json::serialize(body));
}

class FaultBody {
  public:
    FaultBody(const http::Request& req, bool strict) : strict_(strict) {
        try {
            body_ = object_body(req);
        } catch (const InvalidBody&) {
            if (strict_)
                throw;
        }
    }

    std::optional<double> number(const char* key) const {
        const auto* v = body_.if_contains(key);
        if (v && v->is_number())
            return v->to_number<double>();
        if (v && strict_)
            throw InvalidBody{std::string(key) + " must be a number"};
        return std::nullopt;
    }

    std::optional<double> rate(const char* key) const {
        auto v = number(key);
        if (v && *v < 0 && !strict_)
            return std::nullopt;
        return v;
    }

  private:
    bool strict_;
    json::object body_;
};

// Applies the keys in a fixed order, each as it is read: a strict body refused at one key keeps
// the ones before it.
json::object change_faults(RuntimeBase& rt, const AdminOptions& o, const FaultBody& b) {
    bool storm_began = false;
    auto as_int = [](double d) { return static_cast<int>(d); };
    rt.faults.update([&](FaultSettings& f) {
        if (auto v = b.number("latency_min_ms"))
            f.latency_min_ms = as_int(*v);
        if (auto v = b.number("latency_max_ms"))
            f.latency_max_ms = as_int(*v);
        if (auto v = b.number("fail_rate"))
            f.fail_rate = *v;
        if (auto v = b.number("reset_rate"))
            f.reset_rate = *v;
        if (o.counted_faults) {
            if (auto v = b.number("fail_next"))
                f.fail_next = as_int(*v);
            if (auto v = b.number("throttle_next"))
                f.throttle_next = as_int(*v);
        }
        if (o.throttle_storms) {
            if (auto v = b.number("throttle_storm_seconds")) {
                f.throttle_until_ms = now_ms() + static_cast<std::int64_t>(*v * 1000);
                storm_began = *v > 0;
            }
        }
    });
    if (storm_began && o.on_storm)
        o.on_storm();
    const auto drop = b.rate("webhook_drop_rate"), dup = b.rate("webhook_duplicate_rate");
    if (drop || dup)
        rt.webhooks.set_faults(std::max(0.0, drop.value_or(0)), std::max(0.0, dup.value_or(0)));

    const FaultSettings f = rt.faults.settings();
    json::object out{{"latency_min_ms", f.latency_min_ms},
                     {"latency_max_ms", f.latency_max_ms},
                     {"fail_rate", f.fail_rate},
                     {"reset_rate", f.reset_rate}};
    if (o.counted_faults) {
        out["fail_next"] = f.fail_next;
        out["throttle_next"] = f.throttle_next;
    }
    if (o.throttle_storms) {
        out["throttle_until"] = f.throttle_until_ms > now_ms()
                                    ? json::value(format_time(f.throttle_until_ms))
                                    : json::value(nullptr);
    }
    return out;
}

json::object stats(const RuntimeBase& rt, const StatsParts& p) {
    json::object requests{{"total", rt.requests.load()}};
    for (const auto& [k, v] : p.requests)
        requests[k] = v;
    requests["injected_failures"] = rt.faults.injected_failures();
    requests["injected_resets"] = rt.faults.injected_resets();
    json::object body{{"shop", p.shop}};
    for (const auto& [k, v] : p.state)
        body[k] = v;
    body["installed"] = rt.app.installed();
    body["records"] = p.records;
    body["requests"] = std::move(requests);
    body["limits"] = p.limits;
    body["webhooks"] = webhook_stats_json(rt.webhooks);
    return body;
}

}  // namespace

std::optional<std::int64_t> body_integer(const json::object& body, const char* key) {
    const auto* v = body.if_contains(key);
    if (!v)
        return std::nullopt;
    if (!v->is_int64())
        throw InvalidBody{std::string(key) + " must be an integer"};
    return v->as_int64();
}

std::optional<std::string> body_text(const json::object& body, const char* key) {
    const auto* v = body.if_contains(key);
    if (!v)
        return std::nullopt;
    if (!v->is_string())
        throw InvalidBody{std::string(key) + " must be a string"};
    return std::string(v->as_string());
}

json::object object_body(const http::Request& req) {
    boost::system::error_code ec;
    auto v = json::parse(req.body.empty() ? "{}" : req.body, ec);
    if (ec || !v.is_object())
        throw InvalidBody{"body must be a JSON object"};
    return std::move(v.as_object());
}

http::Handler refusing_invalid(std::function<http::Response(const http::Request&)> f,
                               ErrorBody error) {
    return [f = std::move(f), error = std::move(error)](const http::Request& req,
                                                        const http::Context&) {
        try {
            return f(req);
        } catch (const InvalidBody& e) {
            return error(400, e.message);
        }
    };
}

json::object webhook_stats_json(const Webhooks& w) {
    const DeliveryStats s = w.stats();
    json::object out{{"published", s.published},
                     {"delivered", s.delivered},
                     {"failed_attempts", s.failed_attempts},
                     {"abandoned", s.abandoned},
                     {"dropped", s.dropped},
                     {"duplicated", s.duplicated},
                     {"pending", s.pending}};
    if (w.deactivates())
        out["deactivated"] = w.deactivated();
    return out;
}

void add_common_admin_routes(http::Router& r, RuntimeBase& rt, AdminOptions options) {
    auto o = std::make_shared<const AdminOptions>(std::move(options));
    r.add({"POST", "/_emulator/faults", "", true,
           refusing_invalid(
               [&rt, o](const http::Request& req) {
                   return reply(change_faults(rt, *o, FaultBody(req, o->strict)));
               },
               o->error)});
    r.add(
        {"GET", "/_emulator/stats", "", true, [&rt, o](const http::Request&, const http::Context&) {
             return reply(stats(rt, o->stats()));
         }});
    r.add({"POST", "/_emulator/uninstall", "", true,
           [&rt, o](const http::Request&, const http::Context&) {
               rt.app.uninstall();
               if (o->announce_uninstall)
                   o->announce_uninstall();
               return reply({{"uninstalled", true}});
           }});
}

}  // namespace sb::emulators::common
