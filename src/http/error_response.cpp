#include "http/error_response.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace sb::http {

Response error_response(const ApiError& error) {
    const auto info = error_info(error.code());
    boost::json::object body;
    body["code"] = info.code;
    body["message"] = error.message();
    body["description"] = error.description();
    boost::json::array fields;
    for (const auto& f : error.fields()) {
        fields.push_back(boost::json::object{{"name", f.name}, {"description", f.description}});
    }
    body["fields"] = std::move(fields);
    Response r = Response::json(info.status, boost::json::serialize(body));
    for (const auto& [k, v] : error.headers)
        r.set_header(k, v);
    return r;
}

Response error_response(Errc code, std::string message, std::string description) {
    return error_response(ApiError(code, std::move(message), std::move(description)));
}

}  // namespace sb::http
