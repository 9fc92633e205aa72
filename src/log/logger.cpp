#include "log/logger.hpp"

#include <boost/json/serialize.hpp>
#include <cstdio>
#include <mutex>

#include "core/time.hpp"

namespace sb::log {

void write(std::string_view level, std::string_view event, boost::json::object fields) {
    boost::json::object line;
    line.reserve(fields.size() + 3);
    line["ts"] = format_time(now_ms());
    line["level"] = level;
    line["event"] = event;
    for (auto& kv : fields)
        line[kv.key()] = std::move(kv.value());
    std::string text = boost::json::serialize(line);
    text.push_back('\n');
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

}  // namespace sb::log
