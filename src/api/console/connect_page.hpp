#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/html.hpp"
#include "http/message.hpp"

// The merchant connect page behind a data connection's connect_url: the store form, the
// success screen and the failure screen, as plain HTML (no script needed) in the merchant's
// language, with every text from web/connect/texts.<lang>.json.
namespace sb::api::connect_page {

// True when the browser asked for a page (Accept names text/html): a failure then answers
// the failure screen; API clients keep the Error JSON.
bool wants_html(const http::Request& req);

// `platform`: the connector's display name ("Shopify"), empty when unknown. `shop`: what the
// merchant typed, shown again with `error` (a store address the platform would not take).
http::Response form(const http::Request& req, std::string_view platform, std::string_view token,
                    std::string_view shop = {}, const ApiError* error = nullptr);
http::Response success(const http::Request& req, std::string_view platform);
// `retry_url`: where "Try again" leads; empty: back in the browser's history.
http::Response failure(const http::Request& req, std::string_view platform, const ApiError& error,
                       std::string_view retry_url);

using core::html_escape;

}  // namespace sb::api::connect_page
