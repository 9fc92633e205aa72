#include "core/ids.hpp"

#include "crypto/crypto.hpp"

namespace sb {

std::string new_id(std::string_view prefix) {
    return std::string(prefix) + "_" + crypto::hex_encode(crypto::random_bytes(12));
}

}  // namespace sb
