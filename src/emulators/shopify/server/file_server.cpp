#include "emulators/shopify/server/file_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <thread>

namespace sb::emulators::shopify {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct FileServer::Impl {
    std::string host;
    Resolve resolve;
    Reset reset;
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc};
    std::thread thread;
    std::uint16_t port = 0;

    asio::awaitable<void> session(tcp::socket socket) {
        beast::tcp_stream stream(std::move(socket));
        beast::flat_buffer buf;
        beast::error_code ec;
        for (;;) {
            bhttp::request<bhttp::empty_body> req;
            stream.expires_after(std::chrono::seconds(30));
            co_await bhttp::async_read(stream, buf, req,
                                       asio::redirect_error(asio::use_awaitable, ec));
            if (ec)
                break;
            if (reset && reset()) {
                // Linger 0: close() sends RST, as a storage host dropping the connection does.
                stream.socket().set_option(tcp::socket::linger(true, 0), ec);
                stream.close();
                co_return;
            }
            const std::string path = resolve(std::string(req.target()));
            bhttp::file_body::value_type body;
            if (!path.empty())
                body.open(path.c_str(), beast::file_mode::scan, ec);
            if (path.empty() || ec) {
                bhttp::response<bhttp::string_body> res{bhttp::status::forbidden, req.version()};
                res.set(bhttp::field::content_type, "application/xml");
                res.body() =
                    "<?xml version='1.0' "
                    "encoding='UTF-8'?><Error><Code>AccessDenied</Code></Error>";
                res.prepare_payload();
                stream.expires_after(std::chrono::seconds(30));
                co_await bhttp::async_write(stream, res,
                                            asio::redirect_error(asio::use_awaitable, ec));
                if (ec)
                    break;
                continue;
            }
            const auto size = body.size();
            bhttp::response<bhttp::file_body> res{
                std::piecewise_construct, std::make_tuple(std::move(body)),
                std::make_tuple(bhttp::status::ok, req.version())};
            res.set(bhttp::field::content_type, "application/jsonl");
            res.content_length(size);
            res.keep_alive(req.keep_alive());
            // Large files: the deadline covers the whole write, so scale it with the size.
            stream.expires_after(std::chrono::seconds(60 + static_cast<long>(size >> 20)));
            co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
            if (ec || !req.keep_alive())
                break;
        }
        stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    }

    asio::awaitable<void> accept_loop() {
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
            if (ec)
                co_return;
            asio::co_spawn(ioc, session(std::move(socket)), asio::detached);
        }
    }
};

FileServer::FileServer(std::string host, Resolve resolve, Reset reset)
    : impl_(std::make_unique<Impl>()) {
    impl_->host = std::move(host);
    impl_->resolve = std::move(resolve);
    impl_->reset = std::move(reset);
}

FileServer::~FileServer() {
    stop();
}

void FileServer::start() {
    tcp::endpoint ep{asio::ip::make_address(impl_->host), 0};
    impl_->acceptor.open(ep.protocol());
    impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
    impl_->acceptor.bind(ep);
    impl_->acceptor.listen();
    impl_->port = impl_->acceptor.local_endpoint().port();
    asio::co_spawn(impl_->ioc, impl_->accept_loop(), asio::detached);
    impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

void FileServer::stop() {
    if (!impl_ || !impl_->thread.joinable())
        return;
    impl_->ioc.stop();
    impl_->thread.join();
}

std::uint16_t FileServer::port() const {
    return impl_->port;
}

}  // namespace sb::emulators::shopify
