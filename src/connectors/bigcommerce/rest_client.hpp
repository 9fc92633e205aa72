#pragma once

#include <boost/json/value.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "connectors/bigcommerce/budget.hpp"
#include "connectors/kit/platform_client.hpp"
#include "http/client.hpp"

// Calls to one BigCommerce store's REST Management API (v2 and v3, `X-Auth-Token`) through
// kit::PlatformClient, within the store's shared request window.
namespace sb::connectors::bigcommerce {

// The kit's policy with patience for BigCommerce's window: a spent window refuses until it
// resets (up to 30 s), so up to 60 429s in a row are waited out before rate_limited.
struct RetryPolicy : kit::RetryPolicy {
    RetryPolicy() { max_throttled = 60; }
};

// Where and as whom to call. The token never leaves this struct in a message or a log.
struct StoreEndpoint {
    std::string store_hash;
    std::string base_url;  // ".../stores/{store_hash}"
    std::string access_token;
};

using Query = std::vector<std::pair<std::string, std::string>>;

class RestClient {
  public:
    RestClient(http::Client& http, StoreEndpoint endpoint, RetryPolicy retry,
               std::shared_ptr<RequestWindow> window);

    // `path` is below the store's base, e.g. "v2/orders" or "v3/catalog/products". A 204 (v2's
    // empty list) reads as null. Throws ApiError: the kit's codes (kit/platform_error.hpp), with
    // the store's own words (v2 `[{status, message}]`, v3 `{title, errors}`) in the detail.
    boost::json::value get(const std::string& path, const Query& query = {});
    boost::json::value put(const std::string& path, const boost::json::value& body);
    // Not idempotent: sent again only when the store cannot have received it.
    boost::json::value post(const std::string& path, const boost::json::value& body);
    boost::json::value del(const std::string& path);

  private:
    boost::json::value call(const std::string& method, const std::string& path, const Query& query,
                            const std::string& body, bool idempotent);

    StoreEndpoint endpoint_;
    RetryPolicy retry_;
    kit::PlatformClient platform_;
    std::shared_ptr<RequestWindow> window_;
};

// The store's words in an error answer: v2's `[{"status","message"}]`, v3's `{title, errors}`.
std::string store_message(const boost::json::value& body);

}  // namespace sb::connectors::bigcommerce
