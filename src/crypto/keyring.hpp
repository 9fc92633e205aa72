#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crypto/crypto.hpp"

namespace sb::crypto {

// The master keys that seal secrets at rest. The first key seals; any key opens what it
// sealed, so a rotation can re-seal row by row while both keys are present.
// Sealed form: "<kid>:" + SecretBox form, kid = first 8 hex digits of SHA-256(key).
class Keyring {
  public:
    explicit Keyring(std::vector<std::string> keys);  // raw 32-byte keys, active first

    std::string seal(std::string_view plaintext, std::string_view aad) const;
    // Throws std::runtime_error for an unknown kid or a failed authentication.
    std::string open(std::string_view sealed, std::string_view aad) const;
    bool sealed_with_active(std::string_view sealed) const;

    const std::string& active_kid() const { return kids_.front(); }
    const std::vector<std::string>& keys() const { return keys_; }
    // A key derived for another purpose (e.g. signing pagination cursors).
    std::string derive(std::string_view purpose) const;

    static std::string kid_of(std::string_view key);

  private:
    std::vector<std::string> keys_;
    std::vector<std::string> kids_;
    std::vector<SecretBox> boxes_;
};

}  // namespace sb::crypto
