#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The site's REST API keys (WooCommerce's woocommerce_api_keys table): the pair the options
// name, and those the key grant (/wc-auth/v1) creates, each with its permissions and the
// OAuth 1.0a nonces it has used.
namespace sb::emulators::woocommerce {

struct ApiKey {
    std::int64_t id = 0;
    std::string consumer_key;
    std::string consumer_secret;
    std::string permissions;  // read, write or read_write
    std::string description;
};

// WooCommerce takes an OAuth 1.0a timestamp within 15 minutes of its clock, either way, and
// refuses a nonce the key used within the last 15 minutes.
constexpr std::int64_t k_oauth_window_s = 15 * 60;

class KeyTable {
  public:
    explicit KeyTable(ApiKey first);

    std::optional<ApiKey> find(std::string_view consumer_key) const;
    // A new pair, `ck_` / `cs_` and 40 random hex digits each, as WooCommerce makes them.
    ApiKey create(std::string description, std::string permissions);
    void remove(std::int64_t id);
    std::int64_t size() const;

    // False when the key used `nonce` within the window; otherwise remembers it (at
    // `timestamp`, the request's) and forgets the nonces that have left the window.
    bool use_nonce(std::int64_t key_id, const std::string& nonce, std::int64_t timestamp,
                   std::int64_t now_s);

  private:
    mutable std::mutex mu_;
    std::vector<ApiKey> keys_;
    std::map<std::int64_t, std::map<std::string, std::int64_t>> nonces_;  // key → nonce → ts
    std::int64_t next_id_ = 1;
};

}  // namespace sb::emulators::woocommerce
