// `storebridge push`: the custom connector's reference client (docs/custom-connector.md).
#include <unistd.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "app/commands.hpp"
#include "config/settings.hpp"
#include "connectors/custom/push_batch.hpp"
#include "connectors/custom/push_client.hpp"
#include "http/client.hpp"

namespace sb::app {

namespace {

namespace custom = connectors::custom;
using Clock = std::chrono::steady_clock;

constexpr const char* k_usage =
    "usage: storebridge push FILE.jsonl --integration ID [--url URL] [--secret-file F]\n"
    "                        [--batch N] [--max-body BYTES] [--attempts N]\n"
    "\n"
    "Pushes the records of a JSON Lines file (one record per line, the shape of\n"
    "docs/custom-connector.md; FILE '-' reads stdin) to POST {url}/webhooks/custom/{ID} in\n"
    "batches signed with the integration's push secret. A rerun of the same file sends the\n"
    "same webhook-ids: the batches the hub already stored are answered as duplicates.\n"
    "\n"
    "  --integration ID   the custom integration\n"
    "  --url URL          the hub (STOREBRIDGE_PUSH_URL; default http://127.0.0.1:8080)\n"
    "  --secret-file F    a file holding the push secret (whsec_...); otherwise the\n"
    "                     environment variable STOREBRIDGE_PUSH_SECRET\n"
    "  --batch N          records per batch, 1 to 1000 (default 1000)\n"
    "  --max-body BYTES   bytes per batch at most (default 16777216, what the hub's push\n"
    "                     routes read); one record over it goes alone\n"
    "  --attempts N       tries per batch on 5xx, 429 and connection errors (default 8)\n"
    "\n"
    "Progress goes to stderr; a JSON summary to stdout. Exit 0 when every batch was\n"
    "accepted, 1 with one line on stderr when one was not, 2 on bad arguments.\n";

struct PushArgs {
    std::string file;
    std::string integration;
    std::string url;
    std::string secret_file;
    std::size_t batch = custom::k_max_batch;
    std::size_t max_body = 16 * 1024 * 1024;  // the push routes' body limit
    int attempts = 8;
};

std::size_t positive(std::string_view flag, std::string_view v, std::size_t max) {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size() || n < 1 || n > max) {
        throw config::ConfigError(std::string(flag) + ": expected a whole number from 1 to " +
                                  std::to_string(max));
    }
    return n;
}

PushArgs parse_args(const std::vector<std::string>& args) {
    PushArgs a;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size())
                throw config::ConfigError("push: " + arg + " needs a value");
            return args[++i];
        };
        if (arg == "--integration") {
            a.integration = value();
        } else if (arg == "--url") {
            a.url = value();
        } else if (arg == "--secret-file") {
            a.secret_file = value();
        } else if (arg == "--batch") {
            a.batch = positive("--batch", value(), custom::k_max_batch);
        } else if (arg == "--max-body") {
            a.max_body = positive("--max-body", value(), std::size_t{1} << 30);
        } else if (arg == "--attempts") {
            a.attempts = static_cast<int>(positive("--attempts", value(), 100));
        } else if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
            throw config::ConfigError("push: unknown option '" + arg + "'");
        } else if (a.file.empty()) {
            a.file = arg;
        } else {
            throw config::ConfigError("push: one FILE only");
        }
    }
    if (a.file.empty())
        throw config::ConfigError("push: expected FILE.jsonl (see storebridge push --help)");
    if (a.integration.empty())
        throw config::ConfigError("push: --integration is required");
    if (a.url.empty()) {
        const char* env = std::getenv("STOREBRIDGE_PUSH_URL");
        a.url = env && *env ? env : "http://127.0.0.1:8080";
    }
    return a;
}

// The secret never comes on the command line, where `ps` would show it.
std::string read_secret(const PushArgs& a) {
    std::string secret;
    if (!a.secret_file.empty()) {
        std::ifstream in(a.secret_file);
        if (!in)
            throw config::ConfigError("push: cannot read --secret-file " + a.secret_file);
        std::getline(in, secret);
    } else if (const char* env = std::getenv("STOREBRIDGE_PUSH_SECRET")) {
        secret = env;
    }
    while (!secret.empty() && (secret.back() == '\r' || secret.back() == ' '))
        secret.pop_back();
    if (secret.empty()) {
        throw config::ConfigError(
            "push: no push secret (--secret-file F or STOREBRIDGE_PUSH_SECRET)");
    }
    return secret;
}

class Progress {
  public:
    explicit Progress(Clock::time_point start) : start_(start), tty_(::isatty(2) == 1) {}

    void update(std::size_t records, std::size_t batches, bool last) {
        const auto now = Clock::now();
        if (!last && now - shown_ < std::chrono::seconds(1))
            return;
        shown_ = now;
        const double s = std::chrono::duration<double>(now - start_).count();
        std::fprintf(stderr, "%spush: %zu records, %zu batches, %.0f records/s%s", tty_ ? "\r" : "",
                     records, batches, s > 0 ? records / s : 0.0, tty_ && !last ? "" : "\n");
        std::fflush(stderr);
    }

  private:
    Clock::time_point start_;
    Clock::time_point shown_{};
    bool tty_;
};

int push(const PushArgs& a) {
    const std::string secret = read_secret(a);
    std::ifstream file;
    std::istream* in = &std::cin;
    if (a.file != "-") {
        file.open(a.file, std::ios::binary);
        if (!file)
            throw config::ConfigError("push: cannot open " + a.file);
        in = &file;
    }
    http::ClientOptions options;
    options.io_timeout = std::chrono::seconds(120);  // a full batch on a busy hub
    options.user_agent = "storebridge-push";
    http::Client http(options);
    custom::PushClient client(http, {a.url, a.integration, secret, a.attempts});
    custom::JsonlBatcher batches(*in, a.batch, a.max_body);

    const auto start = Clock::now();
    Progress progress(start);
    std::size_t records = 0, sent = 0, duplicates = 0;
    std::int64_t written = 0, unchanged = 0;
    custom::PushBatch batch;
    while (batches.next(batch)) {
        const auto r = client.send(batch);
        records += batch.lines.size();
        ++sent;
        duplicates += r.duplicate ? 1 : 0;
        written += r.written;
        unchanged += r.unchanged;
        progress.update(records, sent, false);
    }
    progress.update(records, sent, true);
    const double s = std::chrono::duration<double>(Clock::now() - start).count();
    std::cout << boost::json::serialize(
                     boost::json::object{{"records", records},
                                         {"batches", sent},
                                         {"duplicate_batches", duplicates},
                                         {"written", written},
                                         {"unchanged", unchanged},
                                         {"seconds", s},
                                         {"records_per_second", s > 0 ? records / s : 0.0}})
              << "\n";
    return 0;
}

}  // namespace

int run_push(const std::vector<std::string>& args) {
    for (const auto& arg : args) {
        if (arg == "--help" || arg == "-h") {
            std::fputs(k_usage, stdout);
            return 0;
        }
    }
    try {
        return push(parse_args(args));
    } catch (const config::ConfigError& e) {
        std::fprintf(stderr, "storebridge: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "storebridge: push: %s\n", e.what());
        return 1;
    }
}

}  // namespace sb::app
