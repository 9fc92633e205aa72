#include "crypto/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>
#include <memory>
#include <stdexcept>
#include <vector>

namespace sb::crypto {

namespace {

const unsigned char* bytes(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string random_bytes(std::size_t n) {
    std::string out(n, '\0');
    if (n && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    return out;
}

std::string random_token(std::size_t n) {
    return base64url_encode(random_bytes(n));
}

std::string sha256(std::string_view data) {
    std::string out(32, '\0');
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &len,
                   EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("EVP_Digest failed");
    }
    return out;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
    std::string out(32, '\0');
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), bytes(data), data.size(),
              reinterpret_cast<unsigned char*>(out.data()), &len)) {
        throw std::runtime_error("HMAC failed");
    }
    return out;
}

std::string hmac_sha1(std::string_view key, std::string_view data) {
    std::string out(20, '\0');
    unsigned int len = 0;
    if (!HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), bytes(data), data.size(),
              reinterpret_cast<unsigned char*>(out.data()), &len)) {
        throw std::runtime_error("HMAC failed");
    }
    return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string hex_encode(std::string_view raw) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(raw.size() * 2);
    for (unsigned char c : raw) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

std::string percent_encode(std::string_view raw) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(raw.size());
    for (unsigned char c : raw) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~';
        if (unreserved) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(digits[c >> 4]);
            out.push_back(digits[c & 15]);
        }
    }
    return out;
}

std::string base64_encode(std::string_view raw) {
    std::string out(4 * ((raw.size() + 2) / 3), '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes(raw),
                                  static_cast<int>(raw.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string base64url_encode(std::string_view raw) {
    std::string out = base64_encode(raw);
    while (!out.empty() && out.back() == '=')
        out.pop_back();
    for (auto& c : out) {
        if (c == '+')
            c = '-';
        else if (c == '/')
            c = '_';
    }
    return out;
}

bool base64_decode(std::string_view text, std::string& out) {
    if (text.size() % 4 != 0)
        return false;
    for (char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
        if (!ok)
            return false;
    }
    out.assign(3 * text.size() / 4, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes(text),
                                  static_cast<int>(text.size()));
    if (n < 0)
        return false;
    std::size_t pad = 0;
    if (!text.empty() && text.back() == '=')
        ++pad;
    if (text.size() > 1 && text[text.size() - 2] == '=')
        ++pad;
    out.resize(static_cast<std::size_t>(n) - pad);
    return true;
}

bool base64url_decode(std::string_view text, std::string& out) {
    std::string std_form(text);
    for (auto& c : std_form) {
        if (c == '-')
            c = '+';
        else if (c == '_')
            c = '/';
        else if (c == '+' || c == '/' || c == '=')
            return false;
    }
    while (std_form.size() % 4 != 0)
        std_form.push_back('=');
    return base64_decode(std_form, out);
}

std::string hash_secret(std::string_view secret, int iterations) {
    const std::string salt = random_bytes(16);
    std::string dk(32, '\0');
    if (PKCS5_PBKDF2_HMAC(secret.data(), static_cast<int>(secret.size()), bytes(salt),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(),
                          static_cast<int>(dk.size()),
                          reinterpret_cast<unsigned char*>(dk.data())) != 1) {
        throw std::runtime_error("PBKDF2 failed");
    }
    return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + base64url_encode(salt) + "$" +
           base64url_encode(dk);
}

bool verify_secret(std::string_view secret, std::string_view stored) {
    std::vector<std::string_view> parts;
    while (true) {
        auto pos = stored.find('$');
        parts.push_back(stored.substr(0, pos));
        if (pos == std::string_view::npos)
            break;
        stored.remove_prefix(pos + 1);
    }
    if (parts.size() != 4 || parts[0] != "pbkdf2-sha256")
        return false;
    int iterations = 0;
    auto [p, ec] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations);
    if (ec != std::errc{} || iterations < 1 || iterations > 10'000'000)
        return false;
    std::string salt, expected;
    if (!base64url_decode(parts[2], salt) || !base64url_decode(parts[3], expected))
        return false;
    std::string dk(expected.size(), '\0');
    if (dk.empty() || PKCS5_PBKDF2_HMAC(secret.data(), static_cast<int>(secret.size()), bytes(salt),
                                        static_cast<int>(salt.size()), iterations, EVP_sha256(),
                                        static_cast<int>(dk.size()),
                                        reinterpret_cast<unsigned char*>(dk.data())) != 1) {
        return false;
    }
    return constant_time_equal(dk, expected);
}

namespace {

struct CtxFree {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;
constexpr std::size_t k_nonce = 12;
constexpr std::size_t k_tag = 16;

}  // namespace

SecretBox::SecretBox(std::string key) : key_(std::move(key)) {
    if (key_.size() != 32)
        throw std::invalid_argument("SecretBox key must be 32 bytes");
}

std::string SecretBox::seal(std::string_view plaintext, std::string_view aad) const {
    const std::string nonce = random_bytes(k_nonce);
    Ctx ctx(EVP_CIPHER_CTX_new());
    std::string ct(plaintext.size(), '\0');
    std::string tag(k_tag, '\0');
    int len = 0;
    if (!ctx ||
        EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) != 1 ||
        (!aad.empty() && EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad),
                                           static_cast<int>(aad.size())) != 1) ||
        EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(ct.data()), &len,
                          bytes(plaintext), static_cast<int>(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(ct.data()) + len, &len) !=
            1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(k_tag), tag.data()) !=
            1) {
        throw std::runtime_error("AES-GCM encryption failed");
    }
    return "v1." + base64url_encode(nonce + ct + tag);
}

std::string SecretBox::open(std::string_view sealed, std::string_view aad) const {
    std::string raw;
    if (sealed.substr(0, 3) != "v1." || !base64url_decode(sealed.substr(3), raw) ||
        raw.size() < k_nonce + k_tag) {
        throw std::runtime_error("sealed secret is malformed");
    }
    const std::string_view all(raw);
    const auto nonce = all.substr(0, k_nonce);
    const auto ct = all.substr(k_nonce, all.size() - k_nonce - k_tag);
    std::string tag(all.substr(all.size() - k_tag));
    Ctx ctx(EVP_CIPHER_CTX_new());
    std::string pt(ct.size(), '\0');
    int len = 0;
    if (!ctx ||
        EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) != 1 ||
        (!aad.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad),
                                           static_cast<int>(aad.size())) != 1) ||
        EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(pt.data()), &len, bytes(ct),
                          static_cast<int>(ct.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(k_tag), tag.data()) !=
            1 ||
        EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(pt.data()) + len, &len) !=
            1) {
        throw std::runtime_error("sealed secret failed authentication");
    }
    return pt;
}

std::string standard_webhook_signature(std::string_view secret, std::string_view id,
                                       std::string_view timestamp, std::string_view body) {
    if (secret.starts_with("whsec_"))
        secret.remove_prefix(6);
    std::string key;
    if (secret.empty() || !base64_decode(secret, key) || key.empty())
        return {};
    std::string message;
    message.reserve(id.size() + timestamp.size() + body.size() + 2);
    message.append(id).append(".").append(timestamp).append(".").append(body);
    return base64_encode(hmac_sha256(key, message));
}

}  // namespace sb::crypto
