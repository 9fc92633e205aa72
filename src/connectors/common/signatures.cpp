#include "connectors/common/signatures.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "crypto/crypto.hpp"

namespace sb::connectors {

bool verify_body_hmac(std::string_view raw_body, std::string_view base64_hmac,
                      std::string_view secret) {
    std::string given;
    if (secret.empty() || !crypto::base64_decode(base64_hmac, given))
        return false;
    return crypto::constant_time_equal(crypto::hmac_sha256(secret, raw_body), given);
}

bool verify_query_hmac(const std::vector<std::pair<std::string, std::string>>& query,
                       std::string_view secret) {
    std::vector<std::pair<std::string, std::string>> signed_params;
    std::optional<std::string> hmac;
    for (const auto& [k, v] : query) {
        if (k == "hmac")
            hmac = v;
        else if (k != "signature")
            signed_params.emplace_back(k, v);
    }
    if (!hmac || secret.empty())
        return false;
    std::sort(signed_params.begin(), signed_params.end());
    std::string message;
    for (const auto& [k, v] : signed_params)
        message += (message.empty() ? "" : "&") + k + "=" + v;
    const std::string expected = crypto::hex_encode(crypto::hmac_sha256(secret, message));
    std::string given = *hmac;
    std::transform(given.begin(), given.end(), given.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return crypto::constant_time_equal(expected, given);
}

}  // namespace sb::connectors
