#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "http/client.hpp"

// The reference client of the custom connector (`storebridge push`): a JSON Lines file of
// records, one per line in the push body's record shape, sent to POST /webhooks/custom/{id}
// in batches signed with the integration's push_secret (docs/custom-connector.md).
namespace sb::connectors::custom {

// A bad input file, a refused batch or a hub out of reach: one line for the operator.
class PushClientError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct PushBatch {
    std::size_t index = 0;           // from 0, in file order
    std::string body;                // {"records":[…]}: each line's bytes as the file has them
    std::vector<std::size_t> lines;  // the file line (from 1) of each record, in order
};

// Cuts a JSON Lines stream into batches of at most `max_records` records and (but for a
// batch of one) `max_body` bytes. Blank lines are skipped; a line that is not a JSON object
// throws PushClientError naming its line number, before its batch is handed out.
class JsonlBatcher {
  public:
    JsonlBatcher(std::istream& in, std::size_t max_records, std::size_t max_body);
    // False at the end of the stream.
    bool next(PushBatch& out);

  private:
    std::istream& in_;
    std::size_t max_records_;
    std::size_t max_body_;
    std::size_t line_no_ = 0;
    std::size_t index_ = 0;
    std::optional<std::pair<std::string, std::size_t>> held_;  // read, not yet batched
};

// The batch's webhook-id: derived from the integration, the batch's place in the file and its
// bytes, so a rerun of the same file sends the same ids and the hub answers the batches it
// already stored as duplicates, writing nothing.
std::string batch_webhook_id(std::string_view integration_id, const PushBatch& batch);

// A 400's fields[] (`records[3].data.total.amount`) as the file's lines: "line 17:
// data.total.amount: must be a decimal string; …". Names without a record index stay as
// they are.
std::string describe_refusal(std::string_view error_body, const PushBatch& batch);

struct PushClientOptions {
    std::string url;  // the hub's base URL, e.g. http://127.0.0.1:8080
    std::string integration_id;
    std::string secret;  // whsec_…
    int max_attempts = 8;
    std::chrono::milliseconds base_delay{500};
    std::chrono::milliseconds max_delay{30'000};
};

struct BatchReceipt {
    bool duplicate = false;
    std::int64_t written = 0;
    std::int64_t unchanged = 0;
    int attempts = 1;
};

// Sends one batch, signed afresh on each attempt (the timestamp is refreshed, the webhook-id
// kept, so an attempt the hub stored before the answer was lost comes back a duplicate).
// Retries with backoff on a refused, timed-out or reset connection, a 429 (its Retry-After
// honoured) and a 5xx; any other answer but 200 throws PushClientError at once.
class PushClient {
  public:
    PushClient(http::Client& http, PushClientOptions options);
    BatchReceipt send(const PushBatch& batch);

  private:
    http::Client& http_;
    PushClientOptions options_;
    std::string endpoint_;
};

}  // namespace sb::connectors::custom
