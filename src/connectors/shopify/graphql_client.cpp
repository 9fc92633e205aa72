#include "connectors/shopify/graphql_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <vector>

#include "core/error.hpp"

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

// The `errors` text of a non-2xx answer ({"errors":"[API] Invalid API key or access token
// …"}, or the first message of a list), or "" when the body has none.
std::string platform_words(const std::string& body) {
    boost::system::error_code ec;
    const auto v = json::parse(body, ec);
    if (ec || !v.is_object())
        return {};
    const auto* errors = v.as_object().if_contains("errors");
    if (!errors)
        return {};
    if (errors->is_array())
        return errors->as_array().empty() ? std::string() : error_message_of(errors->as_array()[0]);
    return errors->is_string() ? std::string(errors->as_string()) : std::string();
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

// Passes X-Shopify-API-Deprecated-Reason of every answer from the shop's Admin API on, with
// the call's label (an operation name, a path) as the request. Captures no GraphqlClient:
// clients are copied.
kit::AnswerHook deprecation_hook(DeprecationNotices* notices, std::string api_version) {
    if (!notices)
        return {};
    return [notices, version = std::move(api_version)](const http::ClientResponse& answer,
                                                       std::string_view label) {
        if (auto reason = answer.header("X-Shopify-API-Deprecated-Reason"))
            notices->note(*reason, version, label);
    };
}

// The shop's cost bucket around one GraphQL call: before each attempt it reserves what the
// query is expected to cost; after it, it mirrors the answer's throttleStatus, learns the
// query's price, and reads a THROTTLED answer as a throttle. The body is parsed here, once,
// for execute().
class CostBudget final : public kit::Budget {
  public:
    CostBudget(shopify::Budget& budget, const std::string& query, double fallback_cost)
        : budget_(budget), query_(query), fallback_cost_(fallback_cost) {}

    void acquire() override {
        cost_ = budget_.known_cost(query_).value_or(fallback_cost_);
        budget_.acquire(cost_);
    }

    kit::Verdict settle(const http::ClientResponse* answer) override {
        body_ = nullptr;
        requested_ = actual_ = 0;
        if (!answer || answer->status < 200 || answer->status > 299) {
            budget_.settle(cost_, std::nullopt);
            return kit::Verdict::answer;
        }
        boost::system::error_code ec;
        body_ = json::parse(answer->body, ec);
        if (ec || !body_.is_object()) {
            body_ = nullptr;
            budget_.settle(cost_, std::nullopt);
            return kit::Verdict::answer;
        }
        const auto status = throttle_of(body_.as_object(), requested_, actual_);
        if (requested_ > 0)
            budget_.remember_cost(query_, requested_);
        const std::string code = first_error_code(body_.as_object());
        if (code == "THROTTLED") {
            // Nothing was spent; the next acquire() waits exactly for the missing points.
            budget_.throttled(cost_, status);
            return kit::Verdict::throttled;
        }
        budget_.settle(cost_, status);
        return code == "INTERNAL_SERVER_ERROR" ? kit::Verdict::transient : kit::Verdict::answer;
    }

    // The last answer's body when it was a JSON object.
    const json::object* body() const { return body_.is_object() ? &body_.as_object() : nullptr; }
    double requested() const { return requested_; }
    double actual() const { return actual_; }

  private:
    static std::string first_error_code(const json::object& body) {
        const auto* errors = body.if_contains("errors");
        if (!errors || !errors->is_array() || errors->as_array().empty())
            return {};
        return error_code_of(errors->as_array().front());
    }

    shopify::Budget& budget_;
    const std::string& query_;
    double fallback_cost_;
    double cost_ = 0;
    json::value body_;
    double requested_ = 0;
    double actual_ = 0;
};

}  // namespace

GraphqlClient::GraphqlClient(http::Client& http, std::shared_ptr<Budget> budget,
                             ShopEndpoint endpoint, RetryPolicy retry, DeprecationNotices* notices)
    : budget_(std::move(budget)),
      endpoint_(std::move(endpoint)),
      retry_(retry),
      platform_(http, "Shopify", endpoint_.shop_domain,
                deprecation_hook(notices, endpoint_.api_version)) {}

GraphqlResult GraphqlClient::execute(const std::string& query, const json::object& variables,
                                     const CallOptions& options) {
    const bool mutation = is_mutation(query);
    kit::Call call;
    call.request.method = "POST";
    call.request.url = endpoint_.base_url + "/admin/api/" + endpoint_.api_version + "/graphql.json";
    call.request.headers = {{"Content-Type", "application/json"},
                            {"Accept", "application/json"},
                            {"X-Shopify-Access-Token", endpoint_.access_token}};
    call.request.body = json::serialize(json::object{{"query", query}, {"variables", variables}});
    call.label = operation_label(query);
    call.policy.retry = retry_;
    // A query may always go again; a mutation only when its caller says it is idempotent.
    call.policy.idempotent = options.idempotent || !mutation;
    CostBudget cost(*budget_, query,
                    options.estimated_cost > 0
                        ? options.estimated_cost
                        : (mutation ? k_mutation_cost : estimate_cost(query)));
    call.budget = &cost;

    const auto answer = platform_.send(call);
    if (answer.status < 200 || answer.status > 299) {
        // Shopify's own words go into the detail: a 401's "[API] Invalid API key or access
        // token" says the token is unknown (platform_unauthorized, never sent again).
        platform_.fail(
            kit::status_error("Shopify", call.label, answer.status, platform_words(answer.body)),
            call.label);
    }
    const json::object* body = cost.body();
    if (!body) {
        platform_.fail(
            kit::unusable_answer("Shopify", call.label, answer.status, "not a JSON object"),
            call.label);
    }
    const auto* errors = body->if_contains("errors");
    if (errors && errors->is_array() && !errors->as_array().empty()) {
        const auto& first = errors->as_array().front();
        if (error_code_of(first) == "ACCESS_DENIED") {
            platform_.fail(kit::PlatformError(Errc::platform_auth_failed,
                                              "The app lacks an access scope this call needs",
                                              error_message_of(first), answer.status),
                           call.label);
        }
        platform_.fail(kit::PlatformError(Errc::platform_error, "The store rejected the request",
                                          error_message_of(first), answer.status),
                       call.label);
    } else if (errors && !errors->is_array()) {
        // REST-style {"errors": "..."}: Shopify uses it for authentication failures.
        platform_.fail(kit::PlatformError(Errc::platform_error, "The store rejected the request",
                                          error_message_of(*errors), answer.status),
                       call.label);
    }
    const auto* data = body->if_contains("data");
    if (!data || !data->is_object()) {
        platform_.fail(kit::unusable_answer("Shopify", call.label, answer.status,
                                            "GraphQL response without data"),
                       call.label);
    }
    GraphqlResult out;
    out.data = data->as_object();
    out.requested_cost = cost.requested();
    out.actual_cost = cost.actual();
    return out;
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
