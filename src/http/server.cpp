#include "http/server.hpp"

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

#include "core/error.hpp"
#include "core/signals.hpp"
#include "http/error_response.hpp"

namespace sb::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// A connection's state, shared between its coroutine and the shutdown path.
struct Connection {
    explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
    beast::tcp_stream stream;
    std::atomic<bool> busy{false};  // a request is being handled or answered
};

bool valid_request_id(std::string_view id) {
    if (id.empty() || id.size() > 128)
        return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':';
        if (!ok)
            return false;
    }
    return true;
}

std::string new_request_id() {
    static std::atomic<std::uint64_t> counter{0};
    static const std::uint64_t boot =
        static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
    char buf[40];
    std::snprintf(buf, sizeof buf, "%012llx-%08llx",
                  static_cast<unsigned long long>(boot & 0xffffffffffffULL),
                  static_cast<unsigned long long>(++counter));
    return buf;
}

// Moves the body out of `in`.
Request to_request(bhttp::request<bhttp::string_body>& in, const std::string& remote) {
    Request r;
    r.method = std::string(in.method_string());
    r.target = std::string(in.target());
    for (const auto& field : in) {
        std::string name(field.name_string());
        for (auto& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    r.body = std::move(in.body());
    r.remote_address = remote;
    return r;
}

// Moves the body out of `in`; its status and headers stay for the observer.
bhttp::response<bhttp::string_body> to_beast(Response& in, unsigned version, bool head,
                                             bool keep_alive) {
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(in.status), version};
    for (const auto& [k, v] : in.headers)
        out.set(k, v);
    out.keep_alive(keep_alive);
    const auto size = in.body.size();
    out.body() = std::move(in.body);
    out.prepare_payload();
    if (head) {
        out.body().clear();
        out.content_length(size);
    }
    return out;
}

}  // namespace

struct Server::Impl {
    ServerOptions options;
    Dispatch dispatch;
    Observer observer;
    Placement placement;

    asio::io_context ioc;
    std::unique_ptr<asio::thread_pool> handlers;
    tcp::acceptor acceptor{ioc};
    std::vector<std::thread> threads;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;

    std::mutex mutex;
    std::condition_variable drained;
    std::set<std::shared_ptr<Connection>> connections;
    std::atomic<bool> stopping{false};
    bool stopped = false;
    std::uint16_t bound_port = 0;

    Impl(ServerOptions o, Dispatch d, Observer obs, Placement p)
        : options(std::move(o)),
          dispatch(std::move(d)),
          observer(std::move(obs)),
          placement(std::move(p)) {}

    void observe(const Request& req, const Response& res, std::size_t body_bytes,
                 std::chrono::steady_clock::time_point start) {
        if (!observer)
            return;
        try {
            observer(Exchange{req, res, body_bytes, std::chrono::steady_clock::now() - start});
        } catch (...) {
            // Logging must never take a connection down.
        }
    }

    asio::awaitable<void> accept_loop() {
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc),
                                                               asio::as_tuple(asio::use_awaitable));
            if (ec) {
                if (stopping || ec == asio::error::operation_aborted)
                    co_return;
                continue;  // e.g. EMFILE: keep serving the connections we have
            }
            auto conn = std::make_shared<Connection>(std::move(socket));
            {
                std::lock_guard lock(mutex);
                if (stopping)
                    co_return;
                connections.insert(conn);
            }
            auto ex = conn->stream.get_executor();
            asio::co_spawn(ex, session(conn), [this, conn](std::exception_ptr) {
                std::lock_guard lock(mutex);
                connections.erase(conn);
                drained.notify_all();
            });
        }
    }

    asio::awaitable<Response> run_handler(Request& req) {
        if (placement && placement(req))
            co_return dispatch(req);  // on this I/O thread
        // Hop to the handler pool; use_awaitable brings us back to the connection's strand.
        co_return co_await asio::co_spawn(
            handlers->get_executor(),
            [this, &req]() -> asio::awaitable<Response> { co_return dispatch(req); },
            asio::use_awaitable);
    }

    asio::awaitable<void> write(Connection& conn, bhttp::response<bhttp::string_body>& res,
                                beast::error_code& ec) {
        conn.stream.expires_after(options.write_timeout);
        co_await bhttp::async_write(conn.stream, res,
                                    asio::redirect_error(asio::use_awaitable, ec));
    }

    asio::awaitable<void> session(std::shared_ptr<Connection> conn) {
        beast::flat_buffer buffer;
        beast::error_code ec;
        bool unread_input = false;  // answered before reading the whole request
        std::string remote;
        {
            auto ep = conn->stream.socket().remote_endpoint(ec);
            if (!ec)
                remote = ep.address().to_string();
        }
        for (;;) {
            if (stopping)
                break;
            bhttp::request_parser<bhttp::string_body> parser;  // fresh parser per request
            parser.body_limit(options.body_limit);
            conn->stream.expires_after(options.read_timeout);
            co_await bhttp::async_read_header(conn->stream, buffer, parser,
                                              asio::redirect_error(asio::use_awaitable, ec));
            // A declared Content-Length over the limit fails here, before any body is read.
            if (ec && ec != bhttp::error::body_limit)
                break;  // closed, timed out, cancelled, malformed
            conn->busy = true;
            const auto start = std::chrono::steady_clock::now();

            if (!ec &&
                bhttp::token_list(parser.get()[bhttp::field::expect]).exists("100-continue") &&
                !parser.is_done()) {
                bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_,
                                                        parser.get().version()};
                conn->stream.expires_after(options.write_timeout);
                co_await bhttp::async_write(conn->stream, cont,
                                            asio::redirect_error(asio::use_awaitable, ec));
                if (ec)
                    break;
            }
            if (!ec && !parser.is_done()) {
                conn->stream.expires_after(options.read_timeout);
                co_await bhttp::async_read(conn->stream, buffer, parser,
                                           asio::redirect_error(asio::use_awaitable, ec));
            }
            auto& msg = parser.get();
            Request req = to_request(msg, remote);
            auto rid = req.header("x-request-id");
            req.request_id = rid && valid_request_id(*rid) ? std::string(*rid) : new_request_id();

            Response res;
            bool close_after = false;
            if (ec == bhttp::error::body_limit) {
                res = error_response(
                    Errc::payload_too_large, "Request body is too large",
                    "The limit is " + std::to_string(options.body_limit) + " bytes.");
                close_after = true;  // the rest of the body is still on the wire
                unread_input = true;
            } else if (ec) {
                break;
            } else if (!parse_target(req.target, req)) {
                res = error_response(Errc::bad_request, "Malformed request target");
            } else {
                res = co_await run_handler(req);
            }
            if (res.abort_connection) {
                // Linger 0: close() sends RST, so the client sees a reset, not a clean EOF.
                conn->stream.socket().set_option(tcp::socket::linger(true, 0), ec);
                conn->stream.close();
                conn->busy = false;
                co_return;
            }
            res.set_header("X-Request-Id", req.request_id);
            const bool keep_alive = !close_after && !stopping && msg.keep_alive();
            const auto body_bytes = res.body.size();
            auto out = to_beast(res, msg.version(), req.method == "HEAD", keep_alive);
            co_await write(*conn, out, ec);
            observe(req, res, body_bytes, start);
            conn->busy = false;
            if (ec || !keep_alive)
                break;
        }
        conn->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (unread_input && !ec)
            co_await discard_input(*conn);
        conn->stream.close();
    }

    // After an early answer (413) the client may still be sending; reading a bounded amount
    // before closing keeps the kernel from resetting the connection under our response.
    asio::awaitable<void> discard_input(Connection& conn) {
        char sink[16 * 1024];
        std::size_t total = 0;
        beast::error_code ec;
        while (total < 64 * 1024 * 1024) {
            conn.stream.expires_after(std::chrono::seconds(1));
            total += co_await conn.stream.async_read_some(
                asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
            if (ec)
                break;
        }
    }
};

Server::Server(ServerOptions options, Dispatch dispatch, Observer observer, Placement placement)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dispatch), std::move(observer),
                                   std::move(placement))) {}

Server::~Server() {
    stop();
}

void Server::bind() {
    auto& s = *impl_;
    if (s.acceptor.is_open())
        return;
    tcp::endpoint ep{asio::ip::make_address(s.options.address), s.options.port};
    s.acceptor.open(ep.protocol());
    s.acceptor.set_option(asio::socket_base::reuse_address(true));
    s.acceptor.bind(ep);
    s.acceptor.listen(asio::socket_base::max_listen_connections);
    s.bound_port = s.acceptor.local_endpoint().port();
}

void Server::start() {
    auto& s = *impl_;
    bind();
    s.handlers = std::make_unique<asio::thread_pool>(std::max(1, s.options.handler_threads));
    s.work.emplace(s.ioc.get_executor());
    asio::co_spawn(s.acceptor.get_executor(), s.accept_loop(), asio::detached);
    for (int i = 0; i < std::max(1, s.options.io_threads); ++i) {
        s.threads.emplace_back([&s] { s.ioc.run(); });
    }
}

std::uint16_t Server::port() const {
    return impl_->bound_port;
}

void Server::stop() {
    auto& s = *impl_;
    {
        std::lock_guard lock(s.mutex);
        if (s.stopped || s.threads.empty()) {
            s.stopped = true;
            return;
        }
        s.stopped = true;
        s.stopping = true;
    }
    asio::post(s.acceptor.get_executor(), [&s] {
        beast::error_code ec;
        s.acceptor.close(ec);
    });
    // Idle keep-alive connections are closed now; busy ones finish their request first and
    // then close because `stopping` turns keep-alive off.
    auto close_idle = [&s] {
        std::lock_guard lock(s.mutex);
        for (const auto& conn : s.connections) {
            if (!conn->busy) {
                asio::post(conn->stream.get_executor(), [conn] {
                    if (!conn->busy)
                        conn->stream.cancel();
                });
            }
        }
    };
    close_idle();
    {
        std::unique_lock lock(s.mutex);
        const auto deadline = std::chrono::steady_clock::now() + s.options.drain_timeout;
        while (!s.connections.empty()) {
            if (s.drained.wait_until(lock,
                                     std::min(deadline, std::chrono::steady_clock::now() +
                                                            std::chrono::milliseconds(100))) ==
                    std::cv_status::timeout &&
                std::chrono::steady_clock::now() >= deadline) {
                break;
            }
            lock.unlock();
            close_idle();  // a request that finished since the last pass left an idle connection
            lock.lock();
        }
    }
    s.work.reset();
    s.ioc.stop();
    for (auto& t : s.threads)
        t.join();
    s.threads.clear();
    if (s.handlers)
        s.handlers->join();
}

void Server::run_until_signal() {
    block_stop_signals();
    wait_for_stop_signal();
    stop();
}

}  // namespace sb::http
