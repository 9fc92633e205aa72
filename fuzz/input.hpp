#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

// What the targets share: a fuzz input as text, and its first line split off (seeds put a
// topic, a mode or a header there so they stay readable).
namespace sb::fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// "first\nrest" → {"first", "rest"}; no newline → {"", all}.
inline std::pair<std::string_view, std::string_view> first_line(std::string_view in) {
    const auto nl = in.find('\n');
    if (nl == std::string_view::npos)
        return {{}, in};
    return {in.substr(0, nl), in.substr(nl + 1)};
}

}  // namespace sb::fuzz
