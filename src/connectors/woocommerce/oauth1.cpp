#include "connectors/woocommerce/oauth1.hpp"

#include <algorithm>

#include "crypto/crypto.hpp"

namespace sb::connectors::woocommerce {

std::string signature_base_string(std::string_view method, std::string_view url,
                                  const Query& params) {
    std::vector<std::pair<std::string, std::string>> encoded;
    encoded.reserve(params.size());
    for (const auto& [k, v] : params)
        encoded.emplace_back(crypto::percent_encode(k), crypto::percent_encode(v));
    std::sort(encoded.begin(), encoded.end());
    std::string joined;
    for (const auto& [k, v] : encoded) {
        if (!joined.empty())
            joined += '&';
        joined += k + "=" + v;
    }
    return std::string(method) + "&" + crypto::percent_encode(url) + "&" +
           crypto::percent_encode(joined);
}

std::string oauth1_signature(std::string_view consumer_secret, std::string_view base,
                             SignatureMethod how) {
    const std::string key = std::string(consumer_secret) + "&";
    return crypto::base64_encode(how == SignatureMethod::hmac_sha1
                                     ? crypto::hmac_sha1(key, base)
                                     : crypto::hmac_sha256(key, base));
}

Query oauth1_signed_query(std::string_view method, std::string_view url, Query query,
                          const OAuth1Key& key, std::int64_t timestamp, const std::string& nonce,
                          SignatureMethod how) {
    query.emplace_back("oauth_consumer_key", key.consumer_key);
    query.emplace_back("oauth_nonce", nonce);
    query.emplace_back("oauth_signature_method",
                       how == SignatureMethod::hmac_sha1 ? "HMAC-SHA1" : "HMAC-SHA256");
    query.emplace_back("oauth_timestamp", std::to_string(timestamp));
    const std::string base = signature_base_string(method, url, query);
    query.emplace_back("oauth_signature", oauth1_signature(key.consumer_secret, base, how));
    return query;
}

std::string encode_query(const Query& query) {
    std::string out;
    for (const auto& [k, v] : query) {
        if (!out.empty())
            out += '&';
        out += crypto::percent_encode(k) + "=" + crypto::percent_encode(v);
    }
    return out;
}

}  // namespace sb::connectors::woocommerce
