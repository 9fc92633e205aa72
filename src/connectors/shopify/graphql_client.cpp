#include "connectors/shopify/graphql_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "log/logger.hpp"

namespace sb::connectors::shopify {

namespace json = boost::json;

namespace {

constexpr double k_max_query_cost = 1000;
constexpr double k_mutation_cost = 10;

std::optional<ThrottleStatus> throttle_of(const json::object& body, double& requested,
                                          double& actual) {
    const auto* ext = body.if_contains("extensions");
    if (!ext || !ext->is_object())
        return std::nullopt;
    const auto* cost = ext->as_object().if_contains("cost");
    if (!cost || !cost->is_object())
        return std::nullopt;
    const auto& c = cost->as_object();
    auto num = [](const json::value* v) -> std::optional<double> {
        if (!v)
            return std::nullopt;
        if (v->is_int64())
            return static_cast<double>(v->as_int64());
        if (v->is_uint64())
            return static_cast<double>(v->as_uint64());
        if (v->is_double())
            return v->as_double();
        return std::nullopt;
    };
    if (auto r = num(c.if_contains("requestedQueryCost")))
        requested = *r;
    if (auto a = num(c.if_contains("actualQueryCost")))
        actual = *a;
    const auto* ts = c.if_contains("throttleStatus");
    if (!ts || !ts->is_object())
        return std::nullopt;
    const auto& t = ts->as_object();
    ThrottleStatus s;
    s.maximum = num(t.if_contains("maximumAvailable")).value_or(0);
    s.available = num(t.if_contains("currentlyAvailable")).value_or(0);
    s.restore_rate = num(t.if_contains("restoreRate")).value_or(0);
    return s;
}

std::string error_code_of(const json::value& e) {
    if (!e.is_object())
        return {};
    const auto* ext = e.as_object().if_contains("extensions");
    if (!ext || !ext->is_object())
        return {};
    const auto* code = ext->as_object().if_contains("code");
    return code && code->is_string() ? std::string(code->as_string()) : std::string();
}

std::string error_message_of(const json::value& e) {
    if (e.is_string())
        return std::string(e.as_string());
    if (e.is_object()) {
        if (const auto* m = e.as_object().if_contains("message"); m && m->is_string())
            return std::string(m->as_string());
    }
    return "unknown error";
}

bool is_mutation(std::string_view q) {
    const auto p = q.find_first_not_of(" \t\r\n");
    return p != std::string_view::npos && q.substr(p).rfind("mutation", 0) == 0;
}

bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// "mutation SetStock($input: …) { … }" → "SetStock"; "{ shop { … } }" → "shop": what a log
// line may say of a call (a document holds no values; the variables are not looked at).
std::string operation_label(std::string_view q) {
    auto p = q.find_first_not_of(" \t\r\n");
    if (p == std::string_view::npos)
        return "anonymous";
    for (std::string_view kw : {"query", "mutation"}) {
        if (q.compare(p, kw.size(), kw) == 0 && p + kw.size() < q.size() &&
            !name_char(q[p + kw.size()])) {
            p = q.find_first_not_of(" \t\r\n", p + kw.size());
            break;
        }
    }
    if (p != std::string_view::npos && q[p] == '{')
        p = q.find_first_not_of(" \t\r\n", p + 1);
    std::size_t end = p;
    while (end != std::string_view::npos && end < q.size() && name_char(q[end]))
        ++end;
    if (p == std::string_view::npos || end == p)
        return "anonymous";
    return std::string(q.substr(p, std::min<std::size_t>(end - p, 64)));
}

}  // namespace

GraphqlClient::GraphqlClient(http::Client& http, std::shared_ptr<Budget> budget,
                             ShopEndpoint endpoint, RetryPolicy retry, DeprecationNotices* notices)
    : http_(http),
      budget_(std::move(budget)),
      endpoint_(std::move(endpoint)),
      retry_(retry),
      notices_(notices) {}

void GraphqlClient::note_deprecation(const http::ClientResponse& response,
                                     std::string_view request) {
    if (!notices_)
        return;
    if (auto reason = response.header("X-Shopify-API-Deprecated-Reason"))
        notices_->note(*reason, endpoint_.api_version, request);
}

GraphqlResult GraphqlClient::execute(const std::string& query, const json::object& variables,
                                     const CallOptions& options) {
    http::ClientRequest req;
    req.method = "POST";
    req.url = endpoint_.base_url + "/admin/api/" + endpoint_.api_version + "/graphql.json";
    req.headers = {{"Content-Type", "application/json"},
                   {"Accept", "application/json"},
                   {"X-Shopify-Access-Token", endpoint_.access_token}};
    req.body = json::serialize(json::object{{"query", query}, {"variables", variables}});

    const bool mutation = is_mutation(query);
    const bool retry_transport = options.idempotent || !mutation;
    int failures = 0;
    int throttles = 0;
    for (;;) {
        double cost = budget_->known_cost(query).value_or(
            options.estimated_cost > 0 ? options.estimated_cost
                                       : (mutation ? k_mutation_cost : estimate_cost(query)));
        budget_->acquire(cost);
        http::ClientResponse res;
        try {
            res = http_.send(req);
        } catch (const http::ClientError& e) {
            budget_->settle(cost, std::nullopt);
            // A mutation whose request may have reached the platform is not sent twice.
            const bool may_have_run =
                e.code() == http::ClientErrc::timeout || e.code() == http::ClientErrc::reset;
            if ((!retry_transport && may_have_run) || ++failures >= retry_.max_attempts) {
                throw ApiError(
                    e.code() == http::ClientErrc::tls || e.code() == http::ClientErrc::protocol ||
                            e.code() == http::ClientErrc::too_large
                        ? Errc::platform_error
                        : Errc::platform_timeout,
                    "The store could not be reached",
                    "Shopify call failed: " + std::string(http::client_errc_name(e.code())));
            }
            std::this_thread::sleep_for(
                backoff_delay(failures - 1, retry_.base_delay, retry_.max_delay));
            continue;
        }
        note_deprecation(res, operation_label(query));
        if (res.status == 429 || res.status >= 500) {
            budget_->settle(cost, std::nullopt);
            if ((!retry_transport && res.status >= 500) || ++failures >= retry_.max_attempts) {
                throw ApiError(res.status == 429 ? Errc::rate_limited : Errc::platform_error,
                               "The store is not answering normally",
                               "Shopify answered HTTP " + std::to_string(res.status));
            }
            std::this_thread::sleep_for(
                retry_delay(res, retry_.base_delay, retry_.max_delay, failures));
            continue;
        }
        if (res.status == 401 || res.status == 403) {
            budget_->settle(cost, std::nullopt);
            throw ApiError(
                Errc::platform_auth_failed, "The store rejected the credentials",
                "Shopify answered HTTP " + std::to_string(res.status) + "; reconnect the store");
        }
        boost::system::error_code ec;
        json::value body = json::parse(res.body, ec);
        if (ec || !body.is_object()) {
            budget_->settle(cost, std::nullopt);
            throw ApiError(
                Errc::platform_error, "The store answered something unusable",
                "Shopify answered HTTP " + std::to_string(res.status) + " without a JSON object");
        }
        auto& obj = body.as_object();
        double requested = 0, actual = 0;
        auto status = throttle_of(obj, requested, actual);
        if (requested > 0)
            budget_->remember_cost(query, requested);
        const auto* errors = obj.if_contains("errors");
        if (errors && errors->is_array() && !errors->as_array().empty()) {
            const auto& errs = errors->as_array();
            const std::string code = error_code_of(errs.front());
            if (code == "THROTTLED") {
                budget_->throttled(cost, status);
                if (++throttles > retry_.max_throttled) {
                    throw ApiError(Errc::rate_limited, "The store's API budget is exhausted",
                                   "Shopify kept answering THROTTLED");
                }
                log::info("shopify_throttled", {{"shop", endpoint_.shop_domain},
                                                {"requested_cost", requested},
                                                {"throttled_in_a_row", throttles}});
                // The next acquire() waits exactly for the missing points. Throttled again
                // although the mirror said the points were there (a storm, another app on the
                // shop): back off as well, so retries do not hammer the shop.
                if (throttles > 1) {
                    std::this_thread::sleep_for(
                        backoff_delay(throttles - 2, retry_.base_delay, retry_.max_delay));
                }
                continue;
            }
            budget_->settle(cost, status);
            if (code == "ACCESS_DENIED") {
                throw ApiError(Errc::platform_auth_failed,
                               "The app lacks an access scope this call needs",
                               error_message_of(errs.front()));
            }
            if (code == "INTERNAL_SERVER_ERROR" && (retry_transport || !mutation) &&
                ++failures < retry_.max_attempts) {
                std::this_thread::sleep_for(
                    backoff_delay(failures - 1, retry_.base_delay, retry_.max_delay));
                continue;
            }
            throw ApiError(Errc::platform_error, "The store rejected the request",
                           error_message_of(errs.front()));
        } else if (errors && !errors->is_array()) {
            // REST-style {"errors": "..."}: Shopify uses it for authentication failures.
            budget_->settle(cost, status);
            throw ApiError(Errc::platform_error, "The store rejected the request",
                           error_message_of(*errors));
        }
        budget_->settle(cost, status);
        const auto* data = obj.if_contains("data");
        if (!data || !data->is_object()) {
            throw ApiError(Errc::platform_error, "The store answered something unusable",
                           "GraphQL response without data");
        }
        GraphqlResult out;
        out.data = data->as_object();
        out.requested_cost = requested;
        out.actual_cost = actual;
        return out;
    }
}

double estimate_cost(std::string_view q) {
    std::vector<double> stack{1};
    double cost = 0;
    double pending = 1;
    for (std::size_t i = 0; i < q.size(); ++i) {
        const char ch = q[i];
        if (ch == '"') {  // skip string literals: a search query may hold braces
            for (++i; i < q.size() && q[i] != '"'; ++i) {
                if (q[i] == '\\')
                    ++i;
            }
        } else if (ch == '{') {
            stack.push_back(stack.back() * pending);
            cost += stack.back();
            pending = 1;
        } else if (ch == '}') {
            if (stack.size() > 1)
                stack.pop_back();
        } else if ((q.compare(i, 6, "first:") == 0 || q.compare(i, 5, "last:") == 0) &&
                   (i == 0 || q[i - 1] == '(' || q[i - 1] == ' ' || q[i - 1] == ',')) {
            std::size_t j = q.find(':', i) + 1;
            while (j < q.size() && q[j] == ' ')
                ++j;
            double n = 0;
            bool digits = false;
            while (j < q.size() && q[j] >= '0' && q[j] <= '9') {
                n = n * 10 + (q[j] - '0');
                ++j;
                digits = true;
            }
            pending = digits ? std::max(1.0, n) : 250;  // a variable: assume the maximum page
        }
    }
    return std::min(k_max_query_cost, std::max(1.0, cost));
}

std::string legacy_id(std::string_view gid) {
    auto p = gid.rfind('/');
    if (gid.rfind("gid://", 0) != 0 || p == std::string_view::npos)
        return std::string(gid);
    auto tail = gid.substr(p + 1);
    if (auto q = tail.find('?'); q != std::string_view::npos)
        tail = tail.substr(0, q);
    return std::string(tail);
}

std::string to_gid(std::string_view type, std::string_view id_or_gid) {
    if (id_or_gid.rfind("gid://", 0) == 0)
        return std::string(id_or_gid);
    return "gid://shopify/" + std::string(type) + "/" + std::string(id_or_gid);
}

}  // namespace sb::connectors::shopify
