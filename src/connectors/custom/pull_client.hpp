#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "connectors/kit/platform_client.hpp"
#include "domain/data_types.hpp"
#include "domain/record.hpp"
#include "http/client.hpp"

// The custom connector's pull option (docs/custom-connector.md, "Pull"): the hub reads the
// merchant's records from GET {base_url}/records, page by page, in the push batch's record
// shape and through the push path's validator.
namespace sb::connectors::custom {

// Where and as whom to pull. The token never leaves this struct in a message or a log.
struct PullEndpoint {
    std::string base_url;  // without a trailing slash
    std::string token;     // sent as Authorization: Bearer
};

struct PullPage {
    std::vector<domain::Record> records;
    std::optional<std::string> next_cursor;  // nullopt: the last page
};

class PullClient {
  public:
    PullClient(http::Client& http, PullEndpoint endpoint, kit::RetryPolicy retry);

    // GET {base_url}/records?type=…&limit=…[&updated_since=…][&cursor=…]. Every record of the
    // page is checked as a pushed one is, and must be of `type`: one bad record throws
    // validation_failed naming it (records[i]…), and nothing of the page is returned. Throws
    // ApiError: the kit's codes (kit/platform_error.hpp) for failed calls, platform_error for
    // an answer that is not the contract's.
    PullPage page(domain::DataType type, std::optional<std::int64_t> updated_since,
                  const std::string& cursor, int limit);

  private:
    PullEndpoint endpoint_;
    kit::RetryPolicy retry_;
    kit::PlatformClient platform_;
};

}  // namespace sb::connectors::custom
