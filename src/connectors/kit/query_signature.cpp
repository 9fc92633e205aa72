#include "connectors/kit/query_signature.hpp"

#include <algorithm>
#include <optional>

#include "connectors/kit/webhook_signature.hpp"

namespace sb::connectors::kit {

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
    if (!hmac)
        return false;
    std::sort(signed_params.begin(), signed_params.end());
    std::string message;
    for (const auto& [k, v] : signed_params)
        message += (message.empty() ? "" : "&") + k + "=" + v;
    return verify_hmac_sha256(message, *hmac, secret, Encoding::hex);
}

}  // namespace sb::connectors::kit
