#include "connectors/kit/webhook_signature.hpp"

#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crypto/crypto.hpp"

namespace sb::connectors::kit {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// Unix seconds: digits only, so "+5", " 5" and "5.0" do not sign the same as "5".
std::optional<std::int64_t> unix_seconds(std::string_view s) {
    std::int64_t v = 0;
    if (s.empty() || s.front() < '0' || s.front() > '9')
        return std::nullopt;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

bool fresh(std::int64_t signed_at, std::chrono::system_clock::time_point now,
           std::chrono::seconds tolerance) {
    const std::int64_t now_s =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const std::int64_t skew = now_s >= signed_at ? now_s - signed_at : signed_at - now_s;
    return skew <= tolerance.count();
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

bool verify_hmac_sha256(std::string_view body, std::string_view signature, std::string_view secret,
                        Encoding encoding) {
    if (secret.empty() || signature.empty())
        return false;
    const std::string mac = crypto::hmac_sha256(secret, body);
    if (encoding == Encoding::hex)
        return crypto::constant_time_equal(crypto::hex_encode(mac), lower(signature));
    std::string given;
    if (!crypto::base64_decode(signature, given))
        return false;
    return crypto::constant_time_equal(mac, given);
}

SignatureCheck verify_standard_webhook(const StandardWebhookHeaders& headers, std::string_view body,
                                       std::string_view secret,
                                       std::chrono::system_clock::time_point now,
                                       std::chrono::seconds tolerance) {
    if (headers.id.empty() || headers.timestamp.empty() || trim(headers.signature).empty())
        return SignatureCheck::missing;
    const auto signed_at = unix_seconds(headers.timestamp);
    if (!signed_at)
        return SignatureCheck::malformed;
    if (!fresh(*signed_at, now, tolerance))
        return SignatureCheck::stale;

    const std::string expected =
        crypto::standard_webhook_signature(secret, headers.id, headers.timestamp, body);
    if (expected.empty())
        return SignatureCheck::mismatch;

    std::string_view rest = headers.signature;
    while (!rest.empty()) {
        const auto space = rest.find(' ');
        const std::string_view entry = rest.substr(0, space);
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
        if (entry.starts_with("v1,") && crypto::constant_time_equal(expected, entry.substr(3)))
            return SignatureCheck::valid;
    }
    return SignatureCheck::mismatch;
}

SignatureCheck verify_stripe_signature(std::string_view header, std::string_view body,
                                       std::string_view secret,
                                       std::chrono::system_clock::time_point now,
                                       std::chrono::seconds tolerance) {
    header = trim(header);
    if (header.empty())
        return SignatureCheck::missing;
    std::optional<std::string_view> timestamp;
    std::vector<std::string_view> signatures;
    std::string_view rest = header;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view item = trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        const auto eq = item.find('=');
        if (eq == std::string_view::npos)
            continue;
        const std::string_view key = item.substr(0, eq);
        const std::string_view value = item.substr(eq + 1);
        if (key == "t") {
            if (timestamp)
                return SignatureCheck::malformed;
            timestamp = value;
        } else if (key == "v1" && !value.empty()) {
            signatures.push_back(value);
        }
    }
    if (!timestamp || signatures.empty())
        return SignatureCheck::malformed;
    const auto signed_at = unix_seconds(*timestamp);
    if (!signed_at)
        return SignatureCheck::malformed;
    if (!fresh(*signed_at, now, tolerance))
        return SignatureCheck::stale;

    std::string message;
    message.reserve(timestamp->size() + body.size() + 1);
    message.append(*timestamp).append(".").append(body);
    if (secret.empty())
        return SignatureCheck::mismatch;
    const std::string expected = crypto::hex_encode(crypto::hmac_sha256(secret, message));
    for (const auto signature : signatures)
        if (crypto::constant_time_equal(expected, lower(signature)))
            return SignatureCheck::valid;
    return SignatureCheck::mismatch;
}

}  // namespace sb::connectors::kit
