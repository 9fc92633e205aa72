#include "connectors/common/deprecation_notices.hpp"

#include "http/metrics.hpp"
#include "log/logger.hpp"

namespace sb::connectors {

namespace {

constexpr std::size_t k_max_reason = 512;

// The reason as a log field: bounded, printable, one line.
std::string clean(std::string_view text) {
    std::string out;
    for (char c : text.substr(0, k_max_reason))
        out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
    return out;
}

}  // namespace

DeprecationNotices::DeprecationNotices(std::string connector, http::Metrics* metrics)
    : connector_(std::move(connector)), metrics_(metrics) {
    // The series exists from the start, so a rate over it is defined before the first notice.
    if (metrics_)
        metrics_->count(http::k_platform_deprecation_notices, {{"connector", connector_}}, 0);
}

void DeprecationNotices::note(std::string_view reason, std::string_view api_version,
                              std::string_view request) {
    if (metrics_)
        metrics_->count(http::k_platform_deprecation_notices, {{"connector", connector_}});
    const std::string text = clean(reason);
    const std::string key = text + '\n' + std::string(request);
    bool first = false;
    bool overflow = false;
    {
        std::lock_guard lock(mutex_);
        if (logged_.find(key) == logged_.end()) {
            if (logged_.size() < k_max_remembered) {
                logged_.insert(key);
                first = true;
            } else if (!overflow_logged_) {
                overflow_logged_ = true;
                overflow = true;
            }
        }
    }
    if (first) {
        log::warn("platform_deprecation_notice", {{"connector", connector_},
                                                  {"reason", text},
                                                  {"api_version", api_version},
                                                  {"request", request}});
    } else if (overflow) {
        log::warn("platform_deprecation_notices_not_logged",
                  {{"connector", connector_},
                   {"remembered", k_max_remembered},
                   {"detail", "further distinct reasons are counted in /metrics, not logged"}});
    }
}

}  // namespace sb::connectors
