#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "connectors/connector.hpp"
#include "connectors/shopify/graphql_client.hpp"

// Initial syncs through Bulk Operations: run the query, poll it, stream the JSONL result and
// hand records over in batches, in memory bounded by the reassembly window.
namespace sb::connectors::shopify {

// Rebuilds nested nodes from JSONL lines. Shopify promises only that a child line follows its
// parent line, not how closely, so each root stays open while `window` more roots arrive;
// a child arriving later is "late" and its root is re-read by id instead of held forever.
class BulkAssembler {
  public:
    struct Root {
        std::int64_t line = 0;  // where its line is in the file (0-based)
        std::string gid;
        boost::json::object node;
    };

    BulkAssembler(std::size_t window, std::int64_t attached_before)
        : window_(window), attached_before_(attached_before) {}

    // Feeds line `number` (0-based). Throws std::runtime_error on malformed JSON.
    void add(std::string_view line, std::int64_t number);
    // Roots that left the window; with `all`, every open root (end of file). At most `max`.
    std::vector<Root> take_ready(bool all, std::size_t max = SIZE_MAX);
    // Roots whose children arrived after they were handed over; cleared by the call.
    std::vector<std::string> take_late();
    // The line of the oldest open root, or `next_line` when none is open.
    std::int64_t resume_line(std::int64_t next_line) const;

  private:
    void attach(Root& root, const std::string& parent_gid, boost::json::object child);

    std::size_t window_;
    std::int64_t attached_before_;  // lines before this were read by an earlier attempt
    std::deque<Root> open_;
    std::unordered_map<std::string, std::string> owner_;  // gid of any open object → root gid
    std::vector<std::string> late_;
};

struct BulkOptions {
    std::size_t batch_size = 500;
    std::size_t window = 250;
    std::chrono::milliseconds poll_interval{1000};
    std::chrono::milliseconds max_wait{6 * 60 * 60 * 1000};  // a run, or a foreign run to end
    int download_attempts = 3;
};

// An incremental bulk read: only records updated at or after `since` (epoch ms), and the
// count that query matched, for the progress until the operation reports its own.
struct BulkFilter {
    std::optional<std::int64_t> since;
    std::optional<std::int64_t> total;
};

// Runs (or resumes, from `checkpoint`, which keeps the filter) a bulk read of `type` and
// delivers batches until the end or until the sink says stop. Throws ApiError.
void run_bulk(GraphqlClient& gql, domain::DataType type, const std::string& checkpoint,
              RecordSink& sink, const BulkOptions& options, const BulkFilter& filter = {});

// The bulk part of a checkpoint, exposed for tests and for fetch's dispatch.
struct BulkCheckpoint {
    std::string operation_id;
    std::int64_t resume_line = 0;       // re-read the file from here
    std::int64_t read_line = 0;         // lines before this were fully attached already
    std::optional<std::int64_t> since;  // the updated_at filter of an incremental run
};
std::optional<BulkCheckpoint> parse_bulk_checkpoint(std::string_view text);
std::string format_bulk_checkpoint(const BulkCheckpoint& c);

}  // namespace sb::connectors::shopify
