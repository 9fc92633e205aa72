#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace sb::api {

// The request body as a JSON object: 415 unsupported_media_type unless the content type is
// JSON, 400 invalid_json when it does not parse or is not an object.
boost::json::object read_json_object(const http::Request& req);

http::Response json_response(int status, const boost::json::value& body);

// o[key], or null when absent: the record mappers' read of a normalized record's field.
const boost::json::value& field(const boost::json::object& o, std::string_view key);

// Absolute URL of `path` under the server's public base URL (for HAL links and Location).
std::string absolute_url(std::string_view public_url, std::string_view path);

}  // namespace sb::api
