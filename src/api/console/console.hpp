#pragma once

#include "http/message.hpp"

namespace sb::api::console {

enum class Page {
    strict,     // the console: nothing inline, nothing from elsewhere
    connect,    // the connect page: as strict, but its form leads (by a redirect) to the platform
    reference,  // /docs: the reference renderer injects its styles
};

// Content-Security-Policy, nosniff and no-referrer: every HTML page and asset the browser
// loads from the binary carries them.
void set_page_security_headers(http::Response& res, Page page = Page::strict);

}  // namespace sb::api::console
