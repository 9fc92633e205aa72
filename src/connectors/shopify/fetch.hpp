#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "connectors/connector.hpp"
#include "connectors/shopify/bulk.hpp"
#include "connectors/shopify/graphql_client.hpp"

// Paginated reads: incremental syncs by updated_at and the types bulk is not used for.
namespace sb::connectors::shopify {

// The data types the connector reads, and how it reads each.
const std::vector<domain::DataType>& data_types();
enum class ReadPath {
    pages,            // paginated queries (the shop: one query)
    bulk,             // always a bulk operation: no searchable updated_at
    bulk_then_pages,  // bulk for an initial sync or a bulk run to resume, pages after
    shipping_lists,   // the REST shipping lists and the shop's currency (shipping.hpp)
};
ReadPath read_path(domain::DataType type);

struct PageOptions {
    std::chrono::seconds overlap{60};  // re-read this much before `since`: clocks and commits
    // What a bulk operation costs in time whatever its size: start, at least one poll, the
    // download (1.2-1.4 s for 500 orders against the emulator with the 1 s poll,
    // bench/incremental). An incremental run whose pages would wait longer than this for the
    // plan's points runs as a bulk operation instead (prefer_bulk).
    std::chrono::milliseconds bulk_latency{1'500};
};

// Reads `type` page by page from `checkpoint` (or from `since`), one batch per page; `total`
// (the run's count, when known) goes with every batch.
void run_pages(GraphqlClient& gql, domain::DataType type, const std::string& checkpoint,
               std::optional<std::int64_t> since, RecordSink& sink, const PageOptions& options,
               std::optional<std::int64_t> total = std::nullopt);

// An incremental run of orders, products or customers: one count query of what changed since
// `since` (overlap applied); nothing → one empty batch and done; otherwise pages or a bulk
// operation filtered by updated_at, whichever is cheaper (prefer_bulk). Every batch carries
// the count as its total.
void run_incremental(GraphqlClient& gql, domain::DataType type, std::int64_t since,
                     RecordSink& sink, const PageOptions& pages, const BulkOptions& bulk);

// Whether a bulk operation beats pages for `changed` records: pages spend about
// `points_per_record` each, and the last page must find its whole requested cost
// (`page_requested`) in the bucket before Shopify refunds what it did not use; paid from what
// the bucket holds, then at its restore rate. A bulk operation spends a few points and
// `bulk_latency` whatever its size.
bool prefer_bulk(std::int64_t changed, double points_per_record, double page_requested,
                 const BudgetSnapshot& budget, std::chrono::milliseconds bulk_latency);
// The actual cost of one record of `type` on a lean page (measured, see fetch.cpp).
double points_per_record(domain::DataType type);

// Maps a node read by a paginated or nodes() query, first reading the rest of an order's line
// items when the page held only the first ones.
std::vector<domain::Record> map_complete(GraphqlClient& gql, domain::DataType type,
                                         boost::json::object node);

// Re-reads nodes by GID (at most 250 per call) and maps them.
std::vector<domain::Record> fetch_by_ids(GraphqlClient& gql, domain::DataType type,
                                         const std::vector<std::string>& gids);

// The variables of queries::page_query(type): the cursor (empty: the first page) and, for the
// types that take a search, the updated_at lower bound (none: everything).
boost::json::object page_variables(domain::DataType type, const std::string& cursor,
                                   std::optional<std::int64_t> updated_since_ms);
// The variables of queries::nodes_query: the GIDs to read.
boost::json::object nodes_variables(const std::vector<std::string>& gids);
// The variables of queries::order_line_items_query: the order's GID and the items' cursor.
boost::json::object order_line_items_variables(const std::string& order_gid,
                                               const std::string& after);

// "updated_at:>='2024-01-01T00:00:00Z'": whole seconds, as the search syntax documents.
std::string updated_since_term(std::int64_t ms);

}  // namespace sb::connectors::shopify
