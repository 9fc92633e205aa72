#include "emulators/woocommerce/server/keys.hpp"

#include "crypto/crypto.hpp"

namespace sb::emulators::woocommerce {

KeyTable::KeyTable(ApiKey first) {
    first.id = next_id_++;
    keys_.push_back(std::move(first));
}

std::optional<ApiKey> KeyTable::find(std::string_view consumer_key) const {
    std::lock_guard lock(mu_);
    for (const auto& k : keys_) {
        if (crypto::constant_time_equal(k.consumer_key, consumer_key))
            return k;
    }
    return std::nullopt;
}

ApiKey KeyTable::create(std::string description, std::string permissions) {
    ApiKey k;
    k.consumer_key = "ck_" + crypto::hex_encode(crypto::random_bytes(20));
    k.consumer_secret = "cs_" + crypto::hex_encode(crypto::random_bytes(20));
    k.permissions = std::move(permissions);
    k.description = std::move(description);
    std::lock_guard lock(mu_);
    k.id = next_id_++;
    keys_.push_back(k);
    return k;
}

void KeyTable::remove(std::int64_t id) {
    std::lock_guard lock(mu_);
    std::erase_if(keys_, [id](const ApiKey& k) { return k.id == id; });
    nonces_.erase(id);
}

std::int64_t KeyTable::size() const {
    std::lock_guard lock(mu_);
    return static_cast<std::int64_t>(keys_.size());
}

bool KeyTable::use_nonce(std::int64_t key_id, const std::string& nonce, std::int64_t timestamp,
                         std::int64_t now_s) {
    std::lock_guard lock(mu_);
    auto& used = nonces_[key_id];
    std::erase_if(used, [now_s](const auto& e) { return e.second < now_s - k_oauth_window_s; });
    if (used.contains(nonce))
        return false;
    used.emplace(nonce, timestamp);
    return true;
}

}  // namespace sb::emulators::woocommerce
