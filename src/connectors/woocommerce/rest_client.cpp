#include "connectors/woocommerce/rest_client.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "connectors/common/json_util.hpp"
#include "connectors/kit/paging.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"

namespace sb::connectors::woocommerce {

namespace json = boost::json;

std::string site_message(const json::value& body) {
    if (!body.is_object())
        return {};
    const auto& o = body.as_object();
    const auto code = jsonu::str(o, "code").value_or("");
    const auto message = jsonu::str(o, "message").value_or("");
    if (code.empty())
        return message;
    return message.empty() ? code : code + ": " + message;
}

SiteGate::SiteGate(int limit) : limit_(std::max(1, limit)) {}

void SiteGate::acquire() {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [this] { return in_flight_ < limit_; });
    ++in_flight_;
}

kit::Verdict SiteGate::settle(const http::ClientResponse*) {
    {
        std::lock_guard lock(mutex_);
        --in_flight_;
    }
    freed_.notify_one();
    return kit::Verdict::answer;
}

std::shared_ptr<SiteGate> SiteGates::gate(const std::string& site) {
    std::lock_guard lock(mutex_);
    auto& g = gates_[site];
    if (!g)
        g = std::make_shared<SiteGate>(limit_);
    return g;
}

RestClient::RestClient(http::Client& http, SiteEndpoint endpoint, kit::RetryPolicy retry,
                       std::shared_ptr<SiteGate> gate,
                       std::optional<std::chrono::milliseconds> timeout)
    : endpoint_(std::move(endpoint)),
      retry_(retry),
      gate_(std::move(gate)),
      timeout_(timeout),
      platform_(http, "WooCommerce", endpoint_.site_url) {}

json::value RestClient::get(const std::string& path, const Query& query) {
    json::value out;
    call("GET", path, query, {}, true, out);
    return out;
}

ListPage RestClient::list(const std::string& path, const Query& query) {
    ListPage page;
    const auto answer = call("GET", path, query, {}, true, page.items);
    if (const auto h = answer.header("X-WP-TotalPages"))
        page.total_pages = kit::header_count(*h);
    if (const auto h = answer.header("X-WP-Total"))
        page.total = kit::header_count(*h);
    return page;
}

json::value RestClient::put(const std::string& path, const json::value& body) {
    json::value out;
    call("PUT", path, {}, json::serialize(body), true, out);
    return out;
}

json::value RestClient::post(const std::string& path, const json::value& body) {
    json::value out;
    call("POST", path, {}, json::serialize(body), false, out);
    return out;
}

json::value RestClient::del(const std::string& path, const Query& query) {
    json::value out;
    call("DELETE", path, query, {}, true, out);
    return out;
}

http::ClientResponse RestClient::call(const std::string& method, const std::string& path,
                                      const Query& query, const std::string& body, bool idempotent,
                                      json::value& out) {
    const std::string url = endpoint_.api_base + "/" + path;
    std::vector<std::pair<std::string, std::string>> auth;
    if (endpoint_.oauth_base.empty()) {
        auth.emplace_back("Authorization",
                          "Basic " + crypto::base64_encode(endpoint_.consumer_key + ":" +
                                                           endpoint_.consumer_secret));
    }
    auto c = kit::json_call(method, query.empty() ? url : url + "?" + encode_query(query), path,
                            std::move(auth), body, retry_, idempotent);
    if (!endpoint_.oauth_base.empty()) {
        // Signed again for every attempt: the site refuses a nonce it has seen.
        c.sign = [this, method, url, path, query](http::ClientRequest& r) {
            const auto signed_query =
                oauth1_signed_query(method, endpoint_.oauth_base + "/" + path, query,
                                    {endpoint_.consumer_key, endpoint_.consumer_secret},
                                    now_ms() / 1000, crypto::hex_encode(crypto::random_bytes(16)));
            r.url = url + "?" + encode_query(signed_query);
        };
    }
    c.policy.timeout = timeout_;
    c.budget = gate_.get();
    auto answer = platform_.send(c);
    boost::system::error_code ec;
    auto parsed = json::parse(answer.body, ec);
    if (answer.status >= 200 && answer.status <= 299) {
        // A broken site answers HTML (a PHP error, a login page) with 200.
        if (ec || (!parsed.is_object() && !parsed.is_array()))
            platform_.fail(kit::unusable_answer("WooCommerce", c.label, answer.status,
                                                "not a JSON object or array"),
                           c.label);
        out = std::move(parsed);
        return answer;
    }
    const std::string said = ec ? std::string() : site_message(parsed);
    platform_.fail(kit::status_error("WooCommerce", c.label, answer.status, said), c.label);
}

}  // namespace sb::connectors::woocommerce
