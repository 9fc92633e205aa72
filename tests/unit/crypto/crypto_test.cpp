#include <gtest/gtest.h>

#include "crypto/crypto.hpp"

namespace sb::crypto {

TEST(Crypto, Sha256KnownVector) {
    EXPECT_EQ(hex_encode(sha256("abc")),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, HmacKnownVectorRfc4231) {
    EXPECT_EQ(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Crypto, HmacSha1KnownVectorRfc2202) {
    EXPECT_EQ(hex_encode(hmac_sha1("Jefe", "what do ya want for nothing?")),
              "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(Crypto, PercentEncodeKeepsOnlyUnreserved) {
    EXPECT_EQ(percent_encode("AZaz09-._~"), "AZaz09-._~");
    EXPECT_EQ(percent_encode("a b+c/d=e&f*"), "a%20b%2Bc%2Fd%3De%26f%2A");
    EXPECT_EQ(percent_encode("\xc3\xa9"), "%C3%A9");  // UTF-8 bytes, upper-case hex
    EXPECT_EQ(percent_encode(""), "");
}

TEST(Crypto, ShopifyWebhookSignatureVector) {
    EXPECT_EQ(base64_encode(hmac_sha256("hush", R"({"id":1})")),
              "VnKUjZsLuN5iZWjn5EntcBVCF9kMN43LglzCE1/GSeY=");
}

TEST(Crypto, Base64RoundTripsAndRejectsGarbage) {
    std::string out;
    for (const std::string& s :
         std::vector<std::string>{"", "f", "fo", "foo", "foob", std::string("\0\xff\x10", 3)}) {
        ASSERT_TRUE(base64_decode(base64_encode(s), out));
        EXPECT_EQ(out, s);
        ASSERT_TRUE(base64url_decode(base64url_encode(s), out));
        EXPECT_EQ(out, s);
    }
    EXPECT_FALSE(base64_decode("abc", out));
    EXPECT_FALSE(base64_decode("ab!=", out));
    EXPECT_FALSE(base64url_decode("ab+c", out));
}

TEST(Crypto, SecretHashVerifiesOnlyTheSecret) {
    const auto h = hash_secret("s3cret", 1000);
    EXPECT_TRUE(h.starts_with("pbkdf2-sha256$1000$"));
    EXPECT_EQ(h.find("s3cret"), std::string::npos);
    EXPECT_TRUE(verify_secret("s3cret", h));
    EXPECT_FALSE(verify_secret("s3cret ", h));
    EXPECT_FALSE(verify_secret("", h));
    EXPECT_NE(hash_secret("s3cret", 1000), h);  // salted
    EXPECT_FALSE(verify_secret("s3cret", "pbkdf2-sha256$x$y$z"));
    EXPECT_FALSE(verify_secret("s3cret", "garbage"));
}

TEST(Crypto, SecretBoxRoundTripsAndDetectsTampering) {
    SecretBox box(std::string(32, 'k'));
    const auto sealed = box.seal("shpat_token", "integration:1");
    EXPECT_EQ(sealed.find("shpat_token"), std::string::npos);
    EXPECT_EQ(box.open(sealed, "integration:1"), "shpat_token");
    EXPECT_NE(box.seal("shpat_token", "integration:1"), sealed);  // random nonce
    EXPECT_THROW(box.open(sealed, "integration:2"), std::runtime_error);
    std::string tampered = sealed;
    tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
    EXPECT_THROW(box.open(tampered, "integration:1"), std::runtime_error);
    SecretBox other(std::string(32, 'o'));
    EXPECT_THROW(other.open(sealed, "integration:1"), std::runtime_error);
    EXPECT_THROW(SecretBox(std::string(16, 'k')), std::invalid_argument);
}

TEST(Crypto, ConstantTimeEqual) {
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

}  // namespace sb::crypto
