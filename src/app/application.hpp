#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "config/settings.hpp"
#include "crypto/keyring.hpp"
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
    const crypto::Keyring& keyring() const;

  private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

// The keys that seal secrets at rest: from settings.master_key (base64 keys, comma separated,
// the sealing key first) or the key file <data_dir>/master.key (one base64 key a line),
// created with one new key and mode 0600 when missing.
crypto::Keyring load_keyring(const config::Settings& settings);
std::string key_file_path(const config::Settings& settings);
// Writes the key file atomically with mode 0600.
void write_key_file(const std::string& path, const std::vector<std::string>& keys);

// `storebridge admin rotate-key`: seals every secret with a new key. Returns what to print.
std::string rotate_master_key(const config::Settings& settings);

}  // namespace sb::app
