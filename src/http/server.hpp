#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/message.hpp"

namespace sb::http {

struct ServerOptions {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;  // 0 picks a free port
    int io_threads = 1;
    // Handlers may block (database, platforms), so they run on their own pool, except the
    // requests `Placement` keeps on the I/O thread.
    int handler_threads = 4;
    // Limits on what a client may send; a request over one is answered (413, 414 or 431 in
    // the error shape) and its connection closed.
    std::size_t body_limit = 1024 * 1024;
    // Routes that take larger bodies (e.g. batches pushed by a store): when `takes_large_body`
    // says so for a request's target (called on the I/O thread with the raw target; must be
    // cheap and must not throw), its limit is `large_body_limit` instead.
    std::size_t large_body_limit = 0;
    std::function<bool(std::string_view target)> takes_large_body;
    // Request line and header fields together, in bytes (Beast's default). A request line
    // that alone does not fit is a 414, anything else over it a 431.
    std::uint32_t header_limit = 8 * 1024;
    std::size_t max_header_fields = 100;  // more is a 431
    // Requests waiting for or running on a handler thread at most; one more is answered 503
    // service_unavailable with Retry-After at once (load shedding: a platform retries, and
    // what is accepted is answered in time). 0: no bound.
    int max_queued_requests = 0;
    std::chrono::milliseconds read_timeout{30'000};  // per read: headers, body, idle keep-alive
    std::chrono::milliseconds write_timeout{30'000};
    std::chrono::milliseconds drain_timeout{10'000};
};

struct Exchange {
    const Request& request;
    const Response& response;  // its body has gone to the wire: see body_bytes
    std::size_t body_bytes;
    std::chrono::steady_clock::duration elapsed;
};

// Called on a handler thread (or the I/O thread, see Placement) with a parsed request; must
// not throw.
using Dispatch = std::function<Response(Request&)>;
// Called on the I/O thread: true when the request is quick, CPU-bound work (a read of an
// in-process database) that costs less than the hop to the handler pool and back. Such
// requests are dispatched on the I/O thread. Must be cheap and must not throw.
using Placement = std::function<bool(Request&)>;
// Called once per answered request, for access logs and metrics.
using Observer = std::function<void(const Exchange&)>;

class Server {
  public:
    Server(ServerOptions options, Dispatch dispatch, Observer observer = {},
           Placement placement = {});
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds the listening socket (port() is valid after). Throws std::system_error.
    void bind();
    // Binds if needed and starts the I/O and handler threads.
    void start();
    std::uint16_t port() const;
    // Stops accepting, lets in-flight requests finish (bounded by drain_timeout), closes idle
    // connections and joins every thread. Safe to call more than once.
    void stop();
    // Blocks until SIGINT or SIGTERM, then stop(). Call block_stop_signals() (core/signals.hpp)
    // before start() so that a signal arriving in between is not lost.
    void run_until_signal();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sb::http
