#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

// A request leaky bucket: each request adds one, the bucket leaks at a fixed rate, and a
// request that would overflow it is refused (Shopify REST, Shoplazza OpenAPI).
namespace sb::emulators::common {

class RequestBucket {
  public:
    RequestBucket(double size, double leak_rate);
    struct Status {
        bool ok = false;
        int used = 0;
        int size = 0;
        double retry_after_s = 0;  // when refused: until one request fits again
    };
    Status try_take();
    void fill();

  private:
    void leak();
    std::mutex mutex_;
    double size_, rate_, used_ = 0;
    std::chrono::steady_clock::time_point last_;
};

// One request bucket per key (an access token, a client), made on first use.
class RequestBuckets {
  public:
    RequestBuckets(double size, double leak_rate) : size_(size), rate_(leak_rate) {}
    RequestBucket::Status take(const std::string& key);
    double size() const { return size_; }
    double leak_rate() const { return rate_; }

  private:
    double size_, rate_;
    std::mutex mutex_;
    std::map<std::string, std::unique_ptr<RequestBucket>> buckets_;
};

}  // namespace sb::emulators::common
