#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace sb::sync {

// A thread that runs `step` until stopped: again at once while `step` says there is more
// work, otherwise after `poll` or as soon as someone calls wake().
class BackgroundLoop {
  public:
    BackgroundLoop(std::chrono::milliseconds poll, std::function<bool()> step)
        : poll_(poll), step_(std::move(step)) {}
    ~BackgroundLoop() { stop(); }
    BackgroundLoop(const BackgroundLoop&) = delete;
    BackgroundLoop& operator=(const BackgroundLoop&) = delete;

    void start() {
        if (thread_.joinable())
            return;
        stopping_ = false;
        thread_ = std::thread([this] { run(); });
    }
    void stop() {
        stopping_ = true;
        wake();
        if (thread_.joinable())
            thread_.join();
    }
    void wake() {
        {
            std::lock_guard lock(mutex_);
            ++generation_;
        }
        cv_.notify_all();
    }
    bool stopping() const { return stopping_; }

  private:
    void run() {
        while (!stopping_) {
            std::uint64_t seen = 0;
            {
                std::lock_guard lock(mutex_);
                seen = generation_;
            }
            if (step_())
                continue;
            std::unique_lock lock(mutex_);
            cv_.wait_for(lock, poll_, [&] { return stopping_.load() || generation_ != seen; });
        }
    }

    std::chrono::milliseconds poll_;
    std::function<bool()> step_;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable cv_;
    std::uint64_t generation_ = 0;
};

}  // namespace sb::sync
