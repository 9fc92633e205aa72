#include "common/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>

#include "http/message.hpp"

namespace sb::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

std::string HttpResponse::header(const std::string& name) const {
    for (const auto& [k, v] : headers) {
        if (http::iequals(k, name))
            return v;
    }
    return {};
}

boost::json::value HttpResponse::json() const {
    return boost::json::parse(body);
}

HttpResponse send(std::uint16_t port, const HttpRequest& req, const std::string& host) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(60));
    stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address(host), port));
    bhttp::request<bhttp::string_body> out{bhttp::string_to_verb(req.method), req.target, 11};
    if (out.method() == bhttp::verb::unknown)
        out.method_string(req.method);
    out.set(bhttp::field::host, host + ":" + std::to_string(port));
    for (const auto& [k, v] : req.headers)
        out.set(k, v);
    out.body() = req.body;
    out.prepare_payload();
    bhttp::write(stream, out);
    beast::flat_buffer buf;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(1ULL << 32);
    if (req.method == "HEAD")
        parser.skip(true);
    bhttp::read(stream, buf, parser);
    const auto& msg = parser.get();
    HttpResponse res;
    res.status = static_cast<int>(msg.result_int());
    for (const auto& f : msg)
        res.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    res.body = msg.body();
    beast::error_code ec;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    return res;
}

HttpResponse get(std::uint16_t port, const std::string& target, const std::string& bearer) {
    HttpRequest r{"GET", target, {}, {}};
    if (!bearer.empty())
        r.headers.emplace_back("Authorization", "Bearer " + bearer);
    return send(port, r);
}

HttpResponse post_json(std::uint16_t port, const std::string& target, const std::string& body,
                       const std::string& bearer) {
    HttpRequest r{"POST", target, {{"Content-Type", "application/json"}}, body};
    if (!bearer.empty())
        r.headers.emplace_back("Authorization", "Bearer " + bearer);
    return send(port, r);
}

std::string raw_exchange(std::uint16_t port, const std::string& bytes, int timeout_ms) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::milliseconds(timeout_ms));
    stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    asio::write(stream.socket(), asio::buffer(bytes));
    std::string out;
    char chunk[4096];
    for (;;) {
        beast::error_code ec;
        stream.expires_after(std::chrono::milliseconds(timeout_ms));
        const auto n = stream.read_some(asio::buffer(chunk), ec);
        out.append(chunk, n);
        if (ec)
            break;
    }
    return out;
}

}  // namespace sb::test
