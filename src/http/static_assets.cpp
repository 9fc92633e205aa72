#include "http/static_assets.hpp"

#include <algorithm>

namespace sb::http {

const StaticAsset* find_static_asset(std::string_view path) {
    const auto all = static_assets();
    auto it = std::lower_bound(all.begin(), all.end(), path,
                               [](const StaticAsset& a, std::string_view p) { return a.path < p; });
    return it != all.end() && it->path == path ? &*it : nullptr;
}

}  // namespace sb::http
