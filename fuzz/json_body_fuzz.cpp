// The JSON body reader: read_json_object (content type, parse, object check) and BodyReader's
// typed reads over what it returns, as the handlers use them, then the response writer.
// Input: the Content-Type on the first line, the body after it. Only ApiError may escape.
#include "api/json_io.hpp"
#include "api/request_io.hpp"
#include "core/error.hpp"
#include "http/message.hpp"
#include "input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto [content_type, body] = sb::fuzz::first_line(sb::fuzz::text(data, size));
    sb::http::Request req;
    req.method = "POST";
    req.headers = {{"content-type", std::string(content_type)},
                   {"if-match", std::string(content_type)}};
    req.body = std::string(body);
    try {
        (void)sb::api::if_match_version(req);
    } catch (const sb::ApiError&) {
    }
    try {
        const auto o = sb::api::read_json_object(req);
        sb::api::BodyReader r(o);
        (void)r.string("name", true);
        (void)r.boolean("enabled");
        (void)r.fields("credentials");
        (void)r.strings("data_types");
        if (const auto* nested = r.raw("settings"); nested && nested->is_object()) {
            sb::api::BodyReader inner(nested->as_object(), "settings.");
            (void)inner.fields("values", true);
            (void)inner.errors();
        }
        (void)sb::api::json_response(200, o);
        r.finish();
    } catch (const sb::ApiError&) {
    }
    return 0;
}
