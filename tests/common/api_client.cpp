#include "common/api_client.hpp"

#include <stdexcept>

#include "http/message.hpp"

namespace sb::test {

HttpResponse Api::call(const std::string& method, const std::string& path, const std::string& body,
                       Headers headers) const {
    headers.emplace_back("Authorization", "Bearer " + token_);
    bool has_type = false;
    for (const auto& [k, v] : headers)
        has_type |= http::iequals(k, "content-type");
    if (!body.empty() && !has_type)
        headers.emplace_back("Content-Type", "application/json");
    return send(port_, {method, path, std::move(headers), body});
}

HttpResponse Api::get(const std::string& path, Headers headers) const {
    return call("GET", path, {}, std::move(headers));
}
HttpResponse Api::post(const std::string& path, const std::string& body, Headers headers) const {
    return call("POST", path, body, std::move(headers));
}
HttpResponse Api::put(const std::string& path, const std::string& body, Headers headers) const {
    return call("PUT", path, body, std::move(headers));
}
HttpResponse Api::del(const std::string& path, Headers headers) const {
    return call("DELETE", path, {}, std::move(headers));
}

boost::json::object Api::create(const std::string& path, const std::string& body) const {
    auto r = post(path, body);
    if (r.status != 201 && r.status != 200) {
        throw std::runtime_error("POST " + path + " -> " + std::to_string(r.status) + ": " +
                                 r.body);
    }
    return r.json().as_object();
}

std::string code_of(const HttpResponse& r) {
    auto v = r.json();
    return std::string(v.at("code").as_string());
}

std::vector<std::string> field_names(const HttpResponse& r) {
    std::vector<std::string> out;
    const auto body = r.json();
    for (const auto& f : body.at("fields").as_array())
        out.emplace_back(f.at("name").as_string());
    return out;
}

std::string str(const boost::json::value& v) {
    return std::string(v.as_string());
}

}  // namespace sb::test
