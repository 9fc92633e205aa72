#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>

#include "emulators/common/faults.hpp"
#include "emulators/common/runtime.hpp"
#include "http/router.hpp"

// The /_emulator/… endpoints every emulator answers the same way: POST /_emulator/faults,
// GET /_emulator/stats and POST /_emulator/uninstall. Unauthenticated: they exist only on the
// emulators. The platform adds the ones that change its store.
namespace sb::emulators::common {

// The platform's part of /_emulator/stats.
struct StatsParts {
    std::string shop;
    boost::json::object state;     // after "shop", before "installed": "plan", "active", …
    boost::json::object records;   // record counts
    boost::json::object requests;  // the platform's counters, after "total"
    boost::json::object limits;    // the rate limits in force
};

struct AdminOptions {
    ErrorBody error;  // the platform's error shape
    // A body that is not a JSON object, or a key of the wrong type, answers 400; otherwise they
    // are passed over (and so is a negative webhook rate).
    bool strict = false;
    bool counted_faults = false;     // fail_next, throttle_next
    bool throttle_storms = false;    // throttle_storm_seconds, answered as throttle_until
    std::function<void()> on_storm;  // a storm began: empty the buckets
    std::function<StatsParts()> stats;
    std::function<void()> announce_uninstall;  // publish app/uninstalled
};

void add_common_admin_routes(http::Router& r, RuntimeBase& rt, AdminOptions options);

// A control-API body refused: answered 400 with the message, in the platform's error shape.
struct InvalidBody {
    std::string message;
};
// The body as a JSON object ("" as {}); throws InvalidBody otherwise.
boost::json::object object_body(const http::Request& req);
// A member of a control-API body: nullopt when absent, InvalidBody when of another type.
std::optional<std::int64_t> body_integer(const boost::json::object& body, const char* key);
std::optional<std::string> body_text(const boost::json::object& body, const char* key);
// A control-API handler whose InvalidBody refusals answer 400.
http::Handler refusing_invalid(std::function<http::Response(const http::Request&)> f,
                               ErrorBody error);

// {"published":…,"delivered":…,…} of /_emulator/stats.
boost::json::object webhook_stats_json(const Webhooks& w);

}  // namespace sb::emulators::common
