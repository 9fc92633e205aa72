#include "emulators/custom/emulator.hpp"

#include <boost/json/serialize.hpp>
#include <fstream>
#include <stdexcept>

#include "core/time.hpp"
#include "emulators/common/admin_endpoints.hpp"
#include "emulators/common/runtime.hpp"
#include "emulators/common/tokens.hpp"
#include "emulators/custom/store.hpp"

namespace sb::emulators::custom {

namespace json = boost::json;

namespace {

http::Response error_response(int status, const std::string& message) {
    return http::Response::json(status, json::serialize(json::object{{"error", message}}));
}

// No webhooks: the merchant's system pushes to the hub itself (storebridge push).
common::WebhookOptions webhook_options() {
    common::WebhookOptions w;
    w.next_id = [] { return common::random_uuid(); };
    w.sign = [](const std::string&) { return std::string(); };
    w.headers = [](const common::WebhookEvent&) { return common::Headers{}; };
    return w;
}

std::unique_ptr<Store> load_store(const EmulatorOptions& o) {
    auto store = std::make_unique<Store>();
    if (o.records_file.empty())
        return store;
    std::ifstream in(o.records_file);
    if (!in)
        throw std::invalid_argument("--records: cannot read " + o.records_file);
    try {
        store->load_jsonl(in);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("--records " + o.records_file + ": " + e.what());
    }
    return store;
}

struct Runtime : common::Runtime<EmulatorOptions, Store> {
    explicit Runtime(EmulatorOptions o)
        : common::Runtime<EmulatorOptions, Store>(o, {{}, o.token, {}, webhook_options()},
                                                  load_store(o)) {}
    std::atomic<std::int64_t> pages{0};
    std::atomic<std::int64_t> served{0};
    std::atomic<std::int64_t> unauthorized{0};
};

// GET /records?type=…&limit=…[&updated_since=…][&cursor=…]
http::Response records_page(Runtime& rt, const http::Request& req) {
    const auto auth = req.header("authorization");
    if (!auth || *auth != "Bearer " + rt.options.token) {
        ++rt.unauthorized;
        auto r = error_response(401, "Unauthorized");
        r.set_header("WWW-Authenticate", "Bearer");
        return r;
    }
    const auto type = req.query_param("type");
    if (!type || type->empty())
        return error_response(400, "type: required");
    std::size_t limit = 100;
    if (const auto l = req.query_param("limit")) {
        try {
            const auto n = std::stoll(std::string(*l));
            if (n < 1)
                return error_response(400, "limit: must be at least 1");
            limit = static_cast<std::size_t>(std::min<long long>(n, rt.options.max_limit));
        } catch (const std::exception&) {
            return error_response(400, "limit: must be an integer");
        }
    }
    std::optional<std::int64_t> since;
    if (const auto s = req.query_param("updated_since")) {
        since = parse_time(*s);
        if (!since)
            return error_response(400, "updated_since: must be an RFC 3339 timestamp");
    }
    RecordsPage page;
    try {
        page = rt.store->page(*type, since, req.query_param("cursor").value_or(""), limit);
    } catch (const std::invalid_argument& e) {
        return error_response(400, e.what());
    }
    ++rt.pages;
    rt.served += static_cast<std::int64_t>(page.records.size());
    json::object body{{"records", std::move(page.records)}};
    body["next_cursor"] = page.next_cursor ? json::value(*page.next_cursor) : json::value(nullptr);
    return http::Response::json(200, json::serialize(body));
}

}  // namespace

struct Emulator::Impl {
    explicit Impl(EmulatorOptions o) : rt(std::move(o)) {}
    Runtime rt;
    http::Router router;
};

Emulator::Emulator(EmulatorOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
    auto& rt = impl_->rt;
    auto& r = impl_->router;
    r.add({"GET", "/records", "", true, [&rt](const http::Request& req, const http::Context&) {
               return records_page(rt, req);
           }});
    // The server's data changes: {"records": [...]} added or replaced (a deletion is a record
    // with deleted: true), as the merchant's system would change them.
    r.add(
        {"POST", "/_emulator/records", "", true,
         common::refusing_invalid(
             [&rt](const http::Request& req) {
                 const auto body = common::object_body(req);
                 const auto* list = body.if_contains("records");
                 if (!list || !list->is_array())
                     throw common::InvalidBody{"records: required, an array"};
                 try {
                     const auto n = rt.store->put(list->get_array());
                     return http::Response::json(200, json::serialize(json::object{{"stored", n}}));
                 } catch (const std::invalid_argument& e) {
                     throw common::InvalidBody{e.what()};
                 }
             },
             error_response)});
    common::AdminOptions admin;
    admin.error = error_response;
    admin.strict = true;
    admin.counted_faults = true;
    admin.stats = [&rt] {
        common::StatsParts p;
        p.shop = "custom";
        for (const auto& [type, n] : rt.store->counts())
            p.records[type] = n;
        p.requests = {{"pages", rt.pages.load()},
                      {"records_served", rt.served.load()},
                      {"unauthorized", rt.unauthorized.load()}};
        p.limits = {{"max_limit", rt.options.max_limit}};
        return p;
    };
    common::add_common_admin_routes(r, rt, std::move(admin));
    serve(rt, rt.options,
          [this](http::Request& req) {
              auto& rt = impl_->rt;
              ++rt.requests;
              if (req.path.rfind("/_emulator/", 0) != 0) {
                  if (auto f = rt.faults.inject(error_response))
                      return *f;
                  if (rt.faults.take_throttle_next()) {
                      auto t = error_response(429, "Too Many Requests");
                      t.set_header("Retry-After", "1");
                      return t;
                  }
              }
              return common::route(impl_->router, req, error_response);
          },
          {});
}

Emulator::~Emulator() {
    stop();
}

std::string Emulator::base_url() const {
    return "http://" + options().host + ":" + std::to_string(port());
}

}  // namespace sb::emulators::custom
