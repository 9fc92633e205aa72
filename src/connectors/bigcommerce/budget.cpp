#include "connectors/bigcommerce/budget.hpp"

#include <algorithm>
#include <thread>

#include "connectors/kit/paging.hpp"
#include "core/time.hpp"

namespace sb::connectors::bigcommerce {

using std::chrono::milliseconds;

namespace {

std::optional<std::int64_t> count_header(const http::ClientResponse& answer,
                                         std::string_view name) {
    const auto v = answer.header(name);
    return v ? kit::header_count(*v) : std::nullopt;
}

}  // namespace

milliseconds RequestWindow::wait_locked(Clock::time_point now) const {
    if (!left_ || *left_ > 0 || now >= reset_at_)
        return milliseconds(0);
    return std::chrono::ceil<milliseconds>(reset_at_ - now);
}

milliseconds RequestWindow::wait_now() const {
    std::lock_guard lock(mutex_);
    return wait_locked(Clock::now());
}

void RequestWindow::acquire() {
    std::unique_lock lock(mutex_);
    for (;;) {
        const auto now = Clock::now();
        const auto wait = wait_locked(now);
        if (wait.count() == 0)
            break;
        lock.unlock();
        std::this_thread::sleep_for(wait);
        lock.lock();
    }
    if (left_ && Clock::now() >= reset_at_ && *left_ <= 0)
        left_.reset();  // a new window: the next answer says what it holds
    if (left_)
        --*left_;
}

kit::Verdict RequestWindow::settle(const http::ClientResponse* answer) {
    if (!answer)
        return kit::Verdict::answer;  // nothing was counted for a request that never arrived
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    const auto left = count_header(*answer, "X-Rate-Limit-Requests-Left");
    const auto reset = count_header(*answer, "X-Rate-Limit-Time-Reset-Ms");
    if (auto q = count_header(*answer, "X-Rate-Limit-Requests-Quota"))
        quota_ = *q;
    if (auto w = count_header(*answer, "X-Rate-Limit-Time-Window-Ms"))
        window_ms_ = *w;
    if (left && reset) {
        known_ = true;
        // Answers of one window arrive out of order: the lowest figure wins until it resets.
        const auto at = now + milliseconds(*reset);
        if (!left_ || now >= reset_at_ || *left < *left_)
            left_ = *left;
        reset_at_ = std::max(reset_at_, at);
    }
    if (answer->status == 429) {
        ++throttled_count_;
        last_throttled_at_ = now_ms();
        // Closed until the reset it names; without one (platform load, per BigCommerce), a
        // second: the client's backoff adds its own wait on top.
        left_ = 0;
        if (!reset) {
            std::int64_t retry_s = count_header(*answer, "X-Retry-After").value_or(1);
            reset_at_ =
                std::max(reset_at_, now + std::chrono::seconds(std::max<std::int64_t>(retry_s, 1)));
        }
        return kit::Verdict::throttled;
    }
    return kit::Verdict::answer;
}

WindowSnapshot RequestWindow::snapshot() const {
    std::lock_guard lock(mutex_);
    WindowSnapshot s;
    s.known = known_;
    s.quota = quota_;
    s.window_ms = window_ms_;
    const bool open = Clock::now() < reset_at_;
    s.left = left_ && open ? std::max<std::int64_t>(0, *left_) : quota_;
    s.throttled_count = throttled_count_;
    s.last_throttled_at = last_throttled_at_;
    return s;
}

std::shared_ptr<RequestWindow> WindowRegistry::for_store(const std::string& store_hash) {
    std::lock_guard lock(mutex_);
    auto& w = windows_[store_hash];
    if (!w)
        w = std::make_shared<RequestWindow>();
    return w;
}

std::optional<WindowSnapshot> WindowRegistry::snapshot(const std::string& store_hash) const {
    std::lock_guard lock(mutex_);
    auto it = windows_.find(store_hash);
    if (it == windows_.end())
        return std::nullopt;
    return it->second->snapshot();
}

}  // namespace sb::connectors::bigcommerce
