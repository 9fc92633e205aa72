#pragma once

#include <boost/json/object.hpp>
#include <string_view>

namespace sb::log {

// One JSON object per line on stderr: {"ts","level","event",...fields}. Callers never pass
// secrets; fields are written as given.
void write(std::string_view level, std::string_view event, boost::json::object fields = {});
inline void info(std::string_view event, boost::json::object fields = {}) {
    write("info", event, std::move(fields));
}
inline void warn(std::string_view event, boost::json::object fields = {}) {
    write("warn", event, std::move(fields));
}
inline void error(std::string_view event, boost::json::object fields = {}) {
    write("error", event, std::move(fields));
}

}  // namespace sb::log
