#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "connectors/kit/platform_error.hpp"
#include "http/client.hpp"

// The one way a connector calls its platform: every request goes through PlatformClient,
// which owns the timeout, the retries and their waits, the store's API budget (as a hook the
// connector passes), the hook that sees every answer's headers, and the mapping of what went
// wrong to the registry's codes (platform_error.hpp). Blocking, for sync worker threads and
// request handlers, like http::Client under it.
namespace sb::connectors::kit {

// How hard calls try. A connector's options carry one (so a deployment or a test can tune
// it); each call adds whether it is idempotent.
struct RetryPolicy {
    // Attempts, the first included, that transport failures, 5xx and transient answers may
    // take.
    int max_attempts = 5;
    // Backoff after the n-th failure: a wait drawn from [0, min(max_delay, base_delay * 2^n)]
    // (backoff.hpp); after a throttle, from the upper half of that window.
    std::chrono::milliseconds base_delay{500};
    std::chrono::milliseconds max_delay{30'000};
    // Throttled answers (429, or the budget's verdict) in a row before rate_limited.
    int max_throttled = 20;
    // A Retry-After longer than this ends the call at once: the sync engine comes back later
    // instead of a worker sleeping that long.
    std::chrono::milliseconds max_retry_after{120'000};
};

struct CallPolicy {
    RetryPolicy retry;
    // An idempotent call is sent again after any failure worth another attempt. Any other
    // call only when the platform cannot have acted on it: the connection was refused, or the
    // answer was a throttle (429, the budget's) that says it was not run.
    bool idempotent = true;
    // Each write and each read of an attempt; unset, the http::Client's io_timeout.
    // (Connecting is bounded by the client's connect_timeout.)
    std::optional<std::chrono::milliseconds> timeout;
};

// What an answer means, as the platform's budget reads it.
enum class Verdict {
    answer,     // its status says the rest
    throttled,  // refused for the budget, not run: sent again once the budget allows
    // A failure in a 2xx answer (GraphQL's INTERNAL_SERVER_ERROR): sent again like a 5xx
    // when the policy allows; otherwise it is the call's answer.
    transient,
};

// The store's API budget, kept by the connector (Shopify's cost bucket, Shoplazza's leaky
// bucket): the client calls it around every attempt and knows nothing of its rules.
class Budget {
  public:
    virtual ~Budget() = default;
    // Before each attempt: waits until the budget can pay for the call, and reserves it.
    virtual void acquire() = 0;
    // After each attempt: the answer, to read its rate-limit headers or throttle; nullptr
    // when none came (a transport failure), so that what acquire() reserved is released.
    virtual Verdict settle(const http::ClientResponse* answer) = 0;
};

struct Call {
    http::ClientRequest request;
    // What a log line or an error says of the call: "GET orders", a GraphQL operation name, a
    // path without its query. Never a token or a parameter value.
    std::string label;
    CallPolicy policy;
    Budget* budget = nullptr;  // none: the platform has no budget for this call
    // Applied to a copy of `request` before each attempt, when set: a signature that must be
    // fresh every time (WooCommerce's OAuth 1.0a over plain HTTP refuses a nonce seen before,
    // so a retry signs again).
    std::function<void(http::ClientRequest&)> sign;
};

// A call to a platform's JSON REST API: `method` on `url` with Accept application/json and the
// platform's `auth` headers, `body` (when not empty) as application/json, labelled
// "METHOD path", with the connector's retry policy. The caller adds its budget, a timeout or a
// signature.
Call json_call(const std::string& method, std::string url, std::string_view path,
               std::vector<std::pair<std::string, std::string>> auth, std::string body,
               const RetryPolicy& retry, bool idempotent);

// Sees every answer of every attempt, before anything else looks at it (Shopify counts
// X-Shopify-API-Deprecated-Reason).
using AnswerHook = std::function<void(const http::ClientResponse& answer, std::string_view label)>;

class PlatformClient {
  public:
    // `platform` ("Shopify") and `store` ("acme.myshopify.com") name the calls in errors and
    // log lines. `http` must outlive the client.
    PlatformClient(http::Client& http, std::string platform, std::string store = {},
                   AnswerHook on_answer = {});

    // Sends `call` until it has an answer, as its policy allows:
    // - no answer: timeout, reset and refused are retried after backoff (a call that is not
    //   idempotent: refused only); TLS, protocol and too_large failures are not retried;
    // - 429, or the budget's `throttled`: sent again after the Retry-After or, without one,
    //   after backoff (from the second throttle in a row when the budget, which waits
    //   itself, reported it);
    // - 5xx, or the budget's `transient`: sent again, idempotent calls only, after backoff or
    //   a 503's Retry-After when that is longer.
    // Returns the answer: any 2xx, 3xx or 4xx but 429, and a `transient` answer once retries
    // are spent. Throws PlatformError when no answer came, or a 429 or 5xx was the last.
    http::ClientResponse send(const Call& call) const;

    // send() for a large body: a 2xx body goes to `on_data` chunk by chunk (return false to
    // stop) and the returned body is empty. An attempt that fails midway is retried from the
    // first byte: `restart` is called before each attempt, so the caller can forget what the
    // failed one delivered.
    http::ClientResponse stream(const Call& call, const std::function<void()>& restart,
                                const std::function<bool(std::string_view)>& on_data) const;

    // A 2xx answer's body as a JSON object. Throws the status_error of any other status, and
    // unusable_answer when the body is not a JSON object.
    boost::json::object json_object(const http::ClientResponse& answer,
                                    std::string_view label) const;

    // Logs `error` (platform, store, call, status or transport failure, code, detail) and
    // throws it: every failed call leaves one line that says why.
    [[noreturn]] void fail(const PlatformError& error, std::string_view label) const;

    http::Client& http() const { return *http_; }
    const std::string& platform() const { return platform_; }

  private:
    using Exchange = std::function<http::ClientResponse(const http::ClientRequest&)>;
    http::ClientResponse run(const Call& call, const Exchange& exchange) const;

    http::Client* http_;
    std::string platform_;
    std::string store_;
    std::string connector_label_;  // the connector label of its metrics
    AnswerHook on_answer_;
};

}  // namespace sb::connectors::kit
