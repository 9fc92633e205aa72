// The OAuth install callback: the query as the server decodes it (parse_target), the HMAC
// check (verify_query_hmac) and both installers' callback checks (Shopify, Shoplazza).
// Input: a mode line, then the query string. Mode "sign" appends the right hmac, so the
// checks after the signature are reached, and the signature must then verify. An accepted
// callback must name a valid store.
#include <algorithm>
#include <cstdlib>

#include "connectors/common/store_host.hpp"
#include "connectors/kit/query_signature.hpp"
#include "connectors/shopify/oauth.hpp"
#include "connectors/shoplazza/shoplazza_connector.hpp"
#include "core/error.hpp"
#include "crypto/crypto.hpp"
#include "http/message.hpp"
#include "input.hpp"

namespace {

const std::string k_secret = "fuzz-app-secret";
constexpr std::int64_t k_now_s = 1'790'000'000;

// The callback signature as the platforms document it, written apart from the hub's.
std::string sign(const sb::connectors::QueryParams& query) {
    sb::connectors::QueryParams signed_params;
    for (const auto& kv : query) {
        if (kv.first != "hmac" && kv.first != "signature")
            signed_params.push_back(kv);
    }
    std::sort(signed_params.begin(), signed_params.end());
    std::string message;
    for (std::size_t i = 0; i < signed_params.size(); ++i) {
        message += (i ? "&" : "") + signed_params[i].first + "=" + signed_params[i].second;
    }
    return sb::crypto::hex_encode(sb::crypto::hmac_sha256(k_secret, message));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto shoplazza = sb::connectors::make_shoplazza_connector();
    const auto [mode, query] = sb::fuzz::first_line(sb::fuzz::text(data, size));
    sb::http::Request req;
    if (!sb::http::parse_target("/callback/shopify?" + std::string(query), req))
        return 0;
    const bool signed_here = mode == "sign";
    if (signed_here) {
        req.query.emplace_back("hmac", sign(req.query));
        if (!sb::connectors::kit::verify_query_hmac(req.query, k_secret))
            std::abort();
    } else {
        (void)sb::connectors::kit::verify_query_hmac(req.query, k_secret);
    }
    const auto result =
        sb::connectors::shopify::oauth::verify_callback(req.query, k_secret, k_now_s);
    if (result.callback &&
        !sb::connectors::valid_store_host(result.callback->shop, ".myshopify.com"))
        std::abort();
    try {
        const auto cb = shoplazza->installer_or_throw().verify_callback({"fuzz-client", k_secret},
                                                                        req.query, k_now_s);
        if (!sb::connectors::valid_store_host(cb.store, ".myshoplaza.com"))
            std::abort();
    } catch (const sb::ApiError&) {
    }
    return 0;
}
