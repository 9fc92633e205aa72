#include "domain/scopes.hpp"

#include <algorithm>

namespace sb::domain {

const std::vector<std::string_view>& known_scopes() {
    static const std::vector<std::string_view> all = {
        "account:read",
        "organizations:read",
        "organizations:write",
        "integrations:read",
        "integrations:write",
        "providers:read",
        "providers:write",
        "erc-ecommerce-credentials:read",
        "erc-ecommerce-credentials:write",
        "erc-ecommerce-connections-orders:read",
        "erc-ecommerce-connections-customers:read",
        "erc-ecommerce-connections-products:read",
        "erc-ecommerce-connections-carts:read",
        "commerce:read",
        "write_shop",
        "webhooks:read",
        "webhooks:write",
    };
    return all;
}

bool is_known_scope(std::string_view scope) {
    const auto& all = known_scopes();
    return std::find(all.begin(), all.end(), scope) != all.end();
}

std::vector<std::string> split_scopes(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == ','))
            ++i;
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != ',')
            ++i;
        if (i > start) {
            std::string s(text.substr(start, i - start));
            if (std::find(out.begin(), out.end(), s) == out.end())
                out.push_back(std::move(s));
        }
    }
    return out;
}

std::string join_scopes(const std::vector<std::string>& scopes) {
    std::string out;
    for (const auto& s : scopes) {
        if (!out.empty())
            out += ' ';
        out += s;
    }
    return out;
}

bool has_scope(const std::vector<std::string>& granted, std::string_view needed) {
    return std::find(granted.begin(), granted.end(), needed) != granted.end();
}

}  // namespace sb::domain
