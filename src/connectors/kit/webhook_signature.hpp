#pragma once

#include <chrono>
#include <string_view>

// The webhook signature schemes the platforms use, checked in constant time. Every connector
// verifies its deliveries through these; no platform folder computes or compares an HMAC.
namespace sb::connectors::kit {

enum class Encoding { base64, hex };

// HMAC-SHA256(secret, raw body), sent in a header in base64 (Shopify, Shoplazza, WooCommerce)
// or in hex (either case). False when the secret is empty or the signature does not decode.
bool verify_hmac_sha256(std::string_view body, std::string_view signature, std::string_view secret,
                        Encoding encoding);

// Why a timestamped signature was refused. The schemes below check in this order.
enum class SignatureCheck {
    valid,
    missing,    // a header is absent or empty
    malformed,  // a header that does not read as the scheme says
    stale,      // the signed timestamp is further from now than the tolerance, either way
    mismatch,   // no signature in the header is the one the secret gives
};

// Replays are refused by the signed timestamp; the platforms' clocks may run a little ahead.
inline constexpr std::chrono::seconds k_signature_tolerance{300};

// Standard Webhooks (standardwebhooks.com), v1 symmetric: `signature` (webhook-signature) is a
// space-separated list of `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; entries of other
// schemes (v1a) are skipped. `secret` is `whsec_<base64 key>` (the prefix may be left off);
// one that does not decode matches nothing. `now` is the caller's clock.
struct StandardWebhookHeaders {
    std::string_view id;         // webhook-id
    std::string_view timestamp;  // webhook-timestamp, Unix seconds
    std::string_view signature;  // webhook-signature
};
SignatureCheck verify_standard_webhook(const StandardWebhookHeaders& headers, std::string_view body,
                                       std::string_view secret,
                                       std::chrono::system_clock::time_point now,
                                       std::chrono::seconds tolerance = k_signature_tolerance);

// Stripe: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">[,v1=…]`. Any v1 may match
// (several during a secret's rotation); other schemes (v0) are ignored. A header without `t`
// or without a v1 is malformed. `now` is the caller's clock.
SignatureCheck verify_stripe_signature(std::string_view header, std::string_view body,
                                       std::string_view secret,
                                       std::chrono::system_clock::time_point now,
                                       std::chrono::seconds tolerance = k_signature_tolerance);

}  // namespace sb::connectors::kit
