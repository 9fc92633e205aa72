#include "emulators/shopify/emulator.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <filesystem>

#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "emulators/shopify/graphql/parser.hpp"
#include "emulators/shopify/schema/published.hpp"
#include "emulators/shopify/server/file_server.hpp"
#include "emulators/shopify/server/runtime.hpp"

namespace sb::emulators::shopify {

namespace json = boost::json;

Services Runtime::services(std::string_view version) {
    Services s;
    s.store = store.get();
    s.api_version = resolve_version(version.empty() ? options.api_version : version);
    s.schema = &admin_schema(s.api_version);
    s.bulk = bulk.get();
    s.webhooks = &webhooks;
    s.app_id = options.api_key;
    return s;
}

http::Response error_response(int status, const std::string& message) {
    return http::Response::json(status, json::serialize(json::object{{"errors", message}}));
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
    return rt.app.tokens().lookup(std::string(*token));
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

// Deterministic per app secret so scripts can reuse it across restarts.
std::string admin_token_for(const EmulatorOptions& o) {
    return "shpat_" +
           crypto::hex_encode(crypto::hmac_sha256(o.api_secret, "admin-token")).substr(0, 32);
}

common::RuntimeParts runtime_parts(const EmulatorOptions& o) {
    return {common::TokenOptions{}, admin_token_for(o), all_scopes(), webhook_options(o)};
}

CatalogSize catalog_size(const EmulatorOptions& o) {
    auto size = common::store_size<CatalogSize>(o);
    size.plan = o.plan;
    return size;
}

// Faults reach the Admin API (GraphQL and REST), not OAuth nor the control API.
bool admin_api(const std::string& path) {
    return path.rfind("/admin/", 0) == 0 && path.rfind("/admin/oauth/", 0) != 0;
}

json::object bulk_finish_body(const BulkOperation& op) {
    std::string status = op.status;
    for (auto& c : status)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return {{"admin_graphql_api_id", "gid://shopify/BulkOperation/" + std::to_string(op.id)},
            {"completed_at",
             op.completed_at ? json::value(format_time(*op.completed_at)) : json::value(nullptr)},
            {"created_at", format_time(op.created_at)},
            {"error_code", op.error_code ? json::value(*op.error_code) : json::value(nullptr)},
            {"status", status},
            {"type", "query"}};
}

}  // namespace

Runtime::Runtime(EmulatorOptions o)
    : common::Runtime<EmulatorOptions, Store>(o, runtime_parts(o),
                                              std::make_unique<Store>(catalog_size(o))),
      limits(limits_for(options)),
      cost_bucket(std::make_unique<CostBucket>(limits.graphql_bucket, limits.graphql_restore)),
      rest_bucket(std::make_unique<RequestBucket>(limits.rest_bucket, limits.rest_leak)) {}

struct Emulator::Impl {
    explicit Impl(EmulatorOptions o) : rt(std::move(o)) {}
    Runtime rt;
    http::Router router;
    std::unique_ptr<FileServer> files;
    bool owns_dir = false;

    http::Response dispatch(http::Request& req) {
        ++rt.requests;
        if (admin_api(req.path)) {
            if (auto r = rt.faults.inject(error_response))
                return *r;
        }
        return common::route(router, req, error_response);
    }

    // Bulk query runs: the query checked when it was submitted, run on the version's schema.
    std::string run_bulk(const BulkOperation& op, graphql::BulkSink& sink) {
        auto doc = graphql::parse_document(op.query);
        Services sv = rt.services(op.api_version);
        auto an = graphql::analyze(doc, "", {}, *sv.schema, true);
        if (!an.errors.empty())
            return "invalid query";
        graphql::Context ctx;
        ctx.env = &sv;
        ctx.seed = rt.options.seed;
        ctx.scopes = all_scopes();
        return graphql::execute_bulk(doc, an, *sv.schema, ctx, sink);
    }

    // /bulk/<id>.jsonl?X-Goog-Signature=<sig> → the result file of a completed run, or "".
    std::string bulk_file(const std::string& target) {
        http::Request q;
        if (!http::parse_target(target, q) || q.segments.size() != 2 || q.segments[0] != "bulk")
            return {};
        const std::string& name = q.segments[1];
        std::int64_t id = 0;
        if (std::from_chars(name.data(), name.data() + name.size(), id).ec != std::errc())
            return {};
        if (q.query_param("X-Goog-Signature").value_or("") != rt.bulk_signature(id))
            return {};
        auto op = rt.bulk->get(id);
        if (!op || op->status != "COMPLETED")
            return {};
        return op->path;
    }
};

Emulator::Emulator(EmulatorOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
    Impl* impl = impl_.get();
    auto& rt = impl->rt;
    admin_schema(rt.options.api_version);  // load and check the published schema up front

    rt.data_dir = rt.options.data_dir;
    if (rt.data_dir.empty()) {
        rt.data_dir =
            (std::filesystem::temp_directory_path() / ("sb-shopify-emu-" + crypto::random_token(6)))
                .string();
        impl->owns_dir = true;
    }
    std::filesystem::create_directories(rt.data_dir);

    rt.bulk = std::make_unique<BulkOperations>(
        rt.data_dir, rt.options.bulk_concurrency,
        [impl](const BulkOperation& op, graphql::BulkSink& sink) {
            return impl->run_bulk(op, sink);
        },
        [&rt](const BulkOperation& op) {
            rt.webhooks.publish("bulk_operations/finish", json::serialize(bulk_finish_body(op)));
        },
        [&rt](const BulkOperation& op) { return rt.bulk_url(op); });

    add_graphql_routes(impl->router, rt);
    add_oauth_routes(impl->router, rt);
    add_rest_routes(impl->router, rt);
    add_admin_routes(impl->router, rt);

    impl->files = std::make_unique<FileServer>(
        rt.options.host, [impl](const std::string& target) { return impl->bulk_file(target); },
        [&rt] { return rt.faults.reset(); });

    serve(rt, rt.options, [impl](http::Request& req) { return impl->dispatch(req); },
          {{[impl] {
                impl->files->start();
                impl->rt.storage_port = impl->files->port();
            },
            [impl] { impl->files->stop(); }},
           {[&rt] { rt.webhooks.start(); }, [&rt] { rt.webhooks.stop(); }},
           {{}, [&rt] { rt.bulk->stop(); }}});
}

Emulator::~Emulator() {
    stop();
    if (impl_->owns_dir) {
        std::error_code ec;
        std::filesystem::remove_all(impl_->rt.data_dir, ec);
    }
}

std::uint16_t Emulator::storage_port() const {
    return impl_->rt.storage_port;
}

}  // namespace sb::emulators::shopify
