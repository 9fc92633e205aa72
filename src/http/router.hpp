#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace sb::http {

struct Principal {
    std::string account_id;
    std::string client_id;
    std::vector<std::string> scopes;
};

struct Context {
    const Principal* principal = nullptr;  // null on public routes
};

using Handler = std::function<Response(const Request&, const Context&)>;

struct Route {
    std::string method;
    std::string pattern;  // e.g. "/v1/organizations/{organizationId}"
    std::string scope;    // required scope; empty when `is_public`
    bool is_public = false;
    Handler handler;
    // The handler waits on a platform (an HTTP call out): it must never run on a network
    // thread, however the server places the other reads.
    bool calls_platform = false;
};

struct Match {
    const Route* route = nullptr;      // set when path and method matched
    std::vector<std::string> allowed;  // methods for a known path (405 case)
};

// Routes by literal and `{param}` segments. Literal segments win over parameters, so
// "/jobs/{id}" and "/jobs/summary" can coexist.
class Router {
  public:
    Router();
    ~Router();
    Router(Router&&) noexcept;
    Router& operator=(Router&&) noexcept;

    void add(Route route);
    // Fills req.path_params and req.matched_route when a route matches; a request that has
    // a matched_route already gets it back at once.
    Match match(Request& req) const;
    const std::vector<std::unique_ptr<Route>>& routes() const;

  private:
    struct Node;
    std::unique_ptr<Node> root_;
    std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace sb::http
