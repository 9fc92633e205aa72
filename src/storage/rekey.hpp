#pragma once

#include <cstdint>

#include "crypto/keyring.hpp"
#include "storage/sql.hpp"

namespace sb::storage {

// Re-seals every secret at rest with the keyring's active key, in one transaction.
// Returns how many values were re-sealed.
std::int64_t reseal_secrets(sql::Database& db, const crypto::Keyring& keys);

}  // namespace sb::storage
