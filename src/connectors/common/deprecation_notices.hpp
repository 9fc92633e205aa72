#pragma once

#include <cstddef>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

namespace sb::http {
class Metrics;
}

// What a platform says in its response headers about a deprecated API use (Shopify:
// X-Shopify-API-Deprecated-Reason). Every such response is counted in /metrics
// (storebridge_platform_deprecation_notices_total{connector}); each distinct reason is logged
// once per request that drew it, at warning level, so an operator learns what to upgrade
// without a line per call. (Shopify's reason is mostly the one link to its versioning page:
// the request is what tells which call to change.)
namespace sb::connectors {

class DeprecationNotices {
  public:
    // Distinct (reason, request) pairs remembered (and so logged); later new ones are only
    // counted.
    static constexpr std::size_t k_max_remembered = 64;

    // `metrics` may be null (no /metrics: tools, tests); it must outlive this object.
    DeprecationNotices(std::string connector, http::Metrics* metrics);
    DeprecationNotices(const DeprecationNotices&) = delete;
    DeprecationNotices& operator=(const DeprecationNotices&) = delete;

    // One response carried `reason`. `api_version` and `request` (a path without its query,
    // a GraphQL operation name: never a token or a parameter value) go into the log line.
    // Thread-safe.
    void note(std::string_view reason, std::string_view api_version, std::string_view request);

  private:
    std::string connector_;
    http::Metrics* metrics_;
    std::mutex mutex_;
    std::set<std::string, std::less<>> logged_;
    bool overflow_logged_ = false;
};

}  // namespace sb::connectors
