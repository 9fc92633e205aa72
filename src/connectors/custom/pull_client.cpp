#include "connectors/custom/pull_client.hpp"

#include <boost/json/parse.hpp>

#include "connectors/custom/push_batch.hpp"
#include "connectors/kit/paging.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"

namespace sb::connectors::custom {

namespace json = boost::json;

namespace {

constexpr const char* k_platform = "Custom";
// A cursor is the server's opaque text; one this long is not a cursor.
constexpr std::size_t k_max_cursor = 1024;

}  // namespace

PullClient::PullClient(http::Client& http, PullEndpoint endpoint, kit::RetryPolicy retry)
    : endpoint_(std::move(endpoint)),
      retry_(retry),
      platform_(http, k_platform, endpoint_.base_url) {}

PullPage PullClient::page(domain::DataType type, std::optional<std::int64_t> updated_since,
                          const std::string& cursor, int limit) {
    const std::string type_name(domain::data_type_name(type));
    std::string query =
        "type=" + crypto::percent_encode(type_name) + "&limit=" + std::to_string(limit);
    if (updated_since)
        query += "&updated_since=" + crypto::percent_encode(format_time(*updated_since));
    if (!cursor.empty())
        query += "&cursor=" + crypto::percent_encode(cursor);

    kit::Call c;
    c.request.method = "GET";
    c.request.url = endpoint_.base_url + "/records?" + query;
    c.request.headers = {{"Accept", "application/json"},
                         {"Authorization", "Bearer " + endpoint_.token}};
    c.label = "GET records (" + type_name + ")";
    c.policy.retry = retry_;
    c.policy.idempotent = true;
    const auto answer = platform_.send(c);
    const auto body = platform_.json_object(answer, c.label);

    PullPage out;
    const auto* next = body.if_contains("next_cursor");
    if (next && !next->is_null() && !next->is_string()) {
        platform_.fail(kit::unusable_answer(k_platform, c.label, answer.status,
                                            "next_cursor is neither a string nor null"),
                       c.label);
    }
    out.next_cursor = kit::next_cursor(body, "next_cursor");
    if (out.next_cursor && (out.next_cursor->size() > k_max_cursor || *out.next_cursor == cursor)) {
        platform_.fail(kit::unusable_answer(k_platform, c.label, answer.status,
                                            out.next_cursor->size() > k_max_cursor
                                                ? "next_cursor is over 1024 characters"
                                                : "next_cursor is the cursor just asked for"),
                       c.label);
    }

    std::vector<FieldError> errors;
    out.records = parse_record_list(body.if_contains("records"), errors);
    for (std::size_t i = 0; i < out.records.size() && errors.empty(); ++i) {
        if (out.records[i].type != type) {
            errors.push_back({"records[" + std::to_string(i) + "].type",
                              "must be " + type_name + ", the type asked for"});
        }
    }
    if (!errors.empty()) {
        // The job fails with the first problem in its last_error; the rest are in fields.
        const std::string first = errors.front().name + ": " + errors.front().description;
        throw ApiError(Errc::validation_failed,
                       "The merchant's server sent an invalid record: " + first,
                       c.label +
                           ": nothing of this page was stored; fix the record at the "
                           "server and sync again.",
                       std::move(errors));
    }
    return out;
}

}  // namespace sb::connectors::custom
