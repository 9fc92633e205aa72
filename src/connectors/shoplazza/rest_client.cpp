#include "connectors/shoplazza/rest_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/url.hpp>
#include <thread>

#include "connectors/common/json_util.hpp"

namespace sb::connectors::shoplazza {

namespace json = boost::json;

namespace {

// The store's own words: {"errors":[...]} or {"error":"..."}.
std::string store_message(const json::value& body) {
    if (!body.is_object())
        return {};
    const auto& o = body.as_object();
    if (auto e = jsonu::str(o, "error"))
        return *e;
    std::string out;
    if (const auto* errs = jsonu::arr(o, "errors")) {
        for (const auto& e : *errs) {
            if (!e.is_string())
                continue;
            if (!out.empty())
                out += "; ";
            out += std::string(e.as_string());
        }
    }
    return out;
}

}  // namespace

void LeakyBucket::acquire() {
    if (empty_since_) {
        std::this_thread::sleep_until(*empty_since_ + k_leak_wait);
        empty_since_.reset();
    }
}

kit::Verdict LeakyBucket::settle(const http::ClientResponse* answer) {
    // A 429 or a 5xx is waited for by the client already.
    if (answer && answer->status < 429) {
        if (auto left = answer->header("X-RateLimit-Remaining"); left && *left == "0")
            empty_since_ = std::chrono::steady_clock::now();
    }
    return kit::Verdict::answer;
}

RestClient::RestClient(http::Client& http, StoreEndpoint endpoint, RetryPolicy retry)
    : endpoint_(std::move(endpoint)),
      retry_(retry),
      platform_(http, "Shoplazza", endpoint_.shop_domain) {}

json::object RestClient::get(const std::string& path, const Query& query) {
    return call("GET", path, query, {}, true);
}

json::object RestClient::put(const std::string& path, const json::object& body) {
    return call("PUT", path, {}, json::serialize(body), true);
}

json::object RestClient::post(const std::string& path, const json::object& body) {
    return call("POST", path, {}, json::serialize(body), false);
}

json::object RestClient::del(const std::string& path) {
    return call("DELETE", path, {}, {}, true);
}

json::object RestClient::call(const std::string& method, const std::string& path,
                              const Query& query, const std::string& body, bool idempotent) {
    boost::urls::url url(endpoint_.base_url);
    url.set_path("/openapi/" + endpoint_.api_version + "/" + path);
    for (const auto& [k, v] : query)
        url.params().append({k, v});
    auto c = kit::json_call(method, std::string(url.buffer()), path,
                            {{"Access-Token", endpoint_.access_token}}, body, retry_, idempotent);
    c.budget = &bucket_;
    const auto answer = platform_.send(c);
    if (answer.status >= 200 && answer.status <= 299)
        return platform_.json_object(answer, c.label);
    boost::system::error_code ec;
    const auto parsed = json::parse(answer.body, ec);
    const std::string said = ec ? std::string() : store_message(parsed);
    if (said == "store is not active") {
        // Shoplazza answers 401 for a store its merchant switched off: the token is known, so
        // this is a refusal (platform_auth_failed), not an unknown credential (401's
        // platform_unauthorized).
        const auto e = kit::status_error("Shoplazza", c.label, answer.status, said);
        platform_.fail(kit::PlatformError(Errc::platform_auth_failed, "The store is not active",
                                          e.description(), answer.status),
                       c.label);
    }
    platform_.fail(kit::status_error("Shoplazza", c.label, answer.status, said), c.label);
}

}  // namespace sb::connectors::shoplazza
