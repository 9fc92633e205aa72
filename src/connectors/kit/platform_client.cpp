#include "connectors/kit/platform_client.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cctype>
#include <thread>
#include <utility>

#include "connectors/kit/backoff.hpp"
#include "log/logger.hpp"

namespace sb::connectors::kit {

namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

// Whether a call that got no answer may go again. A refused connection never carried the
// request. A timeout or a reset may have come after the platform acted, so only an
// idempotent call goes again then. TLS, protocol and size failures would recur as they are.
bool may_retry(http::ClientErrc failure, bool idempotent) {
    switch (failure) {
        case http::ClientErrc::connection_refused:
            return true;
        case http::ClientErrc::timeout:
        case http::ClientErrc::reset:
            return idempotent;
        default:
            return false;
    }
}

std::optional<milliseconds> retry_after_of(const http::ClientResponse& answer) {
    if (answer.status != 429 && answer.status != 503)
        return std::nullopt;
    const auto value = answer.header("Retry-After");
    if (!value)
        return std::nullopt;
    return retry_after(*value, std::chrono::system_clock::now());
}

// How long a throttled call waits before it goes again: what the platform asked for, when it
// said. Otherwise backoff, which the first throttle a budget reported skips (the budget's
// acquire() then waits for exactly what is missing), and whose jitter keeps to the upper half
// of the window: the platform said its budget is spent, so an early retry would mostly buy
// another throttle and use up max_throttled before the platform recovers.
milliseconds throttle_wait(std::optional<milliseconds> asked, bool by_budget, int throttles,
                           const RetryPolicy& policy) {
    if (asked)
        return *asked;
    const int n = by_budget ? throttles - 2 : throttles - 1;
    if (n < 0)
        return milliseconds(0);
    return backoff_delay(n, policy.base_delay, policy.max_delay, 0.5 + 0.5 * unit_random());
}

}  // namespace

PlatformClient::PlatformClient(http::Client& http, std::string platform, std::string store,
                               AnswerHook on_answer)
    : http_(&http),
      platform_(std::move(platform)),
      store_(std::move(store)),
      on_answer_(std::move(on_answer)) {
    // The connector's id is its platform's name in lower case ("BigCommerce": bigcommerce).
    for (char c : platform_)
        connector_label_.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (http_->counters()) {
        http_->counters()->count(core::k_platform_calls, {{"connector", connector_label_}}, 0);
        http_->counters()->count(core::k_platform_throttles, {{"connector", connector_label_}}, 0);
    }
}

http::ClientResponse PlatformClient::send(const Call& call) const {
    return run(call, [this](const http::ClientRequest& r) { return http_->send(r); });
}

http::ClientResponse PlatformClient::stream(
    const Call& call, const std::function<void()>& restart,
    const std::function<bool(std::string_view)>& on_data) const {
    return run(call, [&](const http::ClientRequest& r) {
        if (restart)
            restart();
        return http_->stream(r, on_data);
    });
}

http::ClientResponse PlatformClient::run(const Call& call, const Exchange& exchange) const {
    http::ClientRequest request = call.request;
    if (call.policy.timeout)
        request.io_timeout = call.policy.timeout;
    const RetryPolicy& policy = call.policy.retry;
    int failures = 0;   // transport failures, 5xx and transient answers
    int throttles = 0;  // throttled answers in a row
    auto pause = [&](milliseconds wait, std::string_view reason, int attempt) {
        json::object fields{{"platform", platform_}};
        if (!store_.empty())
            fields["store"] = store_;
        fields["call"] = call.label;
        fields["reason"] = reason;
        fields["attempt"] = attempt;
        fields["wait_ms"] = wait.count();
        log::info("platform_call_retry", std::move(fields));
        std::this_thread::sleep_for(wait);
    };
    core::Counters* counters = http_->counters();
    for (;;) {
        if (call.budget)
            call.budget->acquire();
        if (counters)
            counters->count(core::k_platform_calls, {{"connector", connector_label_}});
        http::ClientResponse answer;
        try {
            if (call.sign) {
                http::ClientRequest signed_request = request;
                call.sign(signed_request);
                answer = exchange(signed_request);
            } else {
                answer = exchange(request);
            }
        } catch (const http::ClientError& e) {
            if (call.budget)
                call.budget->settle(nullptr);
            throttles = 0;
            if (!may_retry(e.code(), call.policy.idempotent) || ++failures >= policy.max_attempts)
                fail(transport_error(platform_, call.label, e.code()), call.label);
            pause(backoff_delay(failures - 1, policy.base_delay, policy.max_delay),
                  http::client_errc_name(e.code()), failures);
            continue;
        } catch (...) {
            if (call.budget)
                call.budget->settle(nullptr);  // the reservation is not left behind
            throw;
        }
        if (on_answer_)
            on_answer_(answer, call.label);
        Verdict verdict = call.budget ? call.budget->settle(&answer) : Verdict::answer;
        if (answer.status == 429)
            verdict = Verdict::throttled;
        else if (answer.status >= 500)
            verdict = Verdict::transient;
        if (verdict == Verdict::answer)
            return answer;

        const auto wait_asked = retry_after_of(answer);
        const bool wait_too_long = wait_asked && *wait_asked > policy.max_retry_after;
        const bool throttled = verdict == Verdict::throttled;
        const std::string reason = answer.status < 300 ? (throttled ? "throttled" : "transient")
                                                       : "HTTP " + std::to_string(answer.status);
        if (throttled) {
            if (counters)
                counters->count(core::k_platform_throttles, {{"connector", connector_label_}});
            if (wait_too_long) {
                fail(throttled_error(platform_, call.label, answer.status,
                                     "Retry-After past the limit"),
                     call.label);
            }
            if (++throttles > policy.max_throttled) {
                fail(throttled_error(platform_, call.label, answer.status,
                                     std::to_string(throttles) + " times in a row"),
                     call.label);
            }
            pause(throttle_wait(wait_asked, answer.status != 429, throttles, policy), reason,
                  throttles);
            continue;
        }
        throttles = 0;
        if (!call.policy.idempotent || ++failures >= policy.max_attempts || wait_too_long) {
            if (answer.status >= 500)
                fail(status_error(platform_, call.label, answer.status), call.label);
            return answer;
        }
        pause(std::max(backoff_delay(failures - 1, policy.base_delay, policy.max_delay),
                       wait_asked.value_or(milliseconds(0))),
              reason, failures);
    }
}

json::object PlatformClient::json_object(const http::ClientResponse& answer,
                                         std::string_view label) const {
    if (answer.status < 200 || answer.status > 299)
        fail(status_error(platform_, label, answer.status), label);
    boost::system::error_code ec;
    auto body = json::parse(answer.body, ec);
    if (ec || !body.is_object())
        fail(unusable_answer(platform_, label, answer.status, "not a JSON object"), label);
    return std::move(body.as_object());
}

void PlatformClient::fail(const PlatformError& error, std::string_view label) const {
    json::object fields{{"platform", platform_}};
    if (!store_.empty())
        fields["store"] = store_;
    fields["call"] = label;
    fields["code"] = error_info(error.code()).code;
    fields["detail"] = error.description().substr(0, 300);
    if (error.platform_status() != 0)
        fields["status"] = error.platform_status();
    if (error.transport())
        fields["transport"] = http::client_errc_name(*error.transport());
    log::warn("platform_call_failed", std::move(fields));
    throw error;
}

Call json_call(const std::string& method, std::string url, std::string_view path,
               std::vector<std::pair<std::string, std::string>> auth, std::string body,
               const RetryPolicy& retry, bool idempotent) {
    Call c;
    c.request.method = method;
    c.request.url = std::move(url);
    c.request.headers = {{"Accept", "application/json"}};
    for (auto& h : auth)
        c.request.headers.push_back(std::move(h));
    if (!body.empty()) {
        c.request.headers.emplace_back("Content-Type", "application/json");
        c.request.body = std::move(body);
    }
    c.label = method + " " + std::string(path);
    c.policy.retry = retry;
    c.policy.idempotent = idempotent;
    return c;
}

}  // namespace sb::connectors::kit
