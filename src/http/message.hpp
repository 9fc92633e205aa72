#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb::http {

struct Route;

// Protocol-neutral request and response: handlers and their tests never see Beast.
struct Request {
    std::string method;                                      // upper case, e.g. "GET"
    std::string target;                                      // raw request target, path and query
    std::string path;                                        // percent-decoded path
    std::vector<std::string> segments;                       // path segments, each percent-decoded
    std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
    std::vector<std::pair<std::string, std::string>> headers;  // names lower case
    std::string body;
    std::string remote_address;
    std::string request_id;
    std::string route;  // matched route pattern, for logs and metrics ("" if none)
    std::map<std::string, std::string, std::less<>> path_params;
    // Set by Router::match with path_params: a request matched again (placed, then
    // dispatched) answers from it. A request is matched by one router.
    const Route* matched_route = nullptr;

    std::optional<std::string_view> header(std::string_view lower_name) const;
    std::optional<std::string_view> query_param(std::string_view name) const;
    std::string_view path_param(std::string_view name) const;
    // The media type of Content-Type without parameters, lower case ("" if absent).
    std::string media_type() const;
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // Fault injection (the platform emulators): close the connection at once, with a TCP
    // reset and without writing anything, as a crashed or overloaded upstream does.
    bool abort_connection = false;

    void set_header(std::string name, std::string value);
    std::optional<std::string_view> header(std::string_view name) const;  // case-insensitive

    static Response json(int status, std::string body);
    static Response text(int status, std::string body, std::string content_type = "text/plain");
};

// Splits a request target into decoded path and query parameters (Boost.URL).
// Returns false when the target is not a valid origin-form target.
bool parse_target(std::string_view target, Request& out);

bool iequals(std::string_view a, std::string_view b);

}  // namespace sb::http
