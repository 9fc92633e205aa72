#include "http/server.hpp"

#include <algorithm>
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
#include <cctype>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <iterator>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>
#include <thread>
#include <vector>

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
    if (!keep_alive)
        out.set(bhttp::field::connection, "close");  // HTTP/1.0 too: keep_alive(false) omits it
    const auto size = in.body.size();
    out.body() = std::move(in.body);
    out.prepare_payload();
    if (head) {
        out.body().clear();
        out.content_length(size);
    }
    return out;
}

// Requests the server cannot read, or will not serve as read (below), are each answered in the
// error shape and their connection closed: once the framing of one request is in doubt,
// nothing after it on the wire can be trusted.

bool is_tchar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar);
}

bool is_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// What is left in the read buffer, at most `limit` bytes. After a failed read Beast has
// consumed everything before the element it refused (the request line, or the field), so
// that element comes first.
std::string_view unread(const beast::flat_buffer& buffer, std::size_t limit) {
    const auto data = buffer.data();
    return {static_cast<const char*>(data.data()), std::min(data.size(), limit)};
}

std::string_view first_line(std::string_view s) {
    return s.substr(0, s.find("\r\n"));
}

ApiError malformed(std::string description, std::vector<FieldError> fields = {}) {
    return ApiError(Errc::bad_request, "Malformed HTTP request", std::move(description),
                    std::move(fields));
}

// Beast reads HTTP/1.0 and HTTP/1.1 only. A request line whose version is well formed
// (`HTTP/` DIGIT `.` DIGIT, case-sensitive, RFC 9112 section 2.3) names a version this server
// does not speak (505); any other is a malformed request line (400).
ApiError version_error(std::string_view line) {
    const auto sp1 = line.find(' ');
    const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 != std::string_view::npos) {
        const auto v = line.substr(sp2 + 1);
        if (v.size() == 8 && v.substr(0, 5) == "HTTP/" &&
            std::isdigit(static_cast<unsigned char>(v[5])) && v[6] == '.' &&
            std::isdigit(static_cast<unsigned char>(v[7]))) {
            return ApiError(Errc::http_version_not_supported, "HTTP version not supported",
                            "This server speaks HTTP/1.1 and HTTP/1.0.");
        }
    }
    return malformed("The request line has no valid HTTP version.");
}

// The answer to a read that failed, or nullopt when there is no one to answer: the peer closed
// before sending anything, or the read timed out or was cancelled.
std::optional<ApiError> read_failure(const beast::error_code& ec,
                                     const bhttp::request<bhttp::string_body>& msg,
                                     const beast::flat_buffer& buffer, const ServerOptions& options,
                                     std::size_t body_limit) {
    if (ec.category() != bhttp::make_error_code(bhttp::error::end_of_stream).category() ||
        ec == bhttp::error::end_of_stream)
        return std::nullopt;
    const auto limit = std::to_string(options.header_limit);
    switch (static_cast<bhttp::error>(ec.value())) {
        case bhttp::error::header_limit: {
            const auto rest = unread(buffer, options.header_limit);
            // The request line was read (Beast keeps its target), or is in the buffer whole:
            // the header fields are what does not fit.
            if (!msg.target().empty() || rest.find("\r\n") != std::string_view::npos) {
                return ApiError(Errc::request_header_fields_too_large,
                                "Request header fields are too large",
                                "The request line and header fields may take " + limit + " bytes.");
            }
            // The request line alone does not fit: after a method, that is its target.
            const auto sp = rest.find(' ');
            if (sp != std::string_view::npos && is_token(rest.substr(0, sp))) {
                return ApiError(Errc::uri_too_long, "Request target is too long",
                                "The request line may take " + limit + " bytes.");
            }
            return malformed("The request line is not valid.");
        }
        case bhttp::error::body_limit:
            return ApiError(Errc::payload_too_large, "Request body is too large",
                            "The limit is " + std::to_string(body_limit) + " bytes.");
        case bhttp::error::bad_version:
            return version_error(first_line(unread(buffer, options.header_limit)));
        case bhttp::error::bad_content_length: {
            // Beast stops at the field it refused, so it is first in the buffer.
            const auto line = first_line(unread(buffer, options.header_limit));
            const auto colon = line.find(':');
            const auto value = colon == std::string_view::npos ? std::string_view{}
                                                               : trim_ows(line.substr(colon + 1));
            std::uint64_t n = 0;
            const auto parsed = std::from_chars(value.data(), value.data() + value.size(), n);
            if (is_digits(value) && parsed.ec == std::errc::result_out_of_range) {
                // A valid Content-Length (RFC 9110 section 8.6) too large for 64 bits: a body
                // no limit admits, as a smaller one over the limit is.
                return ApiError(Errc::payload_too_large, "Request body is too large",
                                "The limit is " + std::to_string(body_limit) + " bytes.");
            }
            const std::vector<FieldError> cl{{"Content-Length", "a single decimal length"}};
            if (is_digits(value))  // a good length after Transfer-Encoding: chunked
                return malformed("Content-Length comes with Transfer-Encoding.", cl);
            return malformed("Content-Length is not a decimal length.", cl);
        }
        case bhttp::error::bad_target: {
            // Without a version the target runs into the line's end.
            const auto line = first_line(unread(buffer, options.header_limit));
            const auto sp = line.find(' ');
            if (sp != std::string_view::npos && line.find(' ', sp + 1) == std::string_view::npos)
                return malformed("The request line has no HTTP version.");
            return malformed("The request target is not valid.");
        }
        case bhttp::error::multiple_content_length:
            return malformed("The request has Content-Length values that differ.",
                             {{"Content-Length", "a single decimal length"}});
        case bhttp::error::bad_transfer_encoding:
            return malformed("Transfer-Encoding is repeated, or comes with Content-Length.",
                             {{"Transfer-Encoding", "chunked, alone"}});
        case bhttp::error::bad_chunk:
        case bhttp::error::bad_chunk_extension:
            return malformed("The chunked body is not valid.");
        case bhttp::error::partial_message:
            return malformed("The request ended before it was complete.");
        default:
            return malformed("The request is not valid HTTP/1.1 (" + ec.message() + ").");
    }
}

// Checks Beast leaves to the server, on a request whose header it has read; `chunked`: Beast
// frames its body as chunked.
std::optional<ApiError> check_header(const bhttp::request<bhttp::string_body>& msg, bool chunked,
                                     const ServerOptions& options) {
    if (static_cast<std::size_t>(std::distance(msg.begin(), msg.end())) >
        options.max_header_fields) {
        return ApiError(Errc::request_header_fields_too_large, "Too many header fields",
                        "The limit is " + std::to_string(options.max_header_fields) + " fields.");
    }
    // Beast frames a body as chunked when chunked is the last coding and reads no body at all
    // when it is not, which would take the body for the next request. Only `chunked`, once
    // and alone, is accepted (RFC 9112 section 6.1).
    const auto [first, last] = msg.equal_range(bhttp::field::transfer_encoding);
    if (first == last)
        return std::nullopt;
    const std::vector<FieldError> te{{"Transfer-Encoding", "chunked, alone"}};
    int named = 0;
    for (auto it = first; it != last; ++it) {
        std::string_view list = it->value();
        while (!list.empty()) {
            const auto comma = list.find(',');
            const auto element = trim_ows(list.substr(0, comma));
            list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
            if (element.empty())
                continue;
            const auto name = trim_ows(element.substr(0, element.find(';')));
            if (!is_token(name))
                return malformed("Transfer-Encoding is not a list of codings.", te);
            if (!iequals(name, "chunked")) {
                return ApiError(Errc::not_implemented, "Transfer coding not supported",
                                "This server decodes the chunked transfer coding only.", te);
            }
            if (name.size() != element.size())
                return malformed("The chunked transfer coding takes no parameters.", te);
            ++named;
        }
    }
    if (msg.version() < 11)
        return malformed("HTTP/1.0 has no Transfer-Encoding.", te);
    // Should Beast read the list otherwise than this does, the body's framing is in doubt.
    if (named != 1 || !chunked)
        return malformed("Transfer-Encoding must name chunked once.", te);
    return std::nullopt;
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
    std::atomic<int> queued{0};  // requests waiting for or on a handler thread
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
        if (options.max_queued_requests > 0 && queued.load() >= options.max_queued_requests) {
            auto res = error_response(Errc::service_unavailable, "The server is busy",
                                      "Too many requests are waiting; retry after Retry-After "
                                      "seconds.");
            res.set_header("Retry-After", "1");
            co_return res;
        }
        ++queued;
        struct Done {
            std::atomic<int>& n;
            ~Done() { --n; }
        } done{queued};
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

    // Room for a typical request (headers and a webhook's few kilobytes) in one read: Beast
    // reads what fits in the buffer's capacity, at least 512 bytes, so a buffer left at its
    // first allocation took a 5 KB delivery in a dozen reads. A request's declared body gets
    // room before it is read; a buffer grown past kReadRoomMax is released after its request.
    static constexpr std::size_t kReadRoom = 16 * 1024;
    static constexpr std::size_t kReadRoomMax = 256 * 1024;

    asio::awaitable<void> session(std::shared_ptr<Connection> conn) {
        beast::flat_buffer buffer;
        buffer.reserve(kReadRoom);
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
            parser.header_limit(options.header_limit);
            // The header is read under the largest limit any route takes; then the request's
            // own limit applies, before any of the body is read.
            const bool large_routes = options.takes_large_body && options.large_body_limit > 0;
            std::size_t body_limit = options.body_limit;
            parser.body_limit(large_routes ? std::max(options.body_limit, options.large_body_limit)
                                           : options.body_limit);
            conn->stream.expires_after(options.read_timeout);
            co_await bhttp::async_read_header(conn->stream, buffer, parser,
                                              asio::redirect_error(asio::use_awaitable, ec));
            if (large_routes && (!ec || ec == bhttp::error::body_limit) &&
                options.takes_large_body(std::string_view(parser.get().target())))
                body_limit = std::max(options.body_limit, options.large_body_limit);
            // A request that cannot be served as read is refused: answered, then closed. A
            // declared Content-Length over the limit fails here, before any body is read, with
            // every field parsed.
            std::optional<ApiError> refusal;
            if (!ec || ec == bhttp::error::body_limit)
                refusal = check_header(parser.get(), parser.chunked(), options);
            if (!refusal && !ec && parser.content_length() && *parser.content_length() > body_limit)
                refusal = ApiError(Errc::payload_too_large, "Request body is too large",
                                   "The limit is " + std::to_string(body_limit) + " bytes.");
            if (!refusal && !ec) {
                parser.body_limit(body_limit);
                if (const auto declared = parser.content_length())
                    buffer.reserve(std::min<std::size_t>(buffer.size() + *declared, kReadRoomMax));
            }
            if (!refusal && ec)
                refusal = read_failure(ec, parser.get(), buffer, options, body_limit);
            if (ec && !refusal)
                break;  // closed, timed out, cancelled
            conn->busy = true;
            const auto start = std::chrono::steady_clock::now();

            if (!refusal &&
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
            if (!refusal && !parser.is_done()) {
                conn->stream.expires_after(options.read_timeout);
                co_await bhttp::async_read(conn->stream, buffer, parser,
                                           asio::redirect_error(asio::use_awaitable, ec));
                if (ec) {
                    refusal = read_failure(ec, parser.get(), buffer, options, body_limit);
                    if (!refusal)
                        break;
                }
            }
            auto& msg = parser.get();
            Request req = to_request(msg, remote);
            auto rid = req.header("x-request-id");
            req.request_id = rid && valid_request_id(*rid) ? std::string(*rid) : new_request_id();

            Response res;
            bool close_after = false;
            if (refusal) {
                res = error_response(*refusal);
                close_after = true;  // what follows on the wire cannot be framed
                unread_input = true;
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
            if (buffer.capacity() > kReadRoomMax && buffer.size() == 0) {
                buffer.shrink_to_fit();
                buffer.reserve(kReadRoom);
            }
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
