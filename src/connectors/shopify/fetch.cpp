#include "connectors/shopify/fetch.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>

#include "connectors/common/json_util.hpp"
#include "connectors/kit/paging.hpp"
#include "connectors/shopify/mapping.hpp"
#include "connectors/shopify/mutations.hpp"
#include "connectors/shopify/queries.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace sb::connectors::shopify {

namespace json = boost::json;
using domain::DataType;
using domain::Record;

namespace {

// Where a paginated run stands. Types sorted by updated_at resume from the last delivered
// (updated_at, id) — a cursor may not survive changes between runs, the pair does; others
// resume from the page cursor.
struct PageCheckpoint {
    std::optional<std::int64_t> since;  // the run's lower bound, overlap applied
    std::optional<std::int64_t> last_updated_at;
    std::optional<std::int64_t> last_id;
    std::string cursor;
};

std::optional<PageCheckpoint> parse_checkpoint(const std::string& text) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_object())
        return std::nullopt;
    const auto& o = v.as_object();
    if (jsonu::str(o, "mode") != std::optional<std::string>("pages"))
        return std::nullopt;
    PageCheckpoint c;
    c.since = jsonu::int64(o, "since");
    c.last_updated_at = jsonu::int64(o, "last_updated_at");
    c.last_id = jsonu::int64(o, "last_id");
    c.cursor = jsonu::str(o, "cursor").value_or("");
    return c;
}

std::string format_checkpoint(const PageCheckpoint& c) {
    auto opt = [](const std::optional<std::int64_t>& v) {
        return v ? json::value(*v) : json::value(nullptr);
    };
    return json::serialize(json::object{{"mode", "pages"},
                                        {"since", opt(c.since)},
                                        {"last_updated_at", opt(c.last_updated_at)},
                                        {"last_id", opt(c.last_id)},
                                        {"cursor", c.cursor}});
}

std::int64_t numeric_id(const json::object& node) {
    auto s = jsonu::str(node, "legacyResourceId");
    if (!s)
        s = legacy_id(jsonu::str(node, "id").value_or(""));
    try {
        return std::stoll(*s);
    } catch (const std::exception&) {
        return 0;
    }
}

void read_shop(GraphqlClient& gql, RecordSink& sink) {
    auto r = gql.execute(mutations::shop());
    const auto* shop = jsonu::obj(r.data, "shop");
    if (!shop)
        throw ApiError(Errc::platform_error, "The store answered something unusable", "no shop");
    sink.accept(domain::RecordBatch{
        {map_node(DataType::shop, *shop)}, R"({"mode":"pages","done":true})", std::int64_t{1}});
}

}  // namespace

std::string updated_since_term(std::int64_t ms) {
    std::string t = format_time(ms - ((ms % 1000) + 1000) % 1000);  // floor to the second
    if (auto dot = t.find('.'); dot != std::string::npos)
        t = t.substr(0, dot) + "Z";
    return "updated_at:>='" + t + "'";
}

const std::vector<DataType>& data_types() {
    static const std::vector<DataType> k{
        DataType::shop,  DataType::location, DataType::customer, DataType::product,
        DataType::stock, DataType::order,    DataType::cart,     DataType::shipping_service};
    return k;
}

ReadPath read_path(DataType type) {
    switch (type) {
        case DataType::shipping_service:
            return ReadPath::shipping_lists;
        case DataType::stock:
            // Inventory levels carry no searchable updated_at, so every stock sync is a full
            // read, and bulk is by far the cheapest full read.
            return ReadPath::bulk;
        case DataType::order:
        case DataType::product:
        case DataType::customer:
            return ReadPath::bulk_then_pages;
        default:
            return ReadPath::pages;
    }
}

json::object page_variables(DataType type, const std::string& cursor,
                            std::optional<std::int64_t> updated_since_ms) {
    json::object vars{{"after", cursor.empty() ? json::value(nullptr) : json::value(cursor)}};
    if (queries::sorts_by_updated_at(type) || type == DataType::cart) {
        vars["query"] = updated_since_ms ? json::value(updated_since_term(*updated_since_ms))
                                         : json::value(nullptr);
    }
    return vars;
}

json::object nodes_variables(const std::vector<std::string>& gids) {
    json::array ids;
    for (const auto& g : gids)
        ids.push_back(json::value(g));
    return json::object{{"ids", std::move(ids)}};
}

json::object order_line_items_variables(const std::string& order_gid, const std::string& after) {
    return json::object{{"id", order_gid}, {"after", after}};
}

std::vector<Record> map_complete(GraphqlClient& gql, DataType type, json::object node) {
    if (type == DataType::stock)
        return map_stock_item(node);
    if (type == DataType::order) {
        // A page reads the first few line items of each order; big orders get the rest here.
        auto* items = node.if_contains("lineItems");
        while (items && items->is_object()) {
            const auto* info = jsonu::obj(items->as_object(), "pageInfo");
            const auto after =
                info ? kit::next_cursor(*info, "endCursor", "hasNextPage") : std::nullopt;
            if (!after)
                break;
            auto r = gql.execute(
                queries::order_line_items_query(),
                order_line_items_variables(jsonu::str(node, "id").value_or(""), *after));
            const auto* order = jsonu::obj(r.data, "order");
            const auto* more = order ? jsonu::obj(*order, "lineItems") : nullptr;
            if (!more)
                break;
            auto& nodes = items->as_object()["nodes"];
            if (!nodes.is_array())
                nodes = json::array{};
            if (const auto* n = jsonu::arr(*more, "nodes")) {
                for (const auto& x : *n)
                    nodes.as_array().push_back(x);
            }
            items->as_object()["pageInfo"] =
                more->contains("pageInfo") ? more->at("pageInfo") : json::value(nullptr);
        }
    }
    return {map_node(type, node)};
}

std::vector<Record> fetch_by_ids(GraphqlClient& gql, DataType type,
                                 const std::vector<std::string>& gids) {
    std::vector<Record> out;
    for (std::size_t i = 0; i < gids.size(); i += 50) {
        const std::vector<std::string> chunk(
            gids.begin() + static_cast<std::ptrdiff_t>(i),
            gids.begin() + static_cast<std::ptrdiff_t>(std::min(gids.size(), i + 50)));
        auto r = gql.execute(queries::nodes_query(type), nodes_variables(chunk));
        if (const auto* nodes = jsonu::arr(r.data, "nodes")) {
            for (const auto& n : *nodes) {
                if (!n.is_object() || n.as_object().empty())
                    continue;
                for (auto& rec : map_complete(gql, type, n.as_object()))
                    out.push_back(std::move(rec));
            }
        }
    }
    return out;
}

double points_per_record(DataType type) {
    // Actual costs on lean pages of the emulated store (orders of 1-5 line items, up to three
    // shipments and a refund): an order 66 points, a product with its variants 18 (plus the
    // re-read of the one in seven with more than ten variants), a customer 4.4. Rounded up: a
    // wrong guess only moves the switch to bulk a little.
    switch (type) {
        case DataType::order:
            return 70;
        case DataType::product:
            return 25;
        default:
            return 5;
    }
}

bool prefer_bulk(std::int64_t changed, double points_per_record, double page_requested,
                 const BudgetSnapshot& budget, std::chrono::milliseconds bulk_latency) {
    // Before the shop has answered once, assume the smallest plan with an empty bucket.
    const double available = budget.known ? std::max(0.0, budget.available) : 0.0;
    const double restore = budget.known && budget.restore_rate > 0 ? budget.restore_rate : 100.0;
    const double wait_s =
        (static_cast<double>(changed) * points_per_record + page_requested - available) / restore;
    return wait_s * 1000.0 > static_cast<double>(bulk_latency.count());
}

void run_incremental(GraphqlClient& gql, DataType type, std::int64_t since, RecordSink& sink,
                     const PageOptions& pages, const BulkOptions& bulk) {
    const std::int64_t from =
        since - std::chrono::duration_cast<std::chrono::milliseconds>(pages.overlap).count();
    auto r = gql.execute(queries::count_query(type),
                         json::object{{"query", updated_since_term(from)}}, CallOptions{true, 4});
    const auto* count = jsonu::obj(r.data, std::string(queries::count_field(type)));
    if (!count)
        throw ApiError(Errc::platform_error, "The store answered something unusable",
                       "no " + std::string(queries::count_field(type)));
    const std::int64_t changed =
        std::max<std::int64_t>(0, jsonu::int64(*count, "count").value_or(0));
    // Past the count's limit (10,000 by default) Shopify says AT_LEAST: bulk in any case.
    const bool exact = jsonu::str(*count, "precision").value_or("EXACT") == "EXACT";
    // The overlap window always matches the records stored last, so the count alone cannot
    // say "nothing changed"; the store's most recent updatedAt can: when it is not after the
    // newest record stored (`since`), the run ends after this one request. The watermark is
    // the newest record stored, so there is nothing to advance.
    std::optional<std::int64_t> newest;
    if (const auto* conn = jsonu::obj(r.data, std::string(queries::root_connection(type)))) {
        const auto* nodes = jsonu::arr(*conn, "nodes");
        if (nodes && !nodes->empty() && nodes->front().is_object())
            newest = jsonu::time_ms(nodes->front().as_object(), "updatedAt");
    }
    if (changed == 0 || !newest || *newest <= since) {
        PageCheckpoint done;
        done.since = from;
        sink.accept(domain::RecordBatch{{}, format_checkpoint(done), std::int64_t{0}});
        return;
    }
    // A page's requested cost as Shopify priced it last time; before that, the most a page may
    // request.
    const double page_requested = gql.budget().known_cost(queries::page_query(type)).value_or(1000);
    if (!exact || prefer_bulk(changed, points_per_record(type), page_requested,
                              gql.budget().snapshot(), pages.bulk_latency)) {
        run_bulk(gql, type, {}, sink, bulk, BulkFilter{from, changed});
        return;
    }
    run_pages(gql, type, {}, since, sink, pages, changed);
}

namespace {

// Whether a node read in the lean form filled one of its small nested pages, so the page did
// not hold all of it. Line items are not checked: map_complete reads their rest.
bool lean_truncated(DataType type, const json::object& node) {
    const auto more = [](const json::object& o, const char* name) {
        const auto* conn = jsonu::obj(o, name);
        const auto* info = conn ? jsonu::obj(*conn, "pageInfo") : nullptr;
        return info && kit::next_cursor(*info, "endCursor", "hasNextPage").has_value();
    };
    const auto full = [](const json::object& o, const char* name, int size) {
        const auto* a = jsonu::arr(o, name);
        return a && static_cast<int>(a->size()) >= size;
    };
    if (type == DataType::product)
        return more(node, "variants");
    if (type != DataType::order)
        return false;
    if (more(node, "shippingLines") || full(node, "fulfillments", queries::k_lean.fulfillments) ||
        full(node, "refunds", queries::k_lean.refunds))
        return true;
    if (const auto* fs = jsonu::arr(node, "fulfillments")) {
        for (const auto& f : *fs) {
            if (f.is_object() && (full(f.as_object(), "trackingInfo", queries::k_lean.tracking) ||
                                  more(f.as_object(), "fulfillmentLineItems")))
                return true;
        }
    }
    if (const auto* rs = jsonu::arr(node, "refunds")) {
        for (const auto& x : *rs) {
            if (x.is_object() && more(x.as_object(), "refundLineItems"))
                return true;
        }
    }
    return false;
}

}  // namespace

void run_pages(GraphqlClient& gql, DataType type, const std::string& checkpoint,
               std::optional<std::int64_t> since, RecordSink& sink, const PageOptions& options,
               std::optional<std::int64_t> total) {
    if (type == DataType::shop) {
        read_shop(gql, sink);
        return;
    }
    PageCheckpoint state = parse_checkpoint(checkpoint).value_or(PageCheckpoint{});
    if (!parse_checkpoint(checkpoint) && since) {
        state.since =
            *since - std::chrono::duration_cast<std::chrono::milliseconds>(options.overlap).count();
    }
    const bool by_updated = queries::sorts_by_updated_at(type);
    // Resuming by (updated_at, id): restart at the last delivered second, skip what was seen.
    std::optional<std::int64_t> from = state.since;
    if (by_updated && state.last_updated_at)
        from = *state.last_updated_at;
    std::string cursor = by_updated ? std::string() : state.cursor;
    const std::string query = queries::page_query(type);
    const std::string root(queries::root_connection(type));
    for (;;) {
        auto r = gql.execute(query, page_variables(type, cursor, from));
        const auto* conn = jsonu::obj(r.data, root);
        if (!conn)
            throw ApiError(Errc::platform_error, "The store answered something unusable",
                           "no " + root + " connection");
        // Per node in page order: its records, or (empty) a lean node that did not fit its
        // page and is re-read whole by id below, in its place.
        std::vector<std::vector<Record>> slots;
        std::vector<std::string> reread;
        if (const auto* nodes = jsonu::arr(*conn, "nodes")) {
            for (const auto& n : *nodes) {
                if (!n.is_object())
                    continue;
                const auto& node = n.as_object();
                if (by_updated) {
                    const std::int64_t u = jsonu::time_ms(node, "updatedAt");
                    const std::int64_t id = numeric_id(node);
                    if (state.last_updated_at &&
                        (u < *state.last_updated_at ||
                         (u == *state.last_updated_at && id <= state.last_id.value_or(0))))
                        continue;  // delivered before the interruption
                    state.last_updated_at = u;
                    state.last_id = id;
                    if (lean_truncated(type, node)) {
                        reread.push_back(jsonu::str(node, "id").value_or(""));
                        slots.emplace_back();
                        continue;
                    }
                }
                slots.push_back(map_complete(gql, type, node));
            }
        }
        std::map<std::string, Record> whole;
        for (auto& rec : fetch_by_ids(gql, type, reread))
            whole.emplace(rec.external_id, std::move(rec));
        std::vector<Record> records;
        std::size_t next_reread = 0;
        for (auto& slot : slots) {
            if (slot.empty() && next_reread < reread.size()) {
                auto it = whole.find(legacy_id(reread[next_reread++]));
                if (it != whole.end())
                    records.push_back(std::move(it->second));
                continue;
            }
            for (auto& rec : slot)
                records.push_back(std::move(rec));
        }
        const auto* info = jsonu::obj(*conn, "pageInfo");
        const auto next = info ? kit::next_cursor(*info, "endCursor", "hasNextPage") : std::nullopt;
        const bool more = next.has_value();
        // The last page's cursor too: a checkpoint taken there resumes after it.
        cursor = info ? jsonu::str(*info, "endCursor").value_or("") : std::string();
        if (!by_updated)
            state.cursor = cursor;
        if (!sink.accept(domain::RecordBatch{std::move(records), format_checkpoint(state), total}))
            return;
        if (!more || cursor.empty())
            return;
    }
}

}  // namespace sb::connectors::shopify
