#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "emulators/common/faults.hpp"
#include "emulators/common/options.hpp"
#include "emulators/common/runtime.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

// The server runtime under every emulator. A platform's Emulator derives from Emulator<its
// options>, builds its runtime and router, and hands them over with serve(); it gets start() (a
// port or port 0, I/O and handler threads), stop(), wait_for_signal(), port(), admin_token() and
// options().
namespace sb::emulators::common {

// A background part of an emulator: started before the server takes requests, stopped after it
// stopped, in reverse order (webhook delivery, bulk runs, a second listener).
struct Worker {
    std::function<void()> start;  // may be empty
    std::function<void()> stop;   // may be empty
};

class EmulatorServer {
  public:
    EmulatorServer(const EmulatorServer&) = delete;
    EmulatorServer& operator=(const EmulatorServer&) = delete;

    // Throws std::runtime_error (a boost::system::system_error) when the port cannot be bound.
    void start();
    // In-flight requests finish, then the workers stop. Safe to call more than once.
    void stop();
    // Blocks until SIGINT/SIGTERM, then stops; block_stop_signals() must precede start().
    void wait_for_signal();
    std::uint16_t port() const;
    // A pre-installed offline token with every scope, for curl and tests.
    const std::string& admin_token() const;

  protected:
    EmulatorServer();
    // The derived emulator's destructor must call stop() first: the workers and the dispatch
    // reach into its state.
    ~EmulatorServer();
    // Once, from the derived emulator's constructor: its runtime, where to listen and what
    // answers.
    void serve(const RuntimeBase& runtime, const BaseOptions& listen, http::Dispatch dispatch,
               std::vector<Worker> workers);

  private:
    const RuntimeBase* runtime_ = nullptr;
    http::ServerOptions server_options_;
    http::Dispatch dispatch_;
    std::vector<Worker> workers_;
    std::unique_ptr<http::Server> server_;
};

template <class Options>
class Emulator : public EmulatorServer {
  public:
    const Options& options() const { return *options_; }

  protected:
    Emulator() = default;
    ~Emulator() = default;
    void serve(const RuntimeBase& runtime, const Options& options, http::Dispatch dispatch,
               std::vector<Worker> workers) {
        options_ = &options;
        EmulatorServer::serve(runtime, options, std::move(dispatch), std::move(workers));
    }

  private:
    const Options* options_ = nullptr;
};

// Routing as every emulator answers it: the route's handler; 404 "Not Found" for an unknown
// path, 405 "Method Not Allowed" for a known path asked with another method, 500 with the
// exception's message when a handler throws, each in the platform's error shape.
http::Response route(const http::Router& router, http::Request& req, const ErrorBody& error);
http::Response unrouted(const http::Match& m, const ErrorBody& error);
http::Response call(const http::Route& route, const http::Request& req, const http::Context& ctx,
                    const ErrorBody& error);

}  // namespace sb::emulators::common
