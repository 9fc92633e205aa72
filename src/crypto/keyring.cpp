#include "crypto/keyring.hpp"

#include <stdexcept>

namespace sb::crypto {

Keyring::Keyring(std::vector<std::string> keys) : keys_(std::move(keys)) {
    if (keys_.empty())
        throw std::invalid_argument("a keyring needs at least one key");
    for (const auto& k : keys_) {
        boxes_.emplace_back(k);
        kids_.push_back(kid_of(k));
    }
}

std::string Keyring::kid_of(std::string_view key) {
    return hex_encode(sha256(key)).substr(0, 8);
}

std::string Keyring::seal(std::string_view plaintext, std::string_view aad) const {
    return kids_.front() + ":" + boxes_.front().seal(plaintext, aad);
}

std::string Keyring::open(std::string_view sealed, std::string_view aad) const {
    const auto colon = sealed.find(':');
    if (colon == std::string_view::npos)
        throw std::runtime_error("sealed secret has no key id");
    const auto kid = sealed.substr(0, colon);
    for (std::size_t i = 0; i < kids_.size(); ++i) {
        if (kids_[i] == kid)
            return boxes_[i].open(sealed.substr(colon + 1), aad);
    }
    throw std::runtime_error("sealed with a key that is not in the keyring: " + std::string(kid));
}

bool Keyring::sealed_with_active(std::string_view sealed) const {
    return sealed.substr(0, sealed.find(':')) == kids_.front();
}

std::string Keyring::derive(std::string_view purpose) const {
    return hmac_sha256(keys_.front(), purpose);
}

}  // namespace sb::crypto
