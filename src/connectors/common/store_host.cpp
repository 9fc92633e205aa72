#include "connectors/common/store_host.hpp"

#include <algorithm>

namespace sb::connectors {

bool valid_store_host(std::string_view host, std::string_view suffix) {
    if (host.size() <= suffix.size() || host.size() > 255 ||
        host.substr(host.size() - suffix.size()) != suffix)
        return false;
    const auto name = host.substr(0, host.size() - suffix.size());
    auto ok = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!ok(name.front()))
        return false;
    return std::all_of(name.begin(), name.end(), [&](char c) { return ok(c) || c == '-'; });
}

}  // namespace sb::connectors
