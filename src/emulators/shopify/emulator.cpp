#include "emulators/shopify/emulator.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <filesystem>
#include <random>
#include <thread>

#include "core/signals.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "emulators/shopify/graphql/parser.hpp"
#include "emulators/shopify/schema/published.hpp"
#include "emulators/shopify/server/file_server.hpp"
#include "emulators/shopify/server/runtime.hpp"
#include "http/server.hpp"

namespace sb::emulators::shopify {

namespace json = boost::json;

Services Runtime::services(std::string_view version) const {
    Services s;
    s.store = store.get();
    s.api_version = resolve_version(version.empty() ? options.api_version : version);
    s.schema = &admin_schema(s.api_version);
    s.bulk = bulk.get();
    s.webhooks = webhooks.get();
    s.app_id = options.api_key;
    return s;
}

const std::string& answered_version(const Runtime& rt, const http::Request& req) {
    const std::string_view asked = req.path_param("version");
    return resolve_version(asked.empty() ? rt.options.api_version : asked);
}

void stamp_version(const Runtime& rt, const http::Request& req, http::Response& res,
                   bool used_deprecated) {
    const std::string& answered = answered_version(rt, req);
    res.set_header("X-Shopify-API-Version", answered);
    const std::string_view asked = req.path_param("version");
    if (used_deprecated || (!asked.empty() && asked != answered)) {
        res.set_header("X-Shopify-API-Deprecated-Reason",
                       "https://shopify.dev/api/usage/versioning#deprecation-practices");
    }
}

std::string Runtime::bulk_signature(std::int64_t id) const {
    return crypto::hex_encode(crypto::hmac_sha256(options.api_secret, "bulk/" + std::to_string(id)))
        .substr(0, 32);
}

std::string Runtime::bulk_url(const BulkOperation& op) const {
    return "http://" + options.host + ":" + std::to_string(storage_port) + "/bulk/" +
           std::to_string(op.id) + ".jsonl?X-Goog-Signature=" + bulk_signature(op.id);
}

std::optional<Grant> authenticate(Runtime& rt, const http::Request& req) {
    auto token = req.header("x-shopify-access-token");
    if (!token)
        return std::nullopt;
    return rt.tokens.lookup(std::string(*token));
}

namespace {

// The plan's limits with the figures given on the command line instead.
PlanLimits limits_for(const EmulatorOptions& o) {
    PlanLimits l = limits_for_plan(o.plan);
    if (o.graphql_bucket_size > 0)
        l.graphql_bucket = o.graphql_bucket_size;
    if (o.graphql_restore_rate > 0)
        l.graphql_restore = o.graphql_restore_rate;
    if (o.rest_bucket_size > 0)
        l.rest_bucket = o.rest_bucket_size;
    if (o.rest_leak_rate > 0)
        l.rest_leak = o.rest_leak_rate;
    return l;
}

}  // namespace

struct Emulator::Impl {
    Runtime rt;
    http::Router router;
    std::unique_ptr<http::Server> server;
    std::unique_ptr<FileServer> files;
    bool owns_dir = false;
    std::mutex rng_mutex;
    std::mt19937_64 rng{12345};

    double roll() {
        std::lock_guard lock(rng_mutex);
        return std::uniform_real_distribution<double>(0, 1)(rng);
    }

    // One roll of the reset fault; counts the resets it injects.
    bool inject_reset() {
        double rate;
        {
            std::lock_guard lock(rt.faults.mutex);
            rate = rt.faults.reset_rate;
        }
        if (rate <= 0 || roll() >= rate)
            return false;
        ++rt.counters.injected_resets;
        return true;
    }

    http::Response dispatch(http::Request& req) {
        ++rt.counters.requests;
        const bool admin_api =
            req.path.rfind("/admin/", 0) == 0 && req.path.rfind("/admin/oauth/", 0) != 0;
        int lo, hi;
        double fail;
        {
            std::lock_guard lock(rt.faults.mutex);
            lo = rt.faults.latency_min_ms;
            hi = std::max(lo, rt.faults.latency_max_ms);
            fail = rt.faults.fail_rate;
        }
        if (admin_api && hi > 0) {
            const int ms = lo + static_cast<int>(roll() * (hi - lo));
            std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        }
        if (admin_api && inject_reset()) {
            http::Response res;
            res.abort_connection = true;
            return res;
        }
        if (admin_api && fail > 0 && roll() < fail) {
            ++rt.counters.injected_failures;
            return http::Response::json(503, R"({"errors":"Service Unavailable"})");
        }
        auto m = router.match(req);
        if (!m.route) {
            if (!m.allowed.empty())
                return http::Response::json(405, R"({"errors":"Method Not Allowed"})");
            return http::Response::json(404, R"({"errors":"Not Found"})");
        }
        try {
            return m.route->handler(req, http::Context{});
        } catch (const std::exception& e) {
            return http::Response::json(500, json::serialize(json::object{{"errors", e.what()}}));
        }
    }
};

Emulator::Emulator(EmulatorOptions options) : impl_(std::make_unique<Impl>()) {
    auto& rt = impl_->rt;
    rt.options = std::move(options);
    CatalogSize size;
    size.seed = rt.options.seed;
    size.orders = rt.options.orders;
    size.products = rt.options.products;
    size.customers = rt.options.customers;
    size.shop_domain = rt.options.shop_domain;
    size.plan = rt.options.plan;
    rt.store = std::make_unique<Store>(size);
    admin_schema(rt.options.api_version);  // load and check the published schema up front
    rt.limits = limits_for(rt.options);
    rt.cost_bucket =
        std::make_unique<CostBucket>(rt.limits.graphql_bucket, rt.limits.graphql_restore);
    rt.rest_bucket = std::make_unique<RequestBucket>(rt.limits.rest_bucket, rt.limits.rest_leak);
    rt.faults.latency_min_ms = rt.options.latency_min_ms;
    rt.faults.latency_max_ms = rt.options.latency_max_ms;
    rt.faults.fail_rate = rt.options.fail_rate;
    rt.faults.reset_rate = rt.options.reset_rate;
    // Deterministic per app secret so scripts can reuse it across restarts.
    rt.admin_token =
        "shpat_" +
        crypto::hex_encode(crypto::hmac_sha256(rt.options.api_secret, "admin-token")).substr(0, 32);
    rt.tokens.add_offline(rt.admin_token, all_scopes());

    rt.data_dir = rt.options.data_dir;
    if (rt.data_dir.empty()) {
        rt.data_dir =
            (std::filesystem::temp_directory_path() / ("sb-shopify-emu-" + crypto::random_token(6)))
                .string();
        impl_->owns_dir = true;
    }
    std::filesystem::create_directories(rt.data_dir);

    WebhookOptions wo;
    wo.secret = rt.options.api_secret;
    wo.shop_domain = rt.options.shop_domain;
    wo.api_version = rt.options.api_version;
    wo.default_url = rt.options.webhook_url;
    wo.retry_scale = rt.options.webhook_retry_scale;
    rt.webhooks = std::make_unique<Webhooks>(wo);

    Runtime* r = &rt;
    rt.bulk = std::make_unique<BulkOperations>(
        rt.data_dir, rt.options.bulk_concurrency,
        [r](const BulkOperation& op, graphql::BulkSink& sink) -> std::string {
            auto doc = graphql::parse_document(op.query);
            Services sv = r->services(op.api_version);
            auto an = graphql::analyze(doc, "", {}, *sv.schema, true);
            if (!an.errors.empty())
                return "invalid query";
            graphql::Context ctx;
            ctx.env = &sv;
            ctx.seed = r->options.seed;
            ctx.scopes = all_scopes();  // checked when the operation was submitted
            return graphql::execute_bulk(doc, an, *sv.schema, ctx, sink);
        },
        [r](const BulkOperation& op) {
            json::object body{
                {"admin_graphql_api_id", "gid://shopify/BulkOperation/" + std::to_string(op.id)},
                {"completed_at", op.completed_at ? json::value(format_time(*op.completed_at))
                                                 : json::value(nullptr)},
                {"created_at", format_time(op.created_at)},
                {"error_code", op.error_code ? json::value(*op.error_code) : json::value(nullptr)},
                {"status",
                 [&] {
                     std::string s = op.status;
                     for (auto& c : s)
                         c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                     return s;
                 }()},
                {"type", "query"}};
            r->webhooks->publish("bulk_operations/finish", json::serialize(body));
        },
        [r](const BulkOperation& op) { return r->bulk_url(op); });

    add_graphql_routes(impl_->router, rt);
    add_oauth_routes(impl_->router, rt);
    add_rest_routes(impl_->router, rt);
    add_admin_routes(impl_->router, rt);

    Impl* impl = impl_.get();
    impl_->files = std::make_unique<FileServer>(
        rt.options.host,
        [r](const std::string& target) -> std::string {
            // /bulk/<id>.jsonl?X-Goog-Signature=<sig>
            http::Request q;
            if (!http::parse_target(target, q) || q.segments.size() != 2 || q.segments[0] != "bulk")
                return {};
            const std::string& name = q.segments[1];
            std::int64_t id = 0;
            if (std::from_chars(name.data(), name.data() + name.size(), id).ec != std::errc())
                return {};
            if (q.query_param("X-Goog-Signature").value_or("") != r->bulk_signature(id))
                return {};
            auto op = r->bulk->get(id);
            if (!op || op->status != "COMPLETED")
                return {};
            return op->path;
        },
        [impl] { return impl->inject_reset(); });
}

Emulator::~Emulator() {
    stop();
    if (impl_->owns_dir) {
        std::error_code ec;
        std::filesystem::remove_all(impl_->rt.data_dir, ec);
    }
}

void Emulator::start() {
    auto& rt = impl_->rt;
    impl_->files->start();
    rt.storage_port = impl_->files->port();
    http::ServerOptions so;
    so.address = rt.options.host;
    so.port = rt.options.port;
    so.io_threads = 2;
    so.handler_threads = rt.options.handler_threads;
    so.body_limit = 8 * 1024 * 1024;
    impl_->server = std::make_unique<http::Server>(
        so, [this](http::Request& req) { return impl_->dispatch(req); });
    impl_->server->start();
    rt.webhooks->start();
}

void Emulator::stop() {
    if (impl_->server)
        impl_->server->stop();
    impl_->rt.bulk->stop();
    impl_->rt.webhooks->stop();
    impl_->files->stop();
}

void Emulator::wait_for_signal() {
    // The caller blocked SIGINT/SIGTERM before start() (core/signals.hpp).
    wait_for_stop_signal();
    stop();
}

std::uint16_t Emulator::port() const {
    return impl_->server ? impl_->server->port() : 0;
}
std::uint16_t Emulator::storage_port() const {
    return impl_->rt.storage_port;
}
const std::string& Emulator::admin_token() const {
    return impl_->rt.admin_token;
}
const EmulatorOptions& Emulator::options() const {
    return impl_->rt.options;
}

}  // namespace sb::emulators::shopify
