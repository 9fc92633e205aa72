#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <utility>
#include <vector>

#include "common/http_client.hpp"

namespace sb::test {

// A bearer-authenticated JSON client for one server.
class Api {
  public:
    Api(std::uint16_t port, std::string token) : port_(port), token_(std::move(token)) {}

    using Headers = std::vector<std::pair<std::string, std::string>>;
    HttpResponse get(const std::string& path, Headers headers = {}) const;
    HttpResponse post(const std::string& path, const std::string& body = {},
                      Headers headers = {}) const;
    HttpResponse put(const std::string& path, const std::string& body, Headers headers = {}) const;
    HttpResponse del(const std::string& path, Headers headers = {}) const;
    HttpResponse call(const std::string& method, const std::string& path, const std::string& body,
                      Headers headers) const;

    // POST/PUT that must succeed; returns the JSON body.
    boost::json::object create(const std::string& path, const std::string& body) const;

  private:
    std::uint16_t port_;
    std::string token_;
};

std::string code_of(const HttpResponse& r);
// The `name`s of the error's fields[].
std::vector<std::string> field_names(const HttpResponse& r);
std::string str(const boost::json::value& v);  // a JSON string's text

}  // namespace sb::test
