#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

namespace sb::test {

struct HttpResponse {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    std::string header(const std::string& name) const;  // case-insensitive, "" if absent
    boost::json::value json() const;                    // throws on malformed JSON
};

struct HttpRequest {
    std::string method = "GET";
    std::string target = "/";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

// A blocking HTTP/1.1 client over loopback, one connection per request.
HttpResponse send(std::uint16_t port, const HttpRequest& req,
                  const std::string& host = "127.0.0.1");

HttpResponse get(std::uint16_t port, const std::string& target, const std::string& bearer = {});
HttpResponse post_json(std::uint16_t port, const std::string& target, const std::string& body,
                       const std::string& bearer = {});

// Writes raw bytes and reads until the peer closes or `timeout_ms` passes.
std::string raw_exchange(std::uint16_t port, const std::string& bytes, int timeout_ms = 2000);

}  // namespace sb::test
