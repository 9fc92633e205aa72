#include "core/ids.hpp"

#include <chrono>
#include <cstdint>

#include "crypto/crypto.hpp"

namespace sb {

std::string new_id(std::string_view prefix) {
    return std::string(prefix) + "_" + crypto::hex_encode(crypto::random_bytes(12));
}

std::string new_time_ordered_id(std::string_view prefix) {
    auto ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count());
    std::string time(6, '\0');
    for (int i = 5; i >= 0; --i, ms >>= 8)
        time[static_cast<std::size_t>(i)] = static_cast<char>(ms & 0xff);
    return std::string(prefix) + "_" + crypto::hex_encode(time + crypto::random_bytes(6));
}

}  // namespace sb
