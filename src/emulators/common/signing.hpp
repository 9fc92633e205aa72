#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The signatures Shopify and Shoplazza share: webhooks carry base64(HMAC-SHA256(raw body));
// OAuth redirects carry hex(HMAC-SHA256("k=v&k=v" of the other query parameters sorted by
// key, values not URL-encoded)), both keyed with the app secret.
namespace sb::emulators::common {

std::string webhook_hmac(std::string_view body, std::string_view secret);
// webhook_hmac with `secret`, as a webhook signer (WebhookOptions::sign).
std::function<std::string(const std::string&)> webhook_signer(std::string secret);
std::string oauth_message(
    std::vector<std::pair<std::string, std::string>> params);  // drops hmac/signature
std::string oauth_hmac(const std::vector<std::pair<std::string, std::string>>& params,
                       std::string_view secret);

}  // namespace sb::emulators::common
