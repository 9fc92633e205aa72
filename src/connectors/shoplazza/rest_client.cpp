#include "connectors/shoplazza/rest_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/url.hpp>
#include <thread>

#include "connectors/common/json_util.hpp"
#include "connectors/common/retry.hpp"
#include "core/error.hpp"

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

json::object RestClient::get(const std::string& path, const Query& query) {
    return call("GET", path, query, {}, true);
}

json::object RestClient::put(const std::string& path, const json::object& body) {
    return call("PUT", path, {}, json::serialize(body), true);
}

json::object RestClient::post(const std::string& path, const json::object& body) {
    return call("POST", path, {}, json::serialize(body), false);
}

json::object RestClient::call(const std::string& method, const std::string& path,
                              const Query& query, const std::string& body, bool retry_transport) {
    boost::urls::url url(endpoint_.base_url);
    url.set_path("/openapi/" + endpoint_.api_version + "/" + path);
    for (const auto& [k, v] : query)
        url.params().append({k, v});
    http::ClientRequest req;
    req.method = method;
    req.url = std::string(url.buffer());
    req.headers = {{"Accept", "application/json"}, {"Access-Token", endpoint_.access_token}};
    if (!body.empty()) {
        req.headers.emplace_back("Content-Type", "application/json");
        req.body = body;
    }
    const std::string what = method + " " + path;
    int failures = 0, throttled = 0;
    for (;;) {
        http::ClientResponse res;
        try {
            res = http_.send(req);
        } catch (const http::ClientError& e) {
            if (!retry_transport || ++failures >= retry_.max_attempts) {
                throw ApiError(Errc::platform_timeout, "The store could not be reached",
                               "Shoplazza " + what +
                                   " failed: " + std::string(http::client_errc_name(e.code())));
            }
            std::this_thread::sleep_for(
                backoff_delay(failures - 1, retry_.base_delay, retry_.max_delay));
            continue;
        }
        if (res.status == 429) {
            if (++throttled > retry_.max_throttled) {
                throw ApiError(Errc::rate_limited, "The store keeps refusing calls (rate limit)",
                               "Shoplazza answered 429 " + std::to_string(throttled - 1) +
                                   " times in a row for " + what);
            }
            std::this_thread::sleep_for(
                retry_delay(res, std::chrono::milliseconds(250), retry_.max_delay, 1));
            continue;
        }
        if (res.status >= 500) {
            if (++failures >= retry_.max_attempts) {
                throw ApiError(
                    Errc::platform_error, "The store is not answering normally",
                    "Shoplazza answered HTTP " + std::to_string(res.status) + " for " + what);
            }
            std::this_thread::sleep_for(
                retry_delay(res, retry_.base_delay, retry_.max_delay, failures));
            continue;
        }
        throttled = 0;
        // One place left in the bucket: let it leak a little before the next call.
        if (auto left = res.header("X-RateLimit-Remaining"); left && *left == "0")
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
        boost::system::error_code ec;
        auto parsed = json::parse(res.body, ec);
        const std::string said = ec ? std::string() : store_message(parsed);
        if (res.status == 401 || res.status == 403) {
            throw ApiError(Errc::platform_auth_failed,
                           said == "store is not active" ? "The store is not active"
                                                         : "The store rejected the credentials",
                           "Shoplazza answered HTTP " + std::to_string(res.status) + " for " +
                               what + (said.empty() ? "" : ": " + said));
        }
        if (res.status == 404)
            throw ApiError(Errc::not_found, "Not found at the store", "Shoplazza: " + what);
        if (res.status == 400 || res.status == 422) {
            throw ApiError(Errc::validation_failed, "The store refused the request",
                           "Shoplazza answered: " + (said.empty() ? "Bad Request" : said));
        }
        if (ec || res.status < 200 || res.status >= 300 || !parsed.is_object()) {
            throw ApiError(
                Errc::platform_error, "The store answered something unusable",
                "Shoplazza answered HTTP " + std::to_string(res.status) + " for " + what);
        }
        return std::move(parsed.as_object());
    }
}

}  // namespace sb::connectors::shoplazza
