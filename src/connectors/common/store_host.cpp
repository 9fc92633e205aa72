#include "connectors/common/store_host.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <optional>

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

domain::FieldSpec store_host_field(std::string name, std::string_view suffix,
                                   std::string description) {
    domain::FieldSpec f{std::move(name), domain::FieldType::string, true, false,
                        std::move(description)};
    f.max_length = 255;
    f.check = [suffix = std::string(suffix)](std::string_view v) -> std::optional<std::string> {
        if (valid_store_host(v, suffix))
            return std::nullopt;
        return "must be a store's NAME" + suffix + " host name";
    };
    return f;
}

std::optional<std::string> check_public_https_url(std::string_view url) {
    auto u = boost::urls::parse_absolute_uri(url);
    if (!u || u->scheme() != "https" || u->has_userinfo() || u->encoded_host().empty() ||
        u->host_type() != boost::urls::host_type::name)
        return "must be an https:// URL of the site's host name";
    return std::nullopt;
}

}  // namespace sb::connectors
