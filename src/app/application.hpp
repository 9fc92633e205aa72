#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "config/settings.hpp"
#include "domain/auth_service.hpp"

namespace sb::app {

// The composition root: builds every component in dependency order from Settings.
class Application {
  public:
    explicit Application(config::Settings settings);
    ~Application();

    // On an empty database, creates the "admin" account and a client with every scope, and
    // returns its credentials (shown once by the caller). Otherwise nothing.
    std::optional<domain::NewClient> ensure_bootstrap_client();

    void start();  // listens; port() is valid afterwards
    std::uint16_t port() const;
    void stop();  // graceful
    void run_until_signal();

    domain::AuthService& auth();

  private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

// The 32-byte key that encrypts secrets at rest: from settings.master_key (base64) or the
// key file <data_dir>/master.key, created with mode 0600 when missing.
std::string load_master_key(const config::Settings& settings);

}  // namespace sb::app
