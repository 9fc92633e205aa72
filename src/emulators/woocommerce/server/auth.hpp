#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "emulators/woocommerce/server/runtime.hpp"

// Who a wc/v3 call is, by WooCommerce's rules (WC_REST_Authentication, and the REST API
// documentation's "Authentication" section), checked here on their own, apart from the
// connector's signing:
// - over HTTPS, the key pair as the consumer_key / consumer_secret query parameters or HTTP
//   Basic. The emulator serves plain HTTP, where WooCommerce ignores both; the options may
//   allow them anyway (allow_basic_over_http);
// - over plain HTTP, OAuth 1.0a "one-legged": oauth_consumer_key, oauth_timestamp,
//   oauth_nonce, oauth_signature_method (HMAC-SHA1 or HMAC-SHA256) and oauth_signature, in
//   the query string, a form body or an `Authorization: OAuth …` header. The signature is over
//   METHOD & enc(the site's home URL, with the request's path and scheme) & enc(every other
//   parameter, sorted, name=value, RFC 3986), keyed with the consumer secret and "&"; the
//   timestamp within 15 minutes; a nonce never twice for a key within 15 minutes.
namespace sb::emulators::woocommerce {

struct Caller {
    std::optional<ApiKey> key;      // none: the request carried no credentials
    std::optional<ApiError> error;  // the credentials were refused: answer this
    bool oauth = false;
};

Caller authenticate(const http::Request& req, Runtime& rt, std::int64_t now_s);

// PHP's rawurldecode: each %XX decoded; text that is not valid percent-encoding is kept as is.
std::string url_decode(std::string_view s);

// The OAuth parameters of a request merged as WordPress merges them ($_GET, then $_POST, then
// the Authorization header's oauth_* parameters), one value a name.
std::map<std::string, std::string> oauth_request_params(const http::Request& req);

// The text WooCommerce signs for `req` at the site `site_url` over plain HTTP, from `params`
// (oauth_signature left out).
std::string oauth_string_to_sign(const http::Request& req, const std::string& site_url,
                                 std::map<std::string, std::string> params);

}  // namespace sb::emulators::woocommerce
