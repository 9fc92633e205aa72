#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// Every hash, MAC, KDF and cipher goes through OpenSSL; this is the only door to it.
namespace sb::crypto {

std::string random_bytes(std::size_t n);
// Random token safe for URLs and headers: base64url of `bytes` random bytes.
std::string random_token(std::size_t bytes = 32);

std::string sha256(std::string_view data);                             // raw 32 bytes
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes
// Raw 20 bytes. Only where a platform still signs with it (WooCommerce's OAuth 1.0a accepts
// HMAC-SHA1 besides HMAC-SHA256): never for the hub's own secrets.
std::string hmac_sha1(std::string_view key, std::string_view data);
bool constant_time_equal(std::string_view a, std::string_view b);

std::string hex_encode(std::string_view raw);
std::string base64_encode(std::string_view raw);
std::string base64url_encode(std::string_view raw);  // no padding
// RFC 3986 percent-encoding: the unreserved characters (ALPHA, DIGIT, "-", ".", "_", "~")
// kept, every other byte %XX with upper-case hex. OAuth 1.0a signs text encoded so (RFC 5849
// section 3.6), which is why it lives beside the MACs.
std::string percent_encode(std::string_view raw);
// Returns false on malformed input.
bool base64_decode(std::string_view text, std::string& out);
bool base64url_decode(std::string_view text, std::string& out);

// Standard Webhooks (standardwebhooks.com) v1: base64 HMAC-SHA256 of "id.timestamp.body",
// keyed by the secret's key (`whsec_<base64 key>`; the prefix may be left off). Empty when
// the secret does not decode to a key.
std::string standard_webhook_signature(std::string_view secret, std::string_view id,
                                       std::string_view timestamp, std::string_view body);

// Salted slow hash for client secrets: "pbkdf2-sha256$<iterations>$<salt>$<hash>".
std::string hash_secret(std::string_view secret, int iterations = 210'000);
bool verify_secret(std::string_view secret, std::string_view stored);

// AES-256-GCM with a random 96-bit nonce. The sealed form is "v1." + base64url(nonce|ct|tag);
// `aad` binds the ciphertext to its context (e.g. the row it belongs to).
class SecretBox {
  public:
    explicit SecretBox(std::string key);  // 32 raw bytes
    std::string seal(std::string_view plaintext, std::string_view aad = {}) const;
    // Throws std::runtime_error when the sealed text was tampered with or the key is wrong.
    std::string open(std::string_view sealed, std::string_view aad = {}) const;

  private:
    std::string key_;
};

}  // namespace sb::crypto
