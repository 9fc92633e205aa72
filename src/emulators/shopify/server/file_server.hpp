#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

// The "cloud storage" of bulk results: a separate listener (as Shopify's URLs point at
// another host) that streams files from disk with a signed path, never loading them whole.
namespace sb::emulators::shopify {

class FileServer {
  public:
    // Maps a request target to a file path, or "" for 403.
    using Resolve = std::function<std::string(const std::string& target)>;
    // Asked once per request; true: reset the connection without answering (fault injection).
    using Reset = std::function<bool()>;
    FileServer(std::string host, Resolve resolve, Reset reset = {});
    ~FileServer();
    void start();
    void stop();
    std::uint16_t port() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sb::emulators::shopify
