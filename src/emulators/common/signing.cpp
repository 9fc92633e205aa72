#include "emulators/common/signing.hpp"

#include <algorithm>

#include "crypto/crypto.hpp"

namespace sb::emulators::common {

std::string webhook_hmac(std::string_view body, std::string_view secret) {
    return crypto::base64_encode(crypto::hmac_sha256(secret, body));
}

std::function<std::string(const std::string&)> webhook_signer(std::string secret) {
    return [secret = std::move(secret)](const std::string& body) {
        return webhook_hmac(body, secret);
    };
}

std::string oauth_message(std::vector<std::pair<std::string, std::string>> params) {
    params.erase(
        std::remove_if(params.begin(), params.end(),
                       [](const auto& p) { return p.first == "hmac" || p.first == "signature"; }),
        params.end());
    std::sort(params.begin(), params.end());
    std::string out;
    for (const auto& [k, v] : params) {
        if (!out.empty())
            out += '&';
        out += k + "=" + v;
    }
    return out;
}

std::string oauth_hmac(const std::vector<std::pair<std::string, std::string>>& params,
                       std::string_view secret) {
    return crypto::hex_encode(crypto::hmac_sha256(secret, oauth_message(params)));
}

}  // namespace sb::emulators::common
