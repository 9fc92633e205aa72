#include "api/json_io.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/error.hpp"
#include "json/plain.hpp"

namespace sb::api {

boost::json::object read_json_object(const http::Request& req) {
    const std::string mt = req.media_type();
    if (mt != "application/json" && !(mt.starts_with("application/") && mt.ends_with("+json"))) {
        throw ApiError(Errc::unsupported_media_type, "Content-Type must be application/json",
                       mt.empty() ? "The request has no Content-Type." : "Got " + mt + ".");
    }
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(req.body, ec);
    if (ec) {
        throw ApiError(Errc::invalid_json, "The request body is not valid JSON", ec.message());
    }
    if (!v.is_object())
        throw ApiError(Errc::invalid_json, "The request body must be a JSON object");
    return std::move(v.as_object());
}

http::Response json_response(int status, const boost::json::value& body) {
    return http::Response::json(status, sb::json::serialize(body));
}

std::string absolute_url(std::string_view public_url, std::string_view path) {
    return std::string(public_url) + std::string(path);
}

const boost::json::value& field(const boost::json::object& o, std::string_view key) {
    static const boost::json::value null;
    const auto* v = o.if_contains(key);
    return v ? *v : null;
}

}  // namespace sb::api
