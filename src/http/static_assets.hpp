#pragma once

#include <span>
#include <string_view>

namespace sb::http {

// A file the binary serves as is (the console, the connect page's assets, /docs and
// docs/openapi.yaml), embedded at build time by tools/embed_assets.cpp from web/assets.txt.
struct StaticAsset {
    std::string_view path;  // the URL path, e.g. "/console/app.js"
    std::string_view content_type;
    std::string_view body;
    std::string_view etag;  // a strong validator, quotes included
};

// Every embedded file, sorted by path.
std::span<const StaticAsset> static_assets();

// The asset served at `path`, or null.
const StaticAsset* find_static_asset(std::string_view path);

}  // namespace sb::http
