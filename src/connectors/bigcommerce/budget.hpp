#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "connectors/kit/platform_client.hpp"

// BigCommerce's API budget: a fixed window (30 s) of N requests per store, shared by every app
// and token of the store, told on every answer (X-Rate-Limit-Requests-Left,
// X-Rate-Limit-Time-Reset-Ms). One RequestWindow per store is shared by everything in this
// process that calls it (syncs, webhooks, actions), so concurrent callers wait for the next
// window together instead of each collecting 429s.
namespace sb::connectors::bigcommerce {

struct WindowSnapshot {
    bool known = false;  // false until the store has answered once
    std::int64_t quota = 0;
    std::int64_t left = 0;
    std::int64_t window_ms = 0;
    std::int64_t throttled_count = 0;
    std::optional<std::int64_t> last_throttled_at;  // epoch ms
};

class RequestWindow final : public kit::Budget {
  public:
    using Clock = std::chrono::steady_clock;

    // Waits for the next window when the last answer left nothing (or was a 429), and reserves
    // one request of what is left.
    void acquire() override;
    // Mirrors the answer's X-Rate-Limit-* headers; a 429 closes the window until its reset.
    kit::Verdict settle(const http::ClientResponse* answer) override;

    WindowSnapshot snapshot() const;
    // How long acquire() would wait now.
    std::chrono::milliseconds wait_now() const;

  private:
    std::chrono::milliseconds wait_locked(Clock::time_point now) const;

    mutable std::mutex mutex_;
    bool known_ = false;
    std::int64_t quota_ = 0;
    std::int64_t window_ms_ = 0;
    // Requests this process may still send in the current window: the store's last figure
    // less the calls sent since. Unknown (nullopt) until an answer says.
    std::optional<std::int64_t> left_;
    Clock::time_point reset_at_{};
    std::int64_t throttled_count_ = 0;
    std::optional<std::int64_t> last_throttled_at_;
};

// Windows by store hash. The connector owns one; nothing global.
class WindowRegistry {
  public:
    std::shared_ptr<RequestWindow> for_store(const std::string& store_hash);
    std::optional<WindowSnapshot> snapshot(const std::string& store_hash) const;

  private:
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<RequestWindow>, std::less<>> windows_;
};

}  // namespace sb::connectors::bigcommerce
