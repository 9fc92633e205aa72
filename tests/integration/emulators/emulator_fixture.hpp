#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "common/http_client.hpp"
#include "http/message.hpp"

// What the Shopify and Shoplazza emulator suites share; the platform calls stay in each
// suite's fixture.hpp.
namespace sb::test {

// An emulator started in process on a free port; stopped when the pointer goes.
template <class Emulator, class Options>
std::unique_ptr<Emulator> start_emulator_on_free_port(Options o) {
    o.port = 0;
    auto e = std::make_unique<Emulator>(std::move(o));
    e->start();
    return e;
}

// The request an OAuth redirect sends the browser to, from `path` on in its Location header
// (the redirect_uri need not be reachable); nullopt when Location does not contain `path`.
inline std::optional<http::Request> redirect_request(const HttpResponse& r,
                                                     const std::string& path = "/cb") {
    const std::string loc = r.header("Location");
    const auto at = loc.find(path);
    http::Request parsed;
    if (at == std::string::npos || !http::parse_target(loc.substr(at), parsed))
        return std::nullopt;
    return parsed;
}

}  // namespace sb::test
