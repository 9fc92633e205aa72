#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "emulators/woocommerce/data/render.hpp"
#include "emulators/woocommerce/data/store.hpp"
#include "emulators/woocommerce/server/runtime.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

// Query parameters and bodies as the wc/v3 controllers read them. A bad one throws ApiError
// (400 rest_invalid_param naming it in data.params).
namespace sb::emulators::woocommerce {

enum class Collection { orders, products, customers, webhooks, plain };

// page, per_page (1 to 100, default 10), offset, order, orderby, include, exclude, and each
// collection's own filters: orders and products take after / before / modified_after /
// modified_before / dates_are_gmt; orders status and customer; products type and sku;
// customers email (and no date filter).
ListQuery list_query(const http::Request& req, Collection c, int utc_offset_minutes);

// An ISO 8601 date: without an offset it is site-local (or UTC when `gmt`); with Z or ±hh:mm
// it is that instant. nullopt when malformed.
std::optional<std::int64_t> parse_wc_date(std::string_view text, bool gmt, int utc_offset_minutes);

// X-WP-Total, X-WP-TotalPages and Link (rel prev / next) on a list answer.
http::Response list_response(const http::Request& req, const Site& site, boost::json::array items,
                             std::int64_t total, const ListQuery& q);

std::int64_t path_id(const http::Request& req, std::string_view name);
// The body as a JSON object (form bodies are not taken); throws ApiError otherwise.
boost::json::object json_body(const http::Request& req);
// A boolean parameter as WordPress reads one: true/false/1/0; nullopt when absent.
std::optional<bool> bool_param(const http::Request& req, std::string_view name);
ApiError invalid_param(const std::string& name, const std::string& why);

http::Response ok(int status, const boost::json::value& body);

using Handler = std::function<http::Response(const http::Request&, const http::Context&)>;
// A handler whose ApiError answers in WooCommerce's shape.
Handler wc_route(Handler f);

}  // namespace sb::emulators::woocommerce
