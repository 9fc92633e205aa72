#include "json/plain.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>

namespace sb::json {

namespace {

void write(const boost::json::value& v, std::string& out) {
    switch (v.kind()) {
        case boost::json::kind::double_: {
            const double d = v.get_double();
            if (!std::isfinite(d)) {
                out += "null";  // JSON has no NaN or infinity
                return;
            }
            char buf[400];  // the longest fixed form of a double is under 330 characters
            auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
            out.append(buf, r.ptr);
            return;
        }
        case boost::json::kind::object: {
            out += '{';
            bool first = true;
            for (const auto& kv : v.get_object()) {
                if (!first)
                    out += ',';
                first = false;
                out += boost::json::serialize(boost::json::string_view(kv.key()));
                out += ':';
                write(kv.value(), out);
            }
            out += '}';
            return;
        }
        case boost::json::kind::array: {
            out += '[';
            bool first = true;
            for (const auto& e : v.get_array()) {
                if (!first)
                    out += ',';
                first = false;
                write(e, out);
            }
            out += ']';
            return;
        }
        default:
            out += boost::json::serialize(v);
    }
}

}  // namespace

std::string serialize(const boost::json::value& v) {
    std::string out;
    write(v, out);
    return out;
}

}  // namespace sb::json
