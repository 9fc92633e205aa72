#include "emulators/bigcommerce/server/callback_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

namespace sb::emulators::bigcommerce {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// A callback chain on a private io_context; run_for bounds the whole exchange.
CallbackResult http_get(const std::string& url, std::chrono::milliseconds timeout) {
    CallbackResult out;
    auto u = boost::urls::parse_uri(url);
    if (!u || u->scheme() != "http" || u->host().empty()) {
        out.error = "unsupported URL (the emulator calls http:// callbacks): " + url;
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
    tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    bhttp::request<bhttp::empty_body> req(bhttp::verb::get, target, 11);
    req.set(bhttp::field::host, host + ":" + port);
    req.set(bhttp::field::user_agent, "BigCommerce-Callbacks");
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    auto fail = [&out](beast::error_code ec) { out.error = ec.message(); };
    resolver.async_resolve(host, port, [&](beast::error_code ec, tcp::resolver::results_type r) {
        if (ec)
            return fail(ec);
        stream.expires_after(timeout);
        stream.async_connect(r, [&](beast::error_code ec2, const tcp::endpoint&) {
            if (ec2)
                return fail(ec2);
            bhttp::async_write(stream, req, [&](beast::error_code ec3, std::size_t) {
                if (ec3)
                    return fail(ec3);
                bhttp::async_read(stream, buffer, res, [&](beast::error_code ec4, std::size_t) {
                    if (ec4)
                        return fail(ec4);
                    out.status = static_cast<int>(res.result_int());
                    beast::error_code ignored;
                    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
                });
            });
        });
    });
    ioc.run_for(timeout);
    if (!ioc.stopped() && out.status == 0 && out.error.empty())
        out.error = "timed out";
    return out;
}

}  // namespace sb::emulators::bigcommerce
