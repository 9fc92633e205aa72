#include "http/error_response.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <string_view>

#include "json/plain.hpp"

namespace sb::http {

namespace {

// Messages may quote what the client sent (a header value, a query parameter), which need not
// be UTF-8; Boost.JSON writes such bytes through and the body would not be JSON. Each byte
// that does not start a well-formed sequence becomes U+FFFD.
std::string valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        unsigned char lo = 0x80, hi = 0xbf;  // the range of the second byte
        if (b < 0x80) {
            n = 1;
        } else if (b >= 0xc2 && b <= 0xdf) {
            n = 2;
        } else if (b >= 0xe0 && b <= 0xef) {
            n = 3;
            lo = b == 0xe0 ? 0xa0 : 0x80;  // no overlong forms
            hi = b == 0xed ? 0x9f : 0xbf;  // no surrogates
        } else if (b >= 0xf0 && b <= 0xf4) {
            n = 4;
            lo = b == 0xf0 ? 0x90 : 0x80;
            hi = b == 0xf4 ? 0x8f : 0xbf;  // nothing past U+10FFFF
        }
        bool ok = n > 0 && i + n <= s.size();
        for (std::size_t k = 1; ok && k < n; ++k) {
            const auto c = static_cast<unsigned char>(s[i + k]);
            ok = k == 1 ? (c >= lo && c <= hi) : (c >= 0x80 && c <= 0xbf);
        }
        if (ok) {
            out.append(s.substr(i, n));
            i += n;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

}  // namespace

Response error_response(const ApiError& error) {
    const auto info = error_info(error.code());
    boost::json::object body;
    body["code"] = info.code;
    body["message"] = valid_utf8(error.message());
    body["description"] = valid_utf8(error.description());
    boost::json::array fields;
    for (const auto& f : error.fields()) {
        fields.push_back(boost::json::object{{"name", valid_utf8(f.name)},
                                             {"description", valid_utf8(f.description)}});
    }
    body["fields"] = std::move(fields);
    Response r = Response::json(info.status, sb::json::serialize(body));
    for (const auto& [k, v] : error.headers)
        r.set_header(k, v);
    return r;
}

Response error_response(Errc code, std::string message, std::string description) {
    return error_response(ApiError(code, std::move(message), std::move(description)));
}

}  // namespace sb::http
