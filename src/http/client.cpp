#include "http/client.hpp"

#include <openssl/ssl.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>
#include <map>
#include <mutex>

#include "http/message.hpp"

namespace sb::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

std::string_view client_errc_name(ClientErrc e) {
    switch (e) {
        case ClientErrc::timeout:
            return "timeout";
        case ClientErrc::connection_refused:
            return "connection_refused";
        case ClientErrc::reset:
            return "reset";
        case ClientErrc::tls:
            return "tls";
        case ClientErrc::protocol:
            return "protocol";
        case ClientErrc::too_large:
            return "too_large";
        case ClientErrc::forbidden_target:
            return "forbidden_target";
    }
    return "protocol";
}

std::optional<std::string_view> ClientResponse::header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
        if (iequals(k, name))
            return std::string_view(v);
    }
    return std::nullopt;
}

namespace {

struct Origin {
    bool tls = false;
    std::string host;
    std::string port;
    std::string target;
    std::string key() const { return (tls ? "https://" : "http://") + host + ":" + port; }
    std::string host_header() const {
        const bool default_port = (tls && port == "443") || (!tls && port == "80");
        return default_port ? host : host + ":" + port;
    }
};

Origin parse_origin(const std::string& url) {
    auto u = boost::urls::parse_absolute_uri(url);
    if (!u)
        throw ClientError(ClientErrc::protocol, "invalid URL");
    Origin o;
    const auto scheme = u->scheme();
    if (scheme == "https")
        o.tls = true;
    else if (scheme != "http")
        throw ClientError(ClientErrc::protocol, "unsupported URL scheme");
    o.host = std::string(u->host_address());
    if (o.host.empty())
        throw ClientError(ClientErrc::protocol, "URL without host");
    o.port = u->has_port() ? std::string(u->port()) : (o.tls ? "443" : "80");
    o.target = std::string(u->encoded_path());
    if (o.target.empty())
        o.target = "/";
    if (u->has_query())
        o.target += "?" + std::string(u->encoded_query());
    return o;
}

ClientErrc classify(const beast::error_code& ec) {
    if (ec == beast::error::timeout || ec == asio::error::timed_out ||
        ec == asio::error::operation_aborted)
        return ClientErrc::timeout;
    if (ec == asio::error::connection_refused || ec == asio::error::host_not_found ||
        ec == asio::error::host_not_found_try_again || ec == asio::error::host_unreachable ||
        ec == asio::error::network_unreachable || ec == asio::error::no_data)
        return ClientErrc::connection_refused;
    if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit ||
        ec == bhttp::error::buffer_overflow)
        return ClientErrc::too_large;
    if (ec == asio::error::connection_reset || ec == asio::error::eof ||
        ec == asio::error::broken_pipe || ec == bhttp::error::end_of_stream ||
        ec == bhttp::error::partial_message || ec == ssl::error::stream_truncated ||
        ec == asio::error::connection_aborted)
        return ClientErrc::reset;
    if (ec.category() == asio::error::get_ssl_category())
        return ClientErrc::tls;
    return ClientErrc::protocol;
}

[[noreturn]] void fail(const beast::error_code& ec, std::string_view stage) {
    const auto code = classify(ec);
    throw ClientError(code, std::string(stage) + ": " + std::string(client_errc_name(code)) + " (" +
                                ec.message() + ")");
}

bool private_address(const asio::ip::address& a) {
    if (a.is_v6()) {
        const auto v6 = a.to_v6();
        if (v6.is_v4_mapped())
            return private_address(asio::ip::make_address_v4(asio::ip::v4_mapped, v6));
        const auto b = v6.to_bytes();
        return v6.is_loopback() || v6.is_unspecified() || v6.is_link_local() ||
               v6.is_site_local() || v6.is_multicast() || (b[0] & 0xfe) == 0xfc;
    }
    const std::uint32_t v = a.to_v4().to_uint();
    auto in = [v](std::uint32_t net, int bits) {
        return (v >> (32 - bits)) == (net >> (32 - bits));
    };
    return in(0x00000000, 8) ||                     // 0.0.0.0/8 "this network"
           in(0x0a000000, 8) ||                     // 10/8
           in(0x64400000, 10) ||                    // 100.64/10 carrier-grade NAT
           in(0x7f000000, 8) ||                     // 127/8 loopback
           in(0xa9fe0000, 16) ||                    // 169.254/16 link-local, metadata
           in(0xac100000, 12) ||                    // 172.16/12
           in(0xc0000000, 24) ||                    // 192.0.0/24 protocol assignments
           in(0xc0a80000, 16) ||                    // 192.168/16
           in(0xc6120000, 15) ||                    // 198.18/15 benchmarking
           in(0xe0000000, 4) || in(0xf0000000, 4);  // multicast, reserved, broadcast
}

// One connection with its private event loop: every operation is started asynchronously
// with a deadline and the loop runs until it completes, which gives blocking calls with
// timeouts without a shared I/O thread.
struct Connection {
    asio::io_context ioc;
    std::optional<beast::tcp_stream> plain;
    std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
    beast::flat_buffer buffer;
    Clock::time_point idle_since{};
    bool reused = false;

    beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }

    template <class Start>
    beast::error_code run(Start&& start) {
        beast::error_code result = asio::error::would_block;
        bool done = false;
        start([&](beast::error_code ec, auto&&...) {
            result = ec;
            done = true;
        });
        ioc.restart();
        ioc.run();
        if (!done)
            return asio::error::operation_aborted;
        return result;
    }

    template <class Message>
    beast::error_code write(Message& m, std::chrono::milliseconds timeout) {
        lowest().expires_after(timeout);
        return run([&](auto h) {
            if (secure)
                bhttp::async_write(*secure, m, h);
            else
                bhttp::async_write(*plain, m, h);
        });
    }

    template <class Parser>
    beast::error_code read_header(Parser& p, std::chrono::milliseconds timeout) {
        lowest().expires_after(timeout);
        return run([&](auto h) {
            if (secure)
                bhttp::async_read_header(*secure, buffer, p, h);
            else
                bhttp::async_read_header(*plain, buffer, p, h);
        });
    }

    template <class Parser>
    beast::error_code read(Parser& p, std::chrono::milliseconds timeout) {
        lowest().expires_after(timeout);
        return run([&](auto h) {
            if (secure)
                bhttp::async_read(*secure, buffer, p, h);
            else
                bhttp::async_read(*plain, buffer, p, h);
        });
    }

    void close() {
        beast::error_code ec;
        if (plain || secure)
            lowest().socket().close(ec);
    }
};

using WireRequest = bhttp::request<bhttp::string_body>;

}  // namespace

struct Client::Impl {
    ClientOptions options;
    ssl::context tls_context{ssl::context::tls_client};
    std::mutex mutex;
    std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle;

    explicit Impl(ClientOptions o) : options(std::move(o)) {
        tls_context.set_default_verify_paths();
        if (!options.extra_ca_file.empty())
            tls_context.load_verify_file(options.extra_ca_file);
        tls_context.set_verify_mode(ssl::verify_peer);
        SSL_CTX_set_min_proto_version(tls_context.native_handle(), TLS1_2_VERSION);
    }

    std::unique_ptr<Connection> take_idle(const std::string& key) {
        std::lock_guard lock(mutex);
        auto it = idle.find(key);
        if (it == idle.end())
            return nullptr;
        auto& v = it->second;
        while (!v.empty()) {
            auto c = std::move(v.back());
            v.pop_back();
            if (Clock::now() - c->idle_since < options.max_idle) {
                c->reused = true;
                return c;
            }
            c->close();
        }
        return nullptr;
    }

    void give_back(const std::string& key, std::unique_ptr<Connection> c) {
        c->idle_since = Clock::now();
        std::lock_guard lock(mutex);
        auto& v = idle[key];
        if (v.size() < options.max_idle_per_host)
            v.push_back(std::move(c));
        else
            c->close();
    }

    std::unique_ptr<Connection> connect(const Origin& o) {
        auto c = std::make_unique<Connection>();
        const auto deadline = Clock::now() + options.connect_timeout;
        tcp::resolver resolver(c->ioc);
        asio::steady_timer timer(c->ioc);
        tcp::resolver::results_type endpoints;
        beast::error_code ec = c->run([&](auto h) {
            timer.expires_at(deadline);
            timer.async_wait([&resolver](beast::error_code e) {
                if (!e)
                    resolver.cancel();
            });
            resolver.async_resolve(o.host, o.port,
                                   [&, h](beast::error_code e, tcp::resolver::results_type r) {
                                       timer.cancel();
                                       endpoints = std::move(r);
                                       h(e);
                                   });
        });
        if (ec == asio::error::operation_aborted)
            ec = beast::error::timeout;
        if (ec)
            fail(ec, "resolve");
        std::vector<tcp::endpoint> allowed;
        for (const auto& e : endpoints) {
            if (options.allow_private_targets || !private_address(e.endpoint().address()))
                allowed.push_back(e.endpoint());
        }
        if (allowed.empty()) {
            throw ClientError(ClientErrc::forbidden_target,
                              "connect: the host is not at an address a store can be at");
        }
        auto remaining = [&] {
            return std::max(
                std::chrono::milliseconds(1),
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
        };
        if (o.tls) {
            c->secure.emplace(c->ioc, tls_context);
            // SNI, and the certificate must name this host.
            if (!SSL_set_tlsext_host_name(c->secure->native_handle(), o.host.c_str()))
                throw ClientError(ClientErrc::tls, "connect: cannot set SNI host name");
            c->secure->set_verify_callback(ssl::host_name_verification(o.host));
        } else {
            c->plain.emplace(c->ioc);
        }
        c->lowest().expires_after(remaining());
        ec = c->run([&](auto h) {
            c->lowest().async_connect(allowed,
                                      [h](beast::error_code e, const tcp::endpoint&) { h(e); });
        });
        if (ec)
            fail(ec, "connect");
        if (c->secure) {
            c->lowest().expires_after(remaining());
            ec = c->run([&](auto h) { c->secure->async_handshake(ssl::stream_base::client, h); });
            if (ec)
                fail(ec, "tls handshake");
        }
        return c;
    }

    WireRequest build(const Origin& o, const ClientRequest& r) const {
        bhttp::verb verb = bhttp::string_to_verb(r.method);
        if (verb == bhttp::verb::unknown)
            throw ClientError(ClientErrc::protocol, "unsupported HTTP method");
        WireRequest req{verb, o.target, 11};
        req.set(bhttp::field::host, o.host_header());
        req.set(bhttp::field::user_agent, options.user_agent);
        for (const auto& [k, v] : r.headers)
            req.set(k, v);
        req.body() = r.body;
        if (!r.body.empty() || verb == bhttp::verb::post || verb == bhttp::verb::put ||
            verb == bhttp::verb::patch)
            req.prepare_payload();
        req.keep_alive(true);
        return req;
    }

    // Sends on a pooled connection when there is one. A pooled connection the server closed
    // while idle fails before any response byte; only then is the request sent again, on a
    // fresh connection, since the server cannot have acted on it.
    template <class Exchange>
    auto exchange(const ClientRequest& r, Exchange&& ex) {
        const Origin o = parse_origin(r.url);
        const auto timeout = r.io_timeout.value_or(options.io_timeout);
        WireRequest req = build(o, r);
        for (int attempt = 0;; ++attempt) {
            auto c = attempt == 0 ? take_idle(o.key()) : nullptr;
            if (!c)
                c = connect(o);
            beast::error_code ec = c->write(req, timeout);
            bhttp::response_parser<bhttp::empty_body> head;
            head.body_limit(boost::none);
            if (!ec)
                ec = c->read_header(head, timeout);
            if (ec) {
                c->close();
                const bool stale = c->reused && (classify(ec) == ClientErrc::reset);
                if (stale && attempt == 0)
                    continue;
                fail(ec, "exchange");
            }
            return ex(o, head, timeout, std::move(c));
        }
    }

    static void copy_headers(const bhttp::response_header<>& h, ClientResponse& out) {
        out.status = static_cast<int>(h.result_int());
        for (const auto& f : h)
            out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    }

    ClientResponse read_rest(const Origin& o, std::unique_ptr<Connection> c,
                             bhttp::response_parser<bhttp::empty_body>& head,
                             std::chrono::milliseconds timeout) {
        // The header was read without a limit; a declared length is checked here, chunked
        // bodies by the parser as they arrive.
        if (auto cl = head.content_length(); cl && *cl > options.body_limit) {
            c->close();
            throw ClientError(ClientErrc::too_large, "read: too_large (declared body length)");
        }
        bhttp::response_parser<bhttp::string_body> p(std::move(head));
        p.body_limit(options.body_limit);
        beast::error_code ec;
        if (!p.is_done())
            ec = c->read(p, timeout);
        if (ec) {
            c->close();
            fail(ec, "read");
        }
        ClientResponse out;
        auto msg = p.release();
        copy_headers(msg.base(), out);
        out.body = std::move(msg.body());
        if (msg.keep_alive())
            give_back(o.key(), std::move(c));
        else
            c->close();
        return out;
    }
};

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

core::Counters* Client::counters() const {
    return impl_->options.counters;
}

Client::~Client() {
    std::lock_guard lock(impl_->mutex);
    for (auto& [k, v] : impl_->idle) {
        for (auto& c : v)
            c->close();
    }
}

ClientResponse Client::send(const ClientRequest& request) {
    return impl_->exchange(
        request, [this](const Origin& o, bhttp::response_parser<bhttp::empty_body>& head,
                        std::chrono::milliseconds timeout, std::unique_ptr<Connection> c) {
            return impl_->read_rest(o, std::move(c), head, timeout);
        });
}

ClientResponse Client::stream(const ClientRequest& request,
                              const std::function<bool(std::string_view)>& on_data) {
    return impl_->exchange(request,
                           [&](const Origin& o, bhttp::response_parser<bhttp::empty_body>& head,
                               std::chrono::milliseconds timeout, std::unique_ptr<Connection> c) {
                               const int status = static_cast<int>(head.get().result_int());
                               if (status < 200 || status > 299)
                                   return impl_->read_rest(o, std::move(c), head, timeout);
                               bhttp::response_parser<bhttp::buffer_body> p(std::move(head));
                               p.body_limit(boost::none);
                               ClientResponse out;
                               Impl::copy_headers(p.get().base(), out);
                               static constexpr std::size_t k_chunk = 64 * 1024;
                               std::unique_ptr<char[]> buf(new char[k_chunk]);
                               while (!p.is_done()) {
                                   p.get().body().data = buf.get();
                                   p.get().body().size = k_chunk;
                                   beast::error_code ec = c->read(p, timeout);
                                   if (ec == bhttp::error::need_buffer)
                                       ec = {};
                                   if (ec) {
                                       c->close();
                                       fail(ec, "read");
                                   }
                                   const std::size_t n = k_chunk - p.get().body().size;
                                   if (n > 0 && !on_data(std::string_view(buf.get(), n))) {
                                       c->close();
                                       return out;
                                   }
                               }
                               if (p.get().keep_alive())
                                   impl_->give_back(o.key(), std::move(c));
                               else
                                   c->close();
                               return out;
                           });
}

bool is_private_address(std::string_view ip) {
    beast::error_code ec;
    const auto a = asio::ip::make_address(ip, ec);
    return !ec && private_address(a);
}

}  // namespace sb::http
