#include "config/settings.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace sb::config {

namespace {

template <class T>
T parse_int(std::string_view name, std::string_view v, T min, T max) {
    T out{};
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc{} || p != v.data() + v.size() || out < min || out > max) {
        throw ConfigError(std::string(name) + ": expected an integer from " + std::to_string(min) +
                          " to " + std::to_string(max) + ", got '" + std::string(v) + "'");
    }
    return out;
}

bool parse_bool(std::string_view name, std::string_view v) {
    if (v == "1" || v == "true" || v == "yes" || v == "on")
        return true;
    if (v == "0" || v == "false" || v == "no" || v == "off")
        return false;
    throw ConfigError(std::string(name) + ": expected true or false, got '" + std::string(v) + "'");
}

void apply_listen(Settings& s, std::string_view v) {
    const auto colon = v.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        throw ConfigError("--listen: expected HOST:PORT, got '" + std::string(v) + "'");
    }
    std::string host(v.substr(0, colon));
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    s.listen_host = host;
    s.listen_port = parse_int<std::uint16_t>("--listen port", v.substr(colon + 1), 0, 65535);
}

void apply_database(Settings& s, std::string_view v) {
    const bool ok = v.empty() || v.starts_with("postgres://") || v.starts_with("postgresql://") ||
                    v.starts_with("sqlite:");
    if (!ok) {
        throw ConfigError("--database: expected postgres://… or sqlite:PATH, got '" +
                          std::string(v) + "'");
    }
    s.database = v;
}

void apply_public_url(Settings& s, std::string_view v) {
    if (!v.empty() && !v.starts_with("http://") && !v.starts_with("https://")) {
        throw ConfigError("--public-url: expected an http(s) URL, got '" + std::string(v) + "'");
    }
    std::string url(v);
    while (url.size() > 1 && url.back() == '/')
        url.pop_back();
    s.public_url = url;
}

void apply_connector_base_urls(Settings& s, std::string_view v) {
    std::size_t pos = 0;
    while (pos < v.size()) {
        auto end = v.find(',', pos);
        if (end == std::string_view::npos)
            end = v.size();
        const auto item = v.substr(pos, end - pos);
        const auto eq = item.find('=');
        const auto url = eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
        if (eq == 0 || eq == std::string_view::npos ||
            !(url.starts_with("http://") || url.starts_with("https://"))) {
            throw ConfigError("--connector-base-url: expected ID=http(s)://HOST:PORT, got '" +
                              std::string(item) + "'");
        }
        std::string base(url);
        while (base.size() > 1 && base.back() == '/')
            base.pop_back();
        s.connector_base_urls[std::string(item.substr(0, eq))] = base;
        pos = end + 1;
    }
}

}  // namespace

std::string Settings::database_url() const {
    if (!database.empty())
        return database;
    return "sqlite:" + data_dir + "/storebridge.db";
}

std::string Settings::effective_public_url() const {
    if (!public_url.empty())
        return public_url;
    return "http://" + listen_host + ":" + std::to_string(listen_port);
}

const std::vector<Key>& keys() {
    static const std::vector<Key> table = {
        {"--listen", "STOREBRIDGE_LISTEN", "address and port to serve on (default 127.0.0.1:8080)",
         apply_listen},
        {"--data-dir", "STOREBRIDGE_DATA_DIR",
         "directory for the SQLite database and master key (default ./data)",
         [](Settings& s, std::string_view v) {
             if (v.empty())
                 throw ConfigError("--data-dir: must not be empty");
             s.data_dir = v;
         }},
        {"--database", "STOREBRIDGE_DATABASE", "postgres://user:pass@host:port/db, or sqlite:PATH",
         apply_database},
        {"--public-url", "STOREBRIDGE_PUBLIC_URL",
         "base URL clients and platforms reach this server at", apply_public_url},
        {"--master-key", "STOREBRIDGE_MASTER_KEY",
         "base64 of 32 bytes that encrypts secrets at rest (default: generated in the data dir)",
         [](Settings& s, std::string_view v) { s.master_key = v; }},
        {"--io-threads", "STOREBRIDGE_IO_THREADS", "network I/O threads (default 2)",
         [](Settings& s, std::string_view v) {
             s.io_threads = parse_int<int>("--io-threads", v, 1, 64);
         }},
        {"--handler-threads", "STOREBRIDGE_HANDLER_THREADS",
         "threads running request handlers (default 32)",
         [](Settings& s, std::string_view v) {
             s.handler_threads = parse_int<int>("--handler-threads", v, 1, 256);
         }},
        {"--max-queued-requests", "STOREBRIDGE_MAX_QUEUED_REQUESTS",
         "requests waiting for a handler thread before more are answered 503 with Retry-After "
         "(default 1024; 0 for no bound)",
         [](Settings& s, std::string_view v) {
             s.max_queued_requests = parse_int<int>("--max-queued-requests", v, 0, 1'000'000);
         }},
        {"--body-limit", "STOREBRIDGE_BODY_LIMIT",
         "largest accepted request body in bytes (default 1048576)",
         [](Settings& s, std::string_view v) {
             s.body_limit = parse_int<std::size_t>("--body-limit", v, 1024, std::size_t{1} << 30);
         }},
        {"--token-ttl", "STOREBRIDGE_TOKEN_TTL", "access token lifetime in seconds (default 3600)",
         [](Settings& s, std::string_view v) {
             s.token_ttl_seconds = parse_int<std::int64_t>("--token-ttl", v, 60, 86400);
         }},
        {"--request-timeout", "STOREBRIDGE_REQUEST_TIMEOUT",
         "seconds allowed for each read and write (default 30)",
         [](Settings& s, std::string_view v) {
             s.request_timeout_seconds = parse_int<int>("--request-timeout", v, 1, 3600);
         }},
        {"--shutdown-grace", "STOREBRIDGE_SHUTDOWN_GRACE",
         "seconds to drain requests on SIGTERM (default 10)",
         [](Settings& s, std::string_view v) {
             s.shutdown_grace_seconds = parse_int<int>("--shutdown-grace", v, 0, 600);
         }},
        {"--connector-base-url", "STOREBRIDGE_CONNECTOR_BASE_URL",
         "ID=URL[,ID=URL]: send every call of a connector to URL instead of the store, e.g. "
         "shopify=http://127.0.0.1:9001 (an emulator)",
         apply_connector_base_urls},
        {"--sync-workers", "STOREBRIDGE_SYNC_WORKERS",
         "sync jobs run at once by this server, 0 to run none (default 2)",
         [](Settings& s, std::string_view v) {
             s.sync_workers = parse_int<int>("--sync-workers", v, 0, 64);
         }},
        {"--sync-interval", "STOREBRIDGE_SYNC_INTERVAL",
         "minutes between scheduled incremental syncs, unless an integration sets its own (default "
         "15)",
         [](Settings& s, std::string_view v) {
             s.sync_interval_minutes = parse_int<int>("--sync-interval", v, 1, 10080);
         }},
        {"--event-senders", "STOREBRIDGE_EVENT_SENDERS",
         "threads sending events to webhook endpoints from this server, 0 for none (default 2)",
         [](Settings& s, std::string_view v) {
             s.event_senders = parse_int<int>("--event-senders", v, 0, 32);
         }},
        {"--event-retry-scale", "STOREBRIDGE_EVENT_RETRY_SCALE",
         "multiplies the event retry schedule (5 s ... 10 h), e.g. 0.001 for tests (default 1)",
         [](Settings& s, std::string_view v) {
             double x = 0;
             auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
             if (ec != std::errc{} || p != v.data() + v.size() || !(x > 0) || x > 1)
                 throw ConfigError("--event-retry-scale: must be a number above 0, at most 1");
             s.event_retry_scale = x;
         }},
        {"--allow-private-targets", "STOREBRIDGE_ALLOW_PRIVATE_TARGETS",
         "let calls to stores reach loopback, private, link-local and metadata addresses "
         "(default false; --connector-base-url targets are always allowed)",
         [](Settings& s, std::string_view v) {
             s.allow_private_targets = parse_bool("--allow-private-targets", v);
         }},
        {"--access-log", "STOREBRIDGE_ACCESS_LOG",
         "one JSON line per request on stderr (default true)",
         [](Settings& s, std::string_view v) { s.access_log = parse_bool("--access-log", v); }},
    };
    return table;
}

EnvLookup process_env() {
    return [](std::string_view name) -> std::optional<std::string> {
        const char* v = std::getenv(std::string(name).c_str());
        if (!v)
            return std::nullopt;
        return std::string(v);
    };
}

Settings parse(const std::vector<std::string>& args, const EnvLookup& env,
               std::vector<std::string>* positional,
               const std::vector<std::string_view>& extra_flags,
               std::vector<std::pair<std::string, std::string>>* extra_values) {
    Settings s;
    for (const auto& k : keys()) {
        if (auto v = env(k.env)) {
            try {
                k.apply(s, *v);
            } catch (const ConfigError& e) {
                throw ConfigError(std::string(k.env) + " (environment): " + e.what());
            }
        }
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view a = args[i];
        if (!a.starts_with("--")) {
            if (!positional)
                throw ConfigError("unexpected argument '" + std::string(a) + "'");
            positional->push_back(std::string(a));
            continue;
        }
        std::string_view name = a;
        std::optional<std::string> value;
        if (auto eq = a.find('='); eq != std::string_view::npos) {
            name = a.substr(0, eq);
            value = std::string(a.substr(eq + 1));
        }
        auto take_value = [&]() -> std::string {
            if (value)
                return *value;
            if (i + 1 >= args.size())
                throw ConfigError(std::string(name) + ": missing value");
            return args[++i];
        };
        auto key = std::find_if(keys().begin(), keys().end(),
                                [&](const Key& k) { return k.flag == name; });
        if (key != keys().end()) {
            key->apply(s, take_value());
            continue;
        }
        if (std::find(extra_flags.begin(), extra_flags.end(), name) != extra_flags.end() &&
            extra_values) {
            extra_values->emplace_back(std::string(name), take_value());
            continue;
        }
        throw ConfigError("unknown option '" + std::string(name) + "' (see storebridge --help)");
    }
    return s;
}

std::string usage() {
    std::string out =
        "usage: storebridge serve [options]\n"
        "       storebridge admin create-account NAME [--data-dir DIR | --database URL]\n"
        "       storebridge admin create-client --account NAME --scopes \"s1 s2\" [--data-dir DIR "
        "| --database URL]\n"
        "       storebridge admin rotate-key [--data-dir DIR | --database URL]\n"
        "       storebridge migrate [--data-dir DIR | --database URL]\n"
        "       storebridge status [--data-dir DIR | --database URL]\n"
        "       storebridge push FILE.jsonl --integration ID [--url URL] (see push --help)\n"
        "       storebridge emulate PLATFORM [flags] (bigcommerce, shopify, shoplazza, "
        "woocommerce)\n"
        "       storebridge COMMAND --help\n"
        "\noptions (each also read from its environment variable):\n";
    for (const auto& k : keys()) {
        out += "  " + std::string(k.flag);
        // At least one space: a flag longer than the column must not wrap the count around.
        out.append(k.flag.size() < 24 ? 24 - k.flag.size() : 1, ' ');
        out += std::string(k.env) + "\n      " + std::string(k.help) + "\n";
    }
    return out;
}

}  // namespace sb::config
