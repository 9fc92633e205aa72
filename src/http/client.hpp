#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/metrics.hpp"

// An outbound HTTP/1.1 client for platform calls. Blocking: meant for sync worker threads,
// never for a network I/O thread (each call runs its own private event loop).
namespace sb::http {

// Why a call failed before a complete response arrived.
enum class ClientErrc {
    timeout,             // connect, TLS handshake, a write or a read took too long
    connection_refused,  // nothing listens, or the host name does not resolve
    reset,               // the peer closed or reset the connection mid-exchange
    tls,                 // handshake failed, certificate invalid or for another host
    protocol,            // not HTTP/1.1, malformed URL or response
    too_large,           // the response body exceeded the limit
    forbidden_target,    // the host resolves only to addresses calls may not go to
};
std::string_view client_errc_name(ClientErrc e);

class ClientError : public std::runtime_error {
  public:
    ClientError(ClientErrc code, const std::string& what) : std::runtime_error(what), code_(code) {}
    ClientErrc code() const noexcept { return code_; }

  private:
    ClientErrc code_;
};

struct ClientRequest {
    std::string method = "GET";
    std::string url;  // absolute: http://host[:port]/path?query or https://...
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // Per request override of ClientOptions::io_timeout.
    std::optional<std::chrono::milliseconds> io_timeout;
};

struct ClientResponse {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    std::optional<std::string_view> header(std::string_view name) const;  // case-insensitive
};

struct ClientOptions {
    std::chrono::milliseconds connect_timeout{10'000};  // resolve + connect + TLS handshake
    std::chrono::milliseconds io_timeout{30'000};       // each write, each read
    std::size_t body_limit = 64 * 1024 * 1024;          // send(); stream() has no limit
    std::size_t max_idle_per_host = 4;                  // kept-alive connections per origin
    std::chrono::seconds max_idle{30};                  // an idle connection older is closed
    std::string user_agent = "Storebridge";
    std::string extra_ca_file;  // PEM trusted in addition to the system store (tests, proxies)
    // Whether connections may go to loopback, private (RFC 1918, fc00::/7), link-local (with
    // the cloud metadata address 169.254.169.254), carrier-grade NAT, unspecified, reserved
    // and multicast addresses. Checked on the resolved addresses at connect time, so a name
    // that resolves there is refused too, before any packet is sent (no port state leaks).
    bool allow_private_targets = true;
    // Where the platform calls made through this client are counted (connectors::kit::
    // PlatformClient); null: not counted. Outlives the client.
    core::Counters* counters = nullptr;
};
// True for an address a store on the internet can never have (see allow_private_targets).
bool is_private_address(std::string_view ip);

class Client {
  public:
    explicit Client(ClientOptions options = {});
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // Sends and reads the whole response. Throws ClientError.
    ClientResponse send(const ClientRequest& request);

    // For large bodies: a 2xx body goes to `on_data` chunk by chunk (return false to stop;
    // the connection is then dropped) and the returned body is empty; any other status is
    // returned with its body read as by send(). Throws ClientError.
    ClientResponse stream(const ClientRequest& request,
                          const std::function<bool(std::string_view)>& on_data);

    core::Counters* counters() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sb::http
