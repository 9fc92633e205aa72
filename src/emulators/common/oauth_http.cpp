#include "emulators/common/oauth_http.hpp"

#include <boost/json/parse.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace sb::emulators::common {

std::map<std::string, std::string> body_params(const http::Request& req) {
    namespace json = boost::json;
    std::map<std::string, std::string> p;
    for (const auto& [k, v] : req.query)
        p[k] = v;
    if (req.media_type() == "application/json") {
        boost::system::error_code ec;
        auto v = json::parse(req.body, ec);
        if (!ec && v.is_object()) {
            for (const auto& [k, x] : v.as_object()) {
                if (x.is_string())
                    p[std::string(k)] = std::string(x.as_string());
                else if (x.is_int64())
                    p[std::string(k)] = std::to_string(x.as_int64());
            }
        }
    } else if (!req.body.empty()) {
        http::Request form;
        if (http::parse_target("/?" + req.body, form)) {
            for (const auto& [k, v] : form.query)
                p[k] = v;
        }
    }
    return p;
}

std::string with_query(const std::string& url,
                       const std::vector<std::pair<std::string, std::string>>& params) {
    std::string out = url + (url.find('?') == std::string::npos ? "?" : "&");
    bool first = true;
    for (const auto& [k, v] : params) {
        out += (first ? "" : "&") + k + "=" + boost::urls::encode(v, boost::urls::unreserved_chars);
        first = false;
    }
    return out;
}

}  // namespace sb::emulators::common
