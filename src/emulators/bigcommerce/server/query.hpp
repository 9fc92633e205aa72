#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "emulators/bigcommerce/data/store.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

// Query parameters and bodies as BigCommerce's v2 and v3 read them. A bad one throws BadInput,
// which the route wrappers answer in the version's error shape.
namespace sb::emulators::bigcommerce {

struct BadInput {
    int status = 400;
    std::string message;
    std::string field;  // v3: the key of `errors`
};

std::string param(const http::Request& req, std::string_view name);
std::optional<std::int64_t> int_param(const http::Request& req, std::string_view name);
// `page` (1-based) and `limit` (default 50; above 250: 413).
PageRequest page_request(const http::Request& req);
// A comma-separated list of integers; nullopt when absent.
std::optional<std::vector<std::int64_t>> id_list(const http::Request& req, std::string_view name);
TimeWindow date_window(const http::Request& req, const std::string& min_name,
                       const std::string& max_name);
// The body as a JSON object; throws BadInput (400) otherwise.
boost::json::object json_body(const http::Request& req);
std::int64_t path_id(const http::Request& req, std::string_view name);

// {"pagination":{total, count, per_page, current_page, total_pages, links{…}}}.
boost::json::object pagination_meta(std::int64_t total, std::int64_t count, const PageRequest& p);

using Handler = std::function<http::Response(const http::Request&, const http::Context&)>;
// Handlers whose BadInput answers in the v2 / v3 error shape.
Handler v2_route(Handler f);
Handler v3_route(Handler f);

}  // namespace sb::emulators::bigcommerce
