#include "connectors/common/retry.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

namespace sb::connectors {

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap) {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    const double ceiling =
        std::min<double>(static_cast<double>(cap.count()),
                         static_cast<double>(base.count()) * std::pow(2.0, std::min(attempt, 30)));
    std::uniform_real_distribution<double> d(ceiling / 2, std::max(ceiling / 2, ceiling));
    return std::chrono::milliseconds(static_cast<std::int64_t>(d(rng)));
}

std::chrono::milliseconds retry_delay(const http::ClientResponse& res,
                                      std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                      int failures) {
    auto delay = backoff_delay(failures - 1, base, cap);
    if (auto ra = res.header("Retry-After")) {
        try {
            delay = std::max(delay, std::chrono::milliseconds(static_cast<std::int64_t>(
                                        std::stod(std::string(*ra)) * 1000)));
        } catch (const std::exception&) {
        }
    }
    return delay;
}

}  // namespace sb::connectors
