#include <boost/json/serialize.hpp>
#include <thread>

#include "connectors/common/json_util.hpp"
#include "connectors/kit/platform_error.hpp"
#include "connectors/shopify/bulk.hpp"
#include "connectors/shopify/fetch.hpp"
#include "connectors/shopify/mapping.hpp"
#include "connectors/shopify/mutations.hpp"
#include "connectors/shopify/queries.hpp"
#include "core/error.hpp"
#include "log/logger.hpp"

// The bulk operation lifecycle: start (or adopt), poll, download, deliver.
namespace sb::connectors::shopify {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using domain::DataType;

namespace {

struct Operation {
    std::string id;
    std::string status;
    std::string query;
    std::string url;
    std::optional<std::int64_t> root_count;
};

bool running(const std::string& status) {
    return status == "CREATED" || status == "RUNNING" || status == "CANCELING";
}

Operation read_operation(const json::object& o) {
    Operation op;
    op.id = jsonu::str(o, "id").value_or("");
    op.status = jsonu::str(o, "status").value_or("");
    op.query = jsonu::str(o, "query").value_or("");
    op.url = jsonu::str(o, "url").value_or("");
    op.root_count = jsonu::loose_int(o, "rootObjectCount");
    return op;
}

// The app's running bulk query of this text, if one is going.
std::optional<Operation> running_operation(GraphqlClient& gql, const std::string& query) {
    auto r = gql.execute(mutations::running_bulk_operations());
    const auto* conn = jsonu::obj(r.data, "bulkOperations");
    const auto* nodes = conn ? jsonu::arr(*conn, "nodes") : nullptr;
    if (!nodes)
        return std::nullopt;
    for (const auto& n : *nodes) {
        if (!n.is_object())
            continue;
        Operation op = read_operation(n.as_object());
        if (running(op.status) && op.query == query)
            return op;
    }
    return std::nullopt;
}

Operation get_operation(GraphqlClient& gql, const std::string& id) {
    auto r = gql.execute(mutations::bulk_operation(), mutations::bulk_operation_variables(id));
    const auto* o = jsonu::obj(r.data, "node");
    if (!o)
        return Operation{id, "EXPIRED", {}, {}, {}};
    return read_operation(*o);
}

// Starts the bulk query. A run of the same query already going (ours, from a run that died
// before its first checkpoint, or a retried request that did reach Shopify) is adopted;
// another query's run is waited for, as Shopify allows only a few at a time per app and shop
// (one before 2026-01, five from then).
std::string start_operation(GraphqlClient& gql, const std::string& query,
                            const BulkOptions& options) {
    const auto deadline = Clock::now() + options.max_wait;
    for (;;) {
        auto r = gql.execute(mutations::bulk_run(), mutations::bulk_run_variables(query),
                             CallOptions{true, 10});
        const auto* payload = jsonu::obj(r.data, "bulkOperationRunQuery");
        const auto* errs = payload ? jsonu::arr(*payload, "userErrors") : nullptr;
        if (payload && (!errs || errs->empty())) {
            if (const auto* op = jsonu::obj(*payload, "bulkOperation"))
                return jsonu::str(*op, "id").value_or("");
        }
        std::string code, message;
        if (errs && !errs->empty() && errs->front().is_object()) {
            code = jsonu::str(errs->front().as_object(), "code").value_or("");
            message = jsonu::str(errs->front().as_object(), "message").value_or("");
        }
        if (code != "OPERATION_IN_PROGRESS" && message.find("in progress") == std::string::npos) {
            throw ApiError(Errc::platform_error, "The store refused the bulk query",
                           message.empty() ? "bulkOperationRunQuery failed" : message);
        }
        if (auto cur = running_operation(gql, query))
            return cur->id;
        if (Clock::now() >= deadline) {
            throw ApiError(Errc::platform_error, "Another bulk operation keeps the store busy",
                           "A bulk query of another kind is still running at the store");
        }
        std::this_thread::sleep_for(options.poll_interval);
    }
}

Operation wait_finished(GraphqlClient& gql, const std::string& id, const BulkOptions& options) {
    const auto deadline = Clock::now() + options.max_wait;
    for (;;) {
        Operation op = get_operation(gql, id);
        if (!running(op.status))
            return op;
        if (Clock::now() >= deadline) {
            throw ApiError(Errc::platform_timeout, "The store's bulk export did not finish",
                           "bulk operation still " + op.status);
        }
        std::this_thread::sleep_for(options.poll_interval);
    }
}

enum class Outcome { done, stopped, expired };

std::vector<domain::Record> map_root(DataType type, const json::object& node) {
    if (type == DataType::stock)
        return map_stock_item(node);
    return {map_node(type, node)};
}

Outcome stream_result(GraphqlClient& gql, DataType type, const Operation& op, BulkCheckpoint& state,
                      RecordSink& sink, const BulkOptions& options) {
    const std::optional<std::int64_t> total =
        type == DataType::stock ? std::nullopt : op.root_count;
    BulkAssembler assembler(options.window, state.read_line);
    const std::int64_t first_line = state.resume_line;
    std::int64_t line_no = 0;   // lines seen in this download
    std::int64_t consumed = 0;  // lines fed to the assembler or skipped, across downloads
    std::vector<domain::Record> batch;
    std::string partial;

    auto deliver = [&](bool final) {
        if (auto late = assembler.take_late(); !late.empty()) {
            log::warn("shopify_bulk_late_children", {{"count", late.size()}});
            for (auto& r : fetch_by_ids(gql, type, late))
                batch.push_back(std::move(r));
        }
        if (batch.empty() && !final)
            return true;
        state.resume_line = assembler.resume_line(consumed);
        state.read_line = consumed;
        domain::RecordBatch b{std::move(batch), format_bulk_checkpoint(state), total};
        batch.clear();
        return sink.accept(std::move(b));
    };
    auto take = [&](std::string_view line) {
        const std::int64_t n = line_no++;
        if (n < consumed)
            return true;  // delivered by an earlier download attempt
        ++consumed;
        if (n < first_line)
            return true;  // before the checkpoint
        try {
            assembler.add(line, n);
        } catch (const std::runtime_error& e) {
            throw ApiError(Errc::platform_error, "The store's bulk export is malformed", e.what());
        }
        for (auto& r : assembler.take_ready(false)) {
            for (auto& rec : map_root(type, r.node))
                batch.push_back(std::move(rec));
        }
        if (batch.size() >= options.batch_size)
            return deliver(false);
        return true;
    };

    // A signed URL: no access token goes to the storage host. An attempt that fails midway
    // starts again from the first line (take() skips what a checkpoint already holds).
    kit::Call call;
    call.request.url = op.url;
    call.label = "bulk download";
    call.policy.retry = gql.retry();
    call.policy.retry.max_attempts = options.download_attempts;
    bool stopped = false;
    const http::ClientResponse res = gql.platform().stream(
        call,
        [&] {
            line_no = 0;
            partial.clear();
        },
        [&](std::string_view chunk) {
            std::size_t start = 0;
            for (;;) {
                const auto nl = chunk.find('\n', start);
                if (nl == std::string_view::npos) {
                    partial.append(chunk.substr(start));
                    return true;
                }
                bool ok;
                if (partial.empty()) {
                    ok = take(chunk.substr(start, nl - start));
                } else {
                    partial.append(chunk.substr(start, nl - start));
                    ok = take(partial);
                    partial.clear();
                }
                start = nl + 1;
                if (!ok) {
                    stopped = true;
                    return false;
                }
            }
        });
    if (stopped)
        return Outcome::stopped;
    if (res.status == 403 || res.status == 404 || res.status == 410)
        return Outcome::expired;
    if (res.status < 200 || res.status > 299)
        gql.platform().fail(kit::status_error("Shopify", call.label, res.status), call.label);
    if (!partial.empty() && !take(partial))
        return Outcome::stopped;
    // The roots still open at the end leave in batch-sized pieces, each checkpointed.
    for (;;) {
        const std::size_t room =
            batch.size() < options.batch_size ? options.batch_size - batch.size() : 1;
        auto rest = assembler.take_ready(true, room);
        if (rest.empty())
            break;
        for (auto& r : rest) {
            for (auto& rec : map_root(type, r.node))
                batch.push_back(std::move(rec));
        }
        if (batch.size() >= options.batch_size && !deliver(false))
            return Outcome::stopped;
    }
    return deliver(true) ? Outcome::done : Outcome::stopped;
}

}  // namespace

void run_bulk(GraphqlClient& gql, DataType type, const std::string& checkpoint, RecordSink& sink,
              const BulkOptions& options, const BulkFilter& filter) {
    BulkCheckpoint state = parse_bulk_checkpoint(checkpoint).value_or(BulkCheckpoint{});
    if (checkpoint.empty())
        state.since = filter.since;
    const std::optional<std::int64_t> since = state.since;
    const std::string query =
        queries::bulk_query(type, since ? updated_since_term(*since) : std::string());
    // One fresh run is allowed when the checkpoint's run failed or its file expired.
    for (int runs = 0; runs < 2; ++runs) {
        if (state.operation_id.empty()) {
            state = BulkCheckpoint{start_operation(gql, query, options), 0, 0, since};
            // Checkpoint the run at once, so a crash before the first batch adopts it.
            if (!sink.accept(domain::RecordBatch{{}, format_bulk_checkpoint(state), filter.total}))
                return;
        }
        Operation op = wait_finished(gql, state.operation_id, options);
        if (op.status != "COMPLETED") {
            log::warn("shopify_bulk_not_completed", {{"status", op.status}});
            state = BulkCheckpoint{};
            state.since = since;
            continue;
        }
        if (op.url.empty()) {  // Shopify gives no file when nothing matched
            state.resume_line = state.read_line = 0;
            sink.accept(domain::RecordBatch{{}, format_bulk_checkpoint(state), std::int64_t{0}});
            return;
        }
        switch (stream_result(gql, type, op, state, sink, options)) {
            case Outcome::done:
            case Outcome::stopped:
                return;
            case Outcome::expired:
                log::info("shopify_bulk_result_expired", {{"operation", op.id}});
                state = BulkCheckpoint{};
                state.since = since;
                break;
        }
    }
    throw ApiError(Errc::platform_error, "The store's bulk export failed",
                   "bulk operation did not complete twice in a row");
}

}  // namespace sb::connectors::shopify
