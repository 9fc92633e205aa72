#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// OAuth 1.0a "one-legged" signing, as a WooCommerce site checks a call that reaches it over
// plain HTTP (where it refuses HTTP Basic): no token, the oauth_* parameters in the query
// string beside the call's own, the body never signed, the key the consumer secret and "&".
namespace sb::connectors::woocommerce {

using Query = std::vector<std::pair<std::string, std::string>>;

enum class SignatureMethod { hmac_sha1, hmac_sha256 };

// RFC 5849 section 3.4.1: METHOD & enc(url) & enc(the parameters, each enc(name)=enc(value),
// sorted by name then value, joined by "&"). `url` has no query: scheme, host, path.
std::string signature_base_string(std::string_view method, std::string_view url,
                                  const Query& params);

// base64 of the HMAC of `base` keyed with `consumer_secret` + "&" (an empty token secret).
std::string oauth1_signature(std::string_view consumer_secret, std::string_view base,
                             SignatureMethod how = SignatureMethod::hmac_sha256);

struct OAuth1Key {
    std::string consumer_key;
    std::string consumer_secret;
};

// `query` and the five parameters WooCommerce requires: oauth_consumer_key, oauth_nonce,
// oauth_signature_method, oauth_timestamp, then oauth_signature over the rest.
Query oauth1_signed_query(std::string_view method, std::string_view url, Query query,
                          const OAuth1Key& key, std::int64_t timestamp, const std::string& nonce,
                          SignatureMethod how = SignatureMethod::hmac_sha256);

// "k=v&k=v" with names and values percent-encoded (RFC 3986), so any server reads them back
// as sent ('+' stays a plus, not a space).
std::string encode_query(const Query& query);

}  // namespace sb::connectors::woocommerce
