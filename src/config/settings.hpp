#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sb::config {

struct Settings {
    std::string listen_host = "127.0.0.1";
    std::uint16_t listen_port = 8080;
    std::string data_dir = "./data";
    std::string database;    // empty: SQLite at <data_dir>/storebridge.db
    std::string public_url;  // empty: http://<listen>
    std::string master_key;  // base64 of 32 bytes; empty: <data_dir>/master.key
    int io_threads = 2;
    int handler_threads = 32;
    // Requests waiting for or on a handler thread before more are shed with 503 + Retry-After.
    int max_queued_requests = 1024;
    std::size_t body_limit = 1024 * 1024;
    std::int64_t token_ttl_seconds = 3600;
    int request_timeout_seconds = 30;
    int shutdown_grace_seconds = 10;
    bool access_log = true;
    int sync_workers = 2;
    // connector id -> base URL that replaces https://{shop domain} (local emulators).
    std::map<std::string, std::string> connector_base_urls;
    // Whether calls to stores may go to loopback, private, link-local and metadata
    // addresses. Off: a store is on the public internet (a connector's base URL override is
    // the operator's own choice and is always allowed).
    bool allow_private_targets = false;
    int sync_interval_minutes = 15;
    // Webhooks out: threads sending events from this server (0: none), and a factor on the
    // retry schedule (tests and demos shrink it; 1 in production).
    int event_senders = 2;
    double event_retry_scale = 1.0;

    std::string database_url() const;
    std::string effective_public_url() const;
};

// A bad flag, environment value or combination: one clear line for the operator.
class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct Key {
    std::string_view flag;  // "--listen"
    std::string_view env;   // "STOREBRIDGE_LISTEN"
    std::string_view help;
    std::function<void(Settings&, std::string_view)> apply;  // validates; throws ConfigError
};

// The one table of settings keys: flag, environment variable, meaning and check.
const std::vector<Key>& keys();

using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;
EnvLookup process_env();

// Environment first, then flags on top. Unknown flags and bad values throw ConfigError.
// `allowed` limits the flags a subcommand takes (empty: all). Positional arguments are
// returned in `positional`.
Settings parse(const std::vector<std::string>& args, const EnvLookup& env,
               std::vector<std::string>* positional = nullptr,
               const std::vector<std::string_view>& extra_flags = {},
               std::vector<std::pair<std::string, std::string>>* extra_values = nullptr);

std::string usage();

}  // namespace sb::config
