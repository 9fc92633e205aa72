#include "connectors/custom/push_client.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <thread>
#include <utility>

#include "connectors/kit/backoff.hpp"
#include "crypto/crypto.hpp"

namespace sb::connectors::custom {

namespace {

namespace json = boost::json;
using std::chrono::milliseconds;

constexpr std::string_view k_head = R"({"records":[)";
constexpr std::string_view k_tail = "]}";
// A 400 names at most this many bad records on the one error line.
constexpr std::size_t k_max_named = 10;

std::string_view trim(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && space(s.back()))
        s.remove_suffix(1);
    return s;
}

std::optional<json::object> object_of(std::string_view text) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_object())
        return std::nullopt;
    return std::move(v.as_object());
}

std::string string_member(const json::object& o, std::string_view name) {
    const auto* v = o.if_contains(name);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t int_member(const json::object& o, std::string_view name) {
    const auto* v = o.if_contains(name);
    return v && v->is_int64() ? v->as_int64() : 0;
}

// `records[12].data.total.amount` → {12, "data.total.amount"}.
std::optional<std::pair<std::size_t, std::string>> record_path(std::string_view name) {
    constexpr std::string_view prefix = "records[";
    if (name.substr(0, prefix.size()) != prefix)
        return std::nullopt;
    const auto close = name.find(']', prefix.size());
    if (close == std::string_view::npos || close == prefix.size())
        return std::nullopt;
    std::size_t index = 0;
    for (char c : name.substr(prefix.size(), close - prefix.size())) {
        if (c < '0' || c > '9')
            return std::nullopt;
        index = index * 10 + static_cast<std::size_t>(c - '0');
    }
    std::string_view rest = name.substr(close + 1);
    if (!rest.empty() && rest.front() == '.')
        rest.remove_prefix(1);
    return std::pair{index, std::string(rest)};
}

bool retryable(http::ClientErrc e) {
    // The webhook-id makes a send idempotent: a timeout or reset after the hub stored the
    // batch comes back as a duplicate on the next attempt.
    return e == http::ClientErrc::connection_refused || e == http::ClientErrc::timeout ||
           e == http::ClientErrc::reset;
}

std::string batch_name(const PushBatch& b) {
    std::string s = "batch " + std::to_string(b.index + 1);
    if (!b.lines.empty()) {
        s += " (lines " + std::to_string(b.lines.front()) + "-" + std::to_string(b.lines.back()) +
             ")";
    }
    return s;
}

}  // namespace

JsonlBatcher::JsonlBatcher(std::istream& in, std::size_t max_records, std::size_t max_body)
    : in_(in), max_records_(std::max<std::size_t>(max_records, 1)), max_body_(max_body) {}

bool JsonlBatcher::next(PushBatch& out) {
    out = PushBatch{};
    out.index = index_;
    out.body = k_head;
    std::size_t count = 0;
    std::string line;
    while (count < max_records_) {
        std::pair<std::string, std::size_t> record;
        if (held_) {
            record = std::move(*held_);
            held_.reset();
        } else {
            bool found = false;
            while (!found && std::getline(in_, line)) {
                ++line_no_;
                const auto text = trim(line);
                if (text.empty())
                    continue;
                if (!object_of(text)) {
                    throw PushClientError("line " + std::to_string(line_no_) +
                                          ": not a JSON object (one record per line)");
                }
                record = {std::string(text), line_no_};
                found = true;
            }
            if (!found)
                break;
        }
        const std::size_t grown =
            out.body.size() + (count > 0 ? 1 : 0) + record.first.size() + k_tail.size();
        if (count > 0 && grown > max_body_) {
            held_ = std::move(record);
            break;
        }
        if (count > 0)
            out.body += ',';
        out.body += record.first;
        out.lines.push_back(record.second);
        ++count;
    }
    if (count == 0)
        return false;
    out.body += k_tail;
    ++index_;
    return true;
}

std::string batch_webhook_id(std::string_view integration_id, const PushBatch& batch) {
    std::string seed(integration_id);
    seed += '\n';
    seed += std::to_string(batch.index);
    seed += '\n';
    seed += batch.body;
    return "sbpush_" + crypto::hex_encode(crypto::sha256(seed)).substr(0, 40);
}

std::string describe_refusal(std::string_view error_body, const PushBatch& batch) {
    const auto body = object_of(error_body);
    if (!body)
        return std::string(trim(error_body.substr(0, 200)));
    std::string out = string_member(*body, "code");
    const auto* fields = body->if_contains("fields");
    std::size_t named = 0, total = 0;
    std::string listed;
    if (fields && fields->is_array()) {
        for (const auto& f : fields->as_array()) {
            if (!f.is_object())
                continue;
            ++total;
            if (named == k_max_named)
                continue;
            ++named;
            const std::string name = string_member(f.as_object(), "name");
            const std::string why = string_member(f.as_object(), "description");
            if (!listed.empty())
                listed += "; ";
            const auto at = record_path(name);
            if (at && at->first < batch.lines.size()) {
                listed += "line " + std::to_string(batch.lines[at->first]);
                if (!at->second.empty())
                    listed += " " + at->second;
            } else {
                listed += name;
            }
            listed += ": " + why;
        }
    }
    if (listed.empty())
        return out + ": " + string_member(*body, "message");
    if (total > named)
        listed += "; and " + std::to_string(total - named) + " more";
    return out + ": " + listed;
}

PushClient::PushClient(http::Client& http, PushClientOptions options)
    : http_(http), options_(std::move(options)) {
    std::string base = options_.url;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    endpoint_ = base + "/webhooks/custom/" + options_.integration_id;
}

BatchReceipt PushClient::send(const PushBatch& batch) {
    const std::string id = batch_webhook_id(options_.integration_id, batch);
    for (int attempt = 0;; ++attempt) {
        const auto now = std::chrono::system_clock::now();
        const std::string ts = std::to_string(
            std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
        const std::string signature =
            crypto::standard_webhook_signature(options_.secret, id, ts, batch.body);
        if (signature.empty())
            throw PushClientError("the push secret does not decode (expected whsec_<base64>)");
        http::ClientRequest request;
        request.method = "POST";
        request.url = endpoint_;
        request.headers = {{"Content-Type", "application/json"},
                           {"webhook-id", id},
                           {"webhook-timestamp", ts},
                           {"webhook-signature", "v1," + signature}};
        request.body = batch.body;

        std::string why;
        std::optional<milliseconds> asked;
        try {
            const auto answer = http_.send(request);
            if (answer.status == 200) {
                const auto receipt = object_of(answer.body);
                if (!receipt)
                    throw PushClientError(batch_name(batch) + ": the hub's answer is not JSON");
                BatchReceipt out;
                out.duplicate = string_member(*receipt, "status") == "duplicate";
                out.written = int_member(*receipt, "written");
                out.unchanged = int_member(*receipt, "unchanged");
                out.attempts = attempt + 1;
                return out;
            }
            if (answer.status == 400 || answer.status == 422) {
                throw PushClientError(batch_name(batch) +
                                      " refused: " + describe_refusal(answer.body, batch));
            }
            if (answer.status == 401) {
                throw PushClientError(
                    "the hub refused the signature: check the push secret and the integration "
                    "id, and that this machine's clock is within 5 minutes of the hub's");
            }
            if (answer.status == 413) {
                throw PushClientError(batch_name(batch) + " (" + std::to_string(batch.body.size()) +
                                      " bytes) is over the hub's body limit: lower --max-body or "
                                      "start the hub with a larger --body-limit");
            }
            if (answer.status != 429 && answer.status < 500) {
                throw PushClientError(batch_name(batch) + ": HTTP " +
                                      std::to_string(answer.status) + " " +
                                      describe_refusal(answer.body, batch));
            }
            why = "HTTP " + std::to_string(answer.status);
            if (const auto v = answer.header("Retry-After"))
                asked = kit::retry_after(*v, std::chrono::system_clock::now());
        } catch (const http::ClientError& e) {
            if (!retryable(e.code()))
                throw PushClientError(batch_name(batch) + ": " + e.what());
            why = e.what();
        }
        if (attempt + 1 >= options_.max_attempts) {
            throw PushClientError(batch_name(batch) + ": gave up after " +
                                  std::to_string(attempt + 1) + " attempts: " + why);
        }
        const auto wait =
            asked ? std::min(*asked, options_.max_delay)
                  : kit::backoff_delay(attempt, options_.base_delay, options_.max_delay);
        std::this_thread::sleep_for(wait);
    }
}

}  // namespace sb::connectors::custom
