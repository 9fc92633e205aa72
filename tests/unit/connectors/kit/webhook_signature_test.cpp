#include "connectors/kit/webhook_signature.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdio>
#include <string>
#include <vector>

namespace sb::connectors::kit {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

// The expected signatures are made here with OpenSSL itself, not with the project's helpers
// the code under test uses.
std::string openssl_hmac(const std::string& key, const std::string& data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
    return std::string(reinterpret_cast<const char*>(out), len);
}

std::string to_hex(const std::string& raw) {
    std::string out;
    char byte[3];
    for (unsigned char c : raw) {
        std::snprintf(byte, sizeof byte, "%02x", c);
        out += byte;
    }
    return out;
}

std::string to_base64(const std::string& raw) {
    std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(raw.data()),
                                  static_cast<int>(raw.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string upper(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

Clock::time_point at(std::int64_t unix_seconds) {
    return Clock::time_point{std::chrono::seconds{unix_seconds}};
}

// ---- HMAC-SHA256 of the body ----

TEST(BodyHmac, MatchesTheRfc4231Vector) {
    // RFC 4231, test case 2.
    const std::string hex = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    EXPECT_TRUE(verify_hmac_sha256("what do ya want for nothing?", hex, "Jefe", Encoding::hex));
    EXPECT_TRUE(
        verify_hmac_sha256("what do ya want for nothing?", upper(hex), "Jefe", Encoding::hex));
    EXPECT_FALSE(verify_hmac_sha256("what do ya want for nothing!", hex, "Jefe", Encoding::hex));
}

TEST(BodyHmac, Base64AsShopifyAndShoplazzaSendIt) {
    const std::string body = R"({"id":820982911946154508,"email":"jon@example.com"})";
    const std::string sig = to_base64(openssl_hmac("app-secret", body));
    EXPECT_TRUE(verify_hmac_sha256(body, sig, "app-secret", Encoding::base64));
    EXPECT_FALSE(verify_hmac_sha256(body, sig, "other-secret", Encoding::base64));
    EXPECT_FALSE(verify_hmac_sha256(body + " ", sig, "app-secret", Encoding::base64));
    EXPECT_FALSE(verify_hmac_sha256(body, sig, "", Encoding::base64));
    EXPECT_FALSE(verify_hmac_sha256(body, "", "app-secret", Encoding::base64));
    EXPECT_FALSE(verify_hmac_sha256(body, "not base64!", "app-secret", Encoding::base64));
    // The right MAC in the other encoding is refused.
    EXPECT_FALSE(verify_hmac_sha256(body, to_hex(openssl_hmac("app-secret", body)), "app-secret",
                                    Encoding::base64));
}

TEST(BodyHmac, HexInEitherCase) {
    const std::string body = R"({"scope":"store/order/created","data":{"id":250}})";
    const std::string sig = to_hex(openssl_hmac("client-secret", body));
    EXPECT_TRUE(verify_hmac_sha256(body, sig, "client-secret", Encoding::hex));
    EXPECT_TRUE(verify_hmac_sha256(body, upper(sig), "client-secret", Encoding::hex));
    EXPECT_FALSE(verify_hmac_sha256(body, sig.substr(0, 62), "client-secret", Encoding::hex));
    EXPECT_FALSE(verify_hmac_sha256(body, sig, "client-secre", Encoding::hex));
    EXPECT_FALSE(verify_hmac_sha256(body, to_base64(openssl_hmac("client-secret", body)),
                                    "client-secret", Encoding::hex));
}

TEST(BodyHmac, AnEmptyBodyIsSignedLikeAnyOther) {
    const std::string sig = to_base64(openssl_hmac("s", ""));
    EXPECT_TRUE(verify_hmac_sha256("", sig, "s", Encoding::base64));
    EXPECT_FALSE(verify_hmac_sha256("{}", sig, "s", Encoding::base64));
}

// ---- Standard Webhooks ----

// The test vector of the Standard Webhooks reference libraries.
constexpr std::string_view k_sw_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr std::string_view k_sw_id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::string_view k_sw_timestamp = "1614265330";
constexpr std::int64_t k_sw_time = 1614265330;
constexpr std::string_view k_sw_body = R"({"test": 2432232314})";
constexpr std::string_view k_sw_signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

StandardWebhookHeaders sw_headers(std::string_view signature) {
    return {k_sw_id, k_sw_timestamp, signature};
}

TEST(StandardWebhooks, TheReferenceVectorAgreesWithOpenSsl) {
    std::string key;
    const std::string b64 = std::string(k_sw_secret.substr(6));
    key.resize(b64.size());
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(key.data()),
                                  reinterpret_cast<const unsigned char*>(b64.data()),
                                  static_cast<int>(b64.size()));
    ASSERT_EQ(n, 24);  // 32 characters without padding
    key.resize(24);
    const std::string message =
        std::string(k_sw_id) + "." + std::string(k_sw_timestamp) + "." + std::string(k_sw_body);
    EXPECT_EQ("v1," + to_base64(openssl_hmac(key, message)), k_sw_signature);
}

TEST(StandardWebhooks, AcceptsTheReferenceVector) {
    EXPECT_EQ(
        verify_standard_webhook(sw_headers(k_sw_signature), k_sw_body, k_sw_secret, at(k_sw_time)),
        SignatureCheck::valid);
    // The whsec_ prefix may be left off.
    EXPECT_EQ(verify_standard_webhook(sw_headers(k_sw_signature), k_sw_body, k_sw_secret.substr(6),
                                      at(k_sw_time)),
              SignatureCheck::valid);
}

TEST(StandardWebhooks, AnyOfSeveralSignaturesMayMatch) {
    const std::string several = "v1,bm9wZQ== v1a,aW5hc3ltbWV0cmlj " + std::string(k_sw_signature);
    EXPECT_EQ(verify_standard_webhook(sw_headers(several), k_sw_body, k_sw_secret, at(k_sw_time)),
              SignatureCheck::valid);
    // An asymmetric entry with the right bytes is not a v1 signature.
    const std::string v1a = "v1a," + std::string(k_sw_signature.substr(3));
    EXPECT_EQ(verify_standard_webhook(sw_headers(v1a), k_sw_body, k_sw_secret, at(k_sw_time)),
              SignatureCheck::mismatch);
}

TEST(StandardWebhooks, RefusesAnotherBodyIdOrSecret) {
    EXPECT_EQ(verify_standard_webhook(sw_headers(k_sw_signature), R"({"test": 2432232315})",
                                      k_sw_secret, at(k_sw_time)),
              SignatureCheck::mismatch);
    EXPECT_EQ(verify_standard_webhook({"msg_other", k_sw_timestamp, k_sw_signature}, k_sw_body,
                                      k_sw_secret, at(k_sw_time)),
              SignatureCheck::mismatch);
    EXPECT_EQ(
        verify_standard_webhook(sw_headers(k_sw_signature), k_sw_body,
                                "whsec_" + to_base64("another key of 24 bytes!"), at(k_sw_time)),
        SignatureCheck::mismatch);
    EXPECT_EQ(
        verify_standard_webhook(sw_headers(k_sw_signature), k_sw_body, "whsec_", at(k_sw_time)),
        SignatureCheck::mismatch);
    EXPECT_EQ(verify_standard_webhook(sw_headers(k_sw_signature), k_sw_body, "whsec_not*base64",
                                      at(k_sw_time)),
              SignatureCheck::mismatch);
}

TEST(StandardWebhooks, RefusesATimestampOutsideTheTolerance) {
    const auto check = [&](std::int64_t now, std::chrono::seconds tolerance) {
        return verify_standard_webhook(sw_headers(k_sw_signature), k_sw_body, k_sw_secret, at(now),
                                       tolerance);
    };
    EXPECT_EQ(check(k_sw_time + 300, 300s), SignatureCheck::valid);
    EXPECT_EQ(check(k_sw_time - 300, 300s), SignatureCheck::valid);
    EXPECT_EQ(check(k_sw_time + 301, 300s), SignatureCheck::stale);
    EXPECT_EQ(check(k_sw_time - 301, 300s), SignatureCheck::stale);
    EXPECT_EQ(check(k_sw_time + 61, 60s), SignatureCheck::stale);
    // The default is five minutes.
    EXPECT_EQ(verify_standard_webhook(sw_headers(k_sw_signature), k_sw_body, k_sw_secret,
                                      at(k_sw_time + 301)),
              SignatureCheck::stale);
}

TEST(StandardWebhooks, MissingAndMalformedHeaders) {
    const auto now = at(k_sw_time);
    EXPECT_EQ(
        verify_standard_webhook({"", k_sw_timestamp, k_sw_signature}, k_sw_body, k_sw_secret, now),
        SignatureCheck::missing);
    EXPECT_EQ(verify_standard_webhook({k_sw_id, "", k_sw_signature}, k_sw_body, k_sw_secret, now),
              SignatureCheck::missing);
    EXPECT_EQ(verify_standard_webhook(sw_headers(" "), k_sw_body, k_sw_secret, now),
              SignatureCheck::missing);
    for (std::string_view ts :
         {"1614265330.0", "+1614265330", "-5", "soon", "99999999999999999999"})
        EXPECT_EQ(
            verify_standard_webhook({k_sw_id, ts, k_sw_signature}, k_sw_body, k_sw_secret, now),
            SignatureCheck::malformed)
            << ts;
    EXPECT_EQ(verify_standard_webhook(sw_headers("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
                                      k_sw_body, k_sw_secret, now),
              SignatureCheck::mismatch);
}

// ---- Stripe ----

constexpr std::string_view k_stripe_secret = "whsec_stripe_endpoint_secret";
constexpr std::int64_t k_t = 1700000000;

std::string stripe_v1(std::string_view secret, std::int64_t t, std::string_view body) {
    return to_hex(openssl_hmac(std::string(secret), std::to_string(t) + "." + std::string(body)));
}

TEST(StripeSignature, AcceptsAnyOfSeveralV1) {
    const std::string body = R"({"id":"evt_1","object":"event","type":"payment_intent.succeeded"})";
    const std::string good = stripe_v1(k_stripe_secret, k_t, body);
    const std::string old = stripe_v1("whsec_rotated_out", k_t, body);
    const std::string t = "t=" + std::to_string(k_t);
    EXPECT_EQ(verify_stripe_signature(t + ",v1=" + good, body, k_stripe_secret, at(k_t)),
              SignatureCheck::valid);
    EXPECT_EQ(
        verify_stripe_signature(t + ",v1=" + old + ",v1=" + good, body, k_stripe_secret, at(k_t)),
        SignatureCheck::valid);
    EXPECT_EQ(verify_stripe_signature(t + ",v1=" + old, body, k_stripe_secret, at(k_t)),
              SignatureCheck::mismatch);
    // Unknown schemes and stray spaces are passed over; the order of the items does not matter.
    EXPECT_EQ(verify_stripe_signature("v0=" + old + ", v1=" + good + " , " + t + ",scheme=x", body,
                                      k_stripe_secret, at(k_t)),
              SignatureCheck::valid);
    EXPECT_EQ(verify_stripe_signature(t + ",v1=" + upper(good), body, k_stripe_secret, at(k_t)),
              SignatureCheck::valid);
}

TEST(StripeSignature, RefusesAWrongSecretOrBody) {
    const std::string body = R"({"id":"evt_2"})";
    const std::string header = "t=" + std::to_string(k_t) + ",v1=" + stripe_v1("other", k_t, body);
    EXPECT_EQ(verify_stripe_signature(header, body, k_stripe_secret, at(k_t)),
              SignatureCheck::mismatch);
    EXPECT_EQ(verify_stripe_signature(header, body, "other", at(k_t)), SignatureCheck::valid);
    EXPECT_EQ(verify_stripe_signature(header, R"({"id":"evt_3"})", "other", at(k_t)),
              SignatureCheck::mismatch);
    EXPECT_EQ(verify_stripe_signature(header, body, "", at(k_t)), SignatureCheck::mismatch);
    // The signed timestamp is part of the message: another t with the same v1 fails.
    const std::string moved =
        "t=" + std::to_string(k_t + 1) + ",v1=" + stripe_v1("other", k_t, body);
    EXPECT_EQ(verify_stripe_signature(moved, body, "other", at(k_t)), SignatureCheck::mismatch);
}

TEST(StripeSignature, RefusesExpiredAndFutureTimestamps) {
    const std::string body = R"({"id":"evt_4"})";
    const std::string header =
        "t=" + std::to_string(k_t) + ",v1=" + stripe_v1(k_stripe_secret, k_t, body);
    EXPECT_EQ(verify_stripe_signature(header, body, k_stripe_secret, at(k_t + 300)),
              SignatureCheck::valid);
    EXPECT_EQ(verify_stripe_signature(header, body, k_stripe_secret, at(k_t + 301)),
              SignatureCheck::stale);
    EXPECT_EQ(verify_stripe_signature(header, body, k_stripe_secret, at(k_t - 301)),
              SignatureCheck::stale);
    EXPECT_EQ(verify_stripe_signature(header, body, k_stripe_secret, at(k_t + 3600), 3600s),
              SignatureCheck::valid);
    EXPECT_EQ(verify_stripe_signature(header, body, k_stripe_secret, at(k_t + 11), 10s),
              SignatureCheck::stale);
}

TEST(StripeSignature, MalformedAndMissingHeaders) {
    const std::string body = R"({"id":"evt_5"})";
    const std::string v1 = stripe_v1(k_stripe_secret, k_t, body);
    const std::string t = "t=" + std::to_string(k_t);
    EXPECT_EQ(verify_stripe_signature("", body, k_stripe_secret, at(k_t)), SignatureCheck::missing);
    EXPECT_EQ(verify_stripe_signature("  ", body, k_stripe_secret, at(k_t)),
              SignatureCheck::missing);
    for (const std::string& header : std::vector<std::string>{
             "v1=" + v1, t, t + ",v0=" + v1, t + ",v1=", "garbage", "t=abc,v1=" + v1, "t=,v1=" + v1,
             t + "," + t + ",v1=" + v1, "t = " + std::to_string(k_t) + ",v1" + v1})
        EXPECT_EQ(verify_stripe_signature(header, body, k_stripe_secret, at(k_t)),
                  SignatureCheck::malformed)
            << header;
}

TEST(StripeSignature, AnEmptyBodyIsSigned) {
    const std::string header =
        "t=" + std::to_string(k_t) + ",v1=" + stripe_v1(k_stripe_secret, k_t, "");
    EXPECT_EQ(verify_stripe_signature(header, "", k_stripe_secret, at(k_t)), SignatureCheck::valid);
    EXPECT_EQ(verify_stripe_signature(header, "{}", k_stripe_secret, at(k_t)),
              SignatureCheck::mismatch);
}

}  // namespace
}  // namespace sb::connectors::kit
