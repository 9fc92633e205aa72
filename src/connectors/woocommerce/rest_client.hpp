#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "connectors/kit/platform_client.hpp"
#include "connectors/woocommerce/oauth1.hpp"
#include "http/client.hpp"

// Calls to one WooCommerce site's REST API (wc/v3) through kit::PlatformClient, with the
// REST API key pair: HTTP Basic over HTTPS, OAuth 1.0a signatures over plain HTTP (where a
// site refuses Basic: the emulator, tests).
namespace sb::connectors::woocommerce {

// Where and as whom to call. The key pair never leaves this struct in a message or a log.
struct SiteEndpoint {
    std::string site_url;  // names the calls in errors and logs
    std::string api_base;  // ".../wp-json/wc/v3", where the calls go
    std::string consumer_key;
    std::string consumer_secret;
    // Empty: HTTP Basic. Set (api_base is http://): every call is signed with OAuth 1.0a
    // against this base instead, the API as the site names itself with the call's scheme
    // ("http://" + the site URL's host and path + "/wp-json/wc/v3"): WooCommerce checks the
    // signature against its own home URL, not the address the call reached.
    std::string oauth_base;
};

// A list page and what its headers say of the rest.
struct ListPage {
    boost::json::value items;  // an array (anything else reads as empty)
    std::optional<std::int64_t> total_pages;
    std::optional<std::int64_t> total;
};

// At most `limit` calls in flight to one site, whoever makes them: syncs, webhook fetches
// and actions share it (a merchant's own server, often small, is not Shopify). A kit::Budget,
// so a slot is held for one attempt and never during a retry's wait.
class SiteGate : public kit::Budget {
  public:
    explicit SiteGate(int limit);
    void acquire() override;
    kit::Verdict settle(const http::ClientResponse* answer) override;

  private:
    std::mutex mutex_;
    std::condition_variable freed_;
    const int limit_;
    int in_flight_ = 0;
};

// One SiteGate a site, by the site's normalized URL, for the connector's lifetime.
class SiteGates {
  public:
    explicit SiteGates(int limit) : limit_(limit) {}
    std::shared_ptr<SiteGate> gate(const std::string& site);

  private:
    std::mutex mutex_;
    const int limit_;
    std::map<std::string, std::shared_ptr<SiteGate>> gates_;
};

class RestClient {
  public:
    // `gate`: the site's limit on calls in flight (null: none). `timeout`: each write and
    // read of an attempt (nullopt: the http::Client's io_timeout).
    RestClient(http::Client& http, SiteEndpoint endpoint, kit::RetryPolicy retry,
               std::shared_ptr<SiteGate> gate = nullptr,
               std::optional<std::chrono::milliseconds> timeout = std::nullopt);

    // `path` is below the API base, e.g. "orders" or "products/10/variations". Throws ApiError:
    // the kit's codes (kit/platform_error.hpp), with WooCommerce's `code` and `message` in the
    // detail.
    boost::json::value get(const std::string& path, const Query& query = {});
    ListPage list(const std::string& path, const Query& query);
    boost::json::value put(const std::string& path, const boost::json::value& body);
    // Not idempotent: sent again only when the site cannot have received it.
    boost::json::value post(const std::string& path, const boost::json::value& body);
    boost::json::value del(const std::string& path, const Query& query = {});

  private:
    http::ClientResponse call(const std::string& method, const std::string& path,
                              const Query& query, const std::string& body, bool idempotent,
                              boost::json::value& out);

    SiteEndpoint endpoint_;
    kit::RetryPolicy retry_;
    std::shared_ptr<SiteGate> gate_;
    std::optional<std::chrono::milliseconds> timeout_;
    kit::PlatformClient platform_;
};

// WooCommerce's words in an error answer (`{code, message, data:{status}}`).
std::string site_message(const boost::json::value& body);

}  // namespace sb::connectors::woocommerce
