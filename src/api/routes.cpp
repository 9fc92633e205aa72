#include "api/deps.hpp"

namespace sb::api {

http::Router make_router(const Deps& deps) {
    http::Router router;
    add_system_routes(router, deps);
    add_oauth_routes(router, deps);
    add_account_routes(router, deps);
    return router;
}

}  // namespace sb::api
