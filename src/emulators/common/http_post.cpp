#include "emulators/common/http_post.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <memory>

namespace sb::emulators::common {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// Callback chain on a private io_context: every step runs under the stream's deadline, and
// run_for bounds the whole exchange even if resolution hangs.
struct Exchange : std::enable_shared_from_this<Exchange> {
    Exchange(asio::io_context& ioc, PostResult& out) : resolver(ioc), stream(ioc), result(out) {}
    tcp::resolver resolver;
    beast::tcp_stream stream;
    bhttp::request<bhttp::string_body> req;
    bhttp::response<bhttp::string_body> res;
    beast::flat_buffer buffer;
    PostResult& result;
    std::chrono::milliseconds timeout{};

    void start(const std::string& host, const std::string& port) {
        auto self = shared_from_this();
        resolver.async_resolve(
            host, port, [self](beast::error_code ec, tcp::resolver::results_type r) {
                if (ec)
                    return self->fail(ec);
                self->stream.expires_after(self->timeout);
                self->stream.async_connect(r, [self](beast::error_code ec2, const tcp::endpoint&) {
                    if (ec2)
                        return self->fail(ec2);
                    bhttp::async_write(
                        self->stream, self->req, [self](beast::error_code ec3, std::size_t) {
                            if (ec3)
                                return self->fail(ec3);
                            bhttp::async_read(self->stream, self->buffer, self->res,
                                              [self](beast::error_code ec4, std::size_t) {
                                                  if (ec4)
                                                      return self->fail(ec4);
                                                  self->result.status =
                                                      static_cast<int>(self->res.result_int());
                                                  self->result.body = self->res.body();
                                                  beast::error_code ignored;
                                                  self->stream.socket().shutdown(
                                                      tcp::socket::shutdown_both, ignored);
                                              });
                        });
                });
            });
    }
    void fail(beast::error_code ec) { result.error = ec.message(); }
};

}  // namespace

PostResult http_post(const std::string& url,
                     const std::vector<std::pair<std::string, std::string>>& headers,
                     const std::string& body, std::chrono::milliseconds timeout) {
    PostResult out;
    auto u = boost::urls::parse_uri(url);
    if (!u || u->scheme() != "http" || u->host().empty()) {
        out.error = "unsupported URL (the emulator delivers to http:// endpoints): " + url;
        return out;
    }
    const std::string host(u->host());
    const std::string port = u->has_port() ? std::string(u->port()) : "80";
    std::string target(u->encoded_path());
    if (target.empty())
        target = "/";
    if (u->has_query())
        target += "?" + std::string(u->encoded_query());
    asio::io_context ioc;
    auto ex = std::make_shared<Exchange>(ioc, out);
    ex->timeout = timeout;
    ex->req = bhttp::request<bhttp::string_body>(bhttp::verb::post, target, 11);
    ex->req.set(bhttp::field::host, host + ":" + port);
    for (const auto& [k, v] : headers)
        ex->req.set(k, v);
    ex->req.body() = body;
    ex->req.prepare_payload();
    ex->start(host, port);
    ioc.run_for(timeout);
    if (!ioc.stopped()) {
        ioc.stop();
        if (out.status == 0 && out.error.empty())
            out.error = "timed out";
    }
    return out;
}

}  // namespace sb::emulators::common
