#include "connectors/bigcommerce/rest_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/url.hpp>

#include "connectors/common/json_util.hpp"

namespace sb::connectors::bigcommerce {

namespace json = boost::json;

std::string store_message(const json::value& body) {
    std::string out;
    auto add = [&out](std::string s) {
        if (s.empty())
            return;
        if (!out.empty())
            out += "; ";
        out += std::move(s);
    };
    if (body.is_array()) {
        for (const auto& e : body.as_array())
            if (e.is_object())
                add(jsonu::str(e.as_object(), "message").value_or(""));
    } else if (body.is_object()) {
        const auto& o = body.as_object();
        add(jsonu::str(o, "title").value_or(""));
        if (const auto* errs = jsonu::obj(o, "errors")) {
            for (const auto& [k, v] : *errs)
                add(std::string(k) + ": " + (v.is_string() ? std::string(v.as_string()) : ""));
        }
    }
    return out;
}

RestClient::RestClient(http::Client& http, StoreEndpoint endpoint, RetryPolicy retry,
                       std::shared_ptr<RequestWindow> window)
    : endpoint_(std::move(endpoint)),
      retry_(retry),
      platform_(http, "BigCommerce", endpoint_.store_hash),
      window_(std::move(window)) {}

json::value RestClient::get(const std::string& path, const Query& query) {
    return call("GET", path, query, {}, true);
}

json::value RestClient::put(const std::string& path, const json::value& body) {
    return call("PUT", path, {}, json::serialize(body), true);
}

json::value RestClient::post(const std::string& path, const json::value& body) {
    return call("POST", path, {}, json::serialize(body), false);
}

json::value RestClient::del(const std::string& path) {
    return call("DELETE", path, {}, {}, true);
}

json::value RestClient::call(const std::string& method, const std::string& path, const Query& query,
                             const std::string& body, bool idempotent) {
    boost::urls::url url(endpoint_.base_url + "/" + path);
    for (const auto& [k, v] : query)
        url.params().append({k, v});
    auto c = kit::json_call(method, std::string(url.buffer()), path,
                            {{"X-Auth-Token", endpoint_.access_token}}, body, retry_, idempotent);
    c.budget = window_.get();
    const auto answer = platform_.send(c);
    if (answer.status == 204)
        return nullptr;
    boost::system::error_code ec;
    auto parsed = json::parse(answer.body, ec);
    if (answer.status >= 200 && answer.status <= 299) {
        if (ec || (!parsed.is_object() && !parsed.is_array()))
            platform_.fail(kit::unusable_answer("BigCommerce", c.label, answer.status,
                                                "not a JSON object or array"),
                           c.label);
        return parsed;
    }
    const std::string said = ec ? std::string() : store_message(parsed);
    platform_.fail(kit::status_error("BigCommerce", c.label, answer.status, said), c.label);
}

}  // namespace sb::connectors::bigcommerce
