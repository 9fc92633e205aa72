#include "http/router.hpp"

#include <map>
#include <stdexcept>

namespace sb::http {

struct Router::Node {
    std::map<std::string, std::unique_ptr<Node>, std::less<>> literal;
    std::unique_ptr<Node> param;
    std::string param_name;
    std::map<std::string, const Route*, std::less<>> by_method;
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

namespace {

std::vector<std::string_view> split_pattern(std::string_view pattern) {
    std::vector<std::string_view> out;
    if (pattern.empty() || pattern.front() != '/') {
        throw std::invalid_argument("route pattern must start with '/'");
    }
    pattern.remove_prefix(1);
    while (!pattern.empty()) {
        auto slash = pattern.find('/');
        out.push_back(pattern.substr(0, slash));
        if (slash == std::string_view::npos)
            break;
        pattern.remove_prefix(slash + 1);
    }
    return out;
}

}  // namespace

void Router::add(Route route) {
    routes_.push_back(std::make_unique<Route>(std::move(route)));
    const Route* r = routes_.back().get();
    Node* node = root_.get();
    for (auto seg : split_pattern(r->pattern)) {
        if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
            std::string name(seg.substr(1, seg.size() - 2));
            if (!node->param) {
                node->param = std::make_unique<Node>();
                node->param_name = name;
            } else if (node->param_name != name) {
                throw std::invalid_argument("conflicting parameter names at " + r->pattern);
            }
            node = node->param.get();
        } else {
            auto it = node->literal.find(seg);
            if (it == node->literal.end()) {
                it = node->literal.emplace(std::string(seg), std::make_unique<Node>()).first;
            }
            node = it->second.get();
        }
    }
    if (!node->by_method.emplace(r->method, r).second) {
        throw std::invalid_argument("duplicate route " + r->method + " " + r->pattern);
    }
}

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

template <class NodeT>
const NodeT* find(const NodeT* node, const std::vector<std::string>& segs, std::size_t i,
                  Params& params) {
    if (i == segs.size())
        return node->by_method.empty() ? nullptr : node;
    const auto& seg = segs[i];
    if (auto it = node->literal.find(seg); it != node->literal.end()) {
        if (auto* found = find(it->second.get(), segs, i + 1, params))
            return found;
    }
    if (node->param && !seg.empty()) {
        params.emplace_back(node->param_name, seg);
        if (auto* found = find(node->param.get(), segs, i + 1, params))
            return found;
        params.pop_back();
    }
    return nullptr;
}

}  // namespace

Match Router::match(Request& req) const {
    Match m;
    if (req.matched_route) {
        m.route = req.matched_route;
        return m;
    }
    Params params;
    // A trailing slash ("/v1/account/") is the same resource as without it.
    std::vector<std::string> segs = req.segments;
    if (!segs.empty() && segs.back().empty())
        segs.pop_back();
    const Node* node = find(root_.get(), segs, 0, params);
    if (!node)
        return m;
    auto it = node->by_method.find(req.method);
    if (it == node->by_method.end() && req.method == "HEAD")
        it = node->by_method.find("GET");
    if (it == node->by_method.end()) {
        for (const auto& [method, _] : node->by_method)
            m.allowed.push_back(method);
        return m;
    }
    m.route = it->second;
    req.matched_route = m.route;
    req.path_params.clear();
    for (auto& [k, v] : params)
        req.path_params.emplace(std::move(k), std::move(v));
    return m;
}

const std::vector<std::unique_ptr<Route>>& Router::routes() const {
    return routes_;
}

}  // namespace sb::http
