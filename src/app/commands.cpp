#include "app/commands.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/application.hpp"
#include "core/error.hpp"
#include "core/signals.hpp"
#include "domain/scopes.hpp"
#include "log/logger.hpp"
#include "storage/migrations.hpp"
#include "storage/sql.hpp"

namespace sb::app {

namespace {

int fail(const std::string& line, int code = 2) {
    std::fprintf(stderr, "storebridge: %s\n", line.c_str());
    return code;
}

template <class F>
int guarded(F&& body) {
    try {
        return body();
    } catch (const config::ConfigError& e) {
        return fail(e.what());
    } catch (const ApiError& e) {
        return fail(error_info(e.code()).code.data() + std::string(": ") + e.message(), 1);
    } catch (const sql::DbError& e) {
        return fail(std::string("database: ") + e.what(), 1);
    } catch (const std::exception& e) {
        return fail(e.what(), 1);
    }
}

// A word the shell reads back as it is.
std::string shell_quoted(const std::string& v) {
    std::string out = "'";
    for (char c : v)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// The flags that point another command at the database this server uses, so the commands the
// banner prints work from any directory. A database URL with a password is not printed: the
// command reads it from the environment instead.
std::string database_flags(const config::Settings& s) {
    if (!s.database.empty()) {
        const auto scheme = s.database.find("://");
        const auto at = s.database.find('@');
        const bool password =
            scheme != std::string::npos && at != std::string::npos &&
            s.database.substr(scheme + 3, at - scheme - 3).find(':') != std::string::npos;
        return password ? " --database \"$STOREBRIDGE_DATABASE\""
                        : " --database " + shell_quoted(s.database);
    }
    return " --data-dir " +
           shell_quoted(std::filesystem::absolute(s.data_dir).lexically_normal().string());
}

void print_bootstrap(const domain::NewClient& c, const config::Settings& s) {
    const std::string url = s.effective_public_url();
    const std::string db = database_flags(s);
    std::fprintf(stdout,
                 "\n"
                 "  First start: created account 'admin' and an API client with every scope.\n"
                 "  The secret is shown only this once; it is stored as a salted hash.\n\n"
                 "    client_id:     %s\n"
                 "    client_secret: %s\n\n"
                 "  Get a token:\n"
                 "    curl -s -u '%s:%s' -d grant_type=client_credentials %s/oauth/token\n\n"
                 "  More clients:\n"
                 "    storebridge admin create-client --account admin --scopes "
                 "\"account:read\"%s\n\n"
                 "  Accounts, integrations and running syncs:\n"
                 "    storebridge status%s\n\n",
                 c.client_id.c_str(), c.client_secret.c_str(), c.client_id.c_str(),
                 c.client_secret.c_str(), url.c_str(), db.c_str(), db.c_str());
    std::fflush(stdout);
}

constexpr const char* k_database_options =
    "\noptions:\n"
    "  --data-dir DIR    STOREBRIDGE_DATA_DIR: where the SQLite database and the master key\n"
    "                    live (default ./data)\n"
    "  --database URL    STOREBRIDGE_DATABASE: postgres://user:pass@host:port/db, or\n"
    "                    sqlite:PATH\n"
    "  --master-key KEYS STOREBRIDGE_MASTER_KEY: instead of DIR/master.key\n";

}  // namespace

std::string command_usage(const std::string& command) {
    if (command == "serve") {
        return "usage: storebridge serve [options]\n\n"
               "Runs the REST API, the sync workers, the webhook appliers and the scheduler.\n"
               "On an empty database it creates the account 'admin' and prints an API client\n"
               "for it once.\n\n" +
               config::usage();
    }
    if (command == "admin") {
        return std::string(
                   "usage: storebridge admin create-account NAME [--data-dir DIR | --database "
                   "URL]\n"
                   "       storebridge admin create-client --account NAME --scopes \"s1 s2\" "
                   "[--data-dir DIR | --database URL]\n"
                   "       storebridge admin rotate-key [--data-dir DIR | --database URL]\n\n"
                   "create-account  a new account (a tenant); prints its id and name as JSON\n"
                   "create-client   an API client of the account NAME with the scopes given;\n"
                   "                prints its client_id and client_secret (shown once) as JSON\n"
                   "rotate-key      seals every stored secret with a new master key\n") +
               k_database_options;
    }
    if (command == "migrate") {
        return std::string(
                   "usage: storebridge migrate [--data-dir DIR | --database URL]\n\n"
                   "Applies the database migrations this binary has; prints what it did as "
                   "JSON.\n") +
               k_database_options;
    }
    if (command == "status") {
        return std::string(
                   "usage: storebridge status [--data-dir DIR | --database URL]\n\n"
                   "Prints the accounts, their integrations (platform, store, status, records)\n"
                   "and the running and queued sync jobs with their progress, from the\n"
                   "database (a server may be running on it).\n") +
               k_database_options;
    }
    if (command == "emulate") {
        return "usage: storebridge emulate PLATFORM [flags]\n\n"
               "Runs a local emulator of a platform's API for development and tests.\n"
               "PLATFORM: bigcommerce, shopify, shoplazza, woocommerce\n\n"
               "flags every emulator takes:\n"
               "  --listen HOST:PORT         where it listens (port 0: any free port)\n"
               "  --seed N                   the seed of its generated data\n"
               "  --latency-ms MIN:MAX       added to each answer\n"
               "  --fail-rate R              share of requests answered 5xx (0 to 1)\n"
               "  --reset-rate R             share of connections reset (0 to 1)\n"
               "  --webhook-retry-scale X    scales its webhook retry delays\n"
               "  --shop-domain DOMAIN, --orders N, --products N, --customers N\n"
               "Each platform takes its own flags too (e.g. shopify: --plan, --api-key,\n"
               "--api-secret, --webhook-url).\n";
    }
    if (command == "version")
        return "usage: storebridge version\n\nPrints the version.\n";
    return "";
}

int run_serve(const std::vector<std::string>& args) {
    return guarded([&] {
        block_stop_signals();  // before any thread starts, so no SIGTERM is lost
        auto settings = config::parse(args, config::process_env());
        Application app(settings);
        auto bootstrap = app.ensure_bootstrap_client();
        app.start();
        if (bootstrap) {
            config::Settings shown = settings;
            if (shown.listen_port == 0)
                shown.listen_port = app.port();
            print_bootstrap(*bootstrap, shown);
        }
        app.run_until_signal();
        return 0;
    });
}

int run_migrate(const std::vector<std::string>& args) {
    return guarded([&] {
        auto settings = config::parse(args, config::process_env());
        auto db = sql::open_database(settings.database_url());
        const int applied = storage::migrate(*db);
        std::cout << boost::json::serialize(
                         boost::json::object{{"engine", db->engine()},
                                             {"applied", applied},
                                             {"schema_version", storage::latest_schema_version()}})
                  << "\n";
        return 0;
    });
}

int run_admin(const std::vector<std::string>& args) {
    return guarded([&] {
        if (args.empty())
            throw config::ConfigError("admin: expected create-account or create-client");
        const std::string sub = args[0];
        std::vector<std::string> rest(args.begin() + 1, args.end());
        std::vector<std::string> positional;
        std::vector<std::pair<std::string, std::string>> extra;
        auto settings = config::parse(rest, config::process_env(), &positional,
                                      {"--account", "--scopes"}, &extra);
        auto extra_value = [&](std::string_view name) -> std::string {
            for (const auto& [k, v] : extra) {
                if (k == name)
                    return v;
            }
            return {};
        };
        if (sub == "create-account") {
            if (positional.size() != 1)
                throw config::ConfigError("admin create-account: expected one NAME");
            Application app(settings);
            auto a = app.auth().create_account(positional[0]);
            std::cout << boost::json::serialize(boost::json::object{{"id", a.id}, {"name", a.name}})
                      << "\n";
            return 0;
        }
        if (sub == "create-client") {
            if (!positional.empty())
                throw config::ConfigError("admin create-client: unexpected argument");
            const std::string account = extra_value("--account");
            if (account.empty())
                throw config::ConfigError("admin create-client: --account is required");
            const auto scopes = domain::split_scopes(extra_value("--scopes"));
            if (scopes.empty())
                throw config::ConfigError("admin create-client: --scopes is required");
            Application app(settings);
            auto c = app.auth().create_client(account, scopes);
            boost::json::array sc;
            for (const auto& s : c.scopes)
                sc.emplace_back(s);
            std::cout << boost::json::serialize(
                             boost::json::object{{"client_id", c.client_id},
                                                 {"client_secret", c.client_secret},
                                                 {"scopes", std::move(sc)},
                                                 {"account_id", c.account_id}})
                      << "\n";
            return 0;
        }
        if (sub == "rotate-key") {
            if (!positional.empty())
                throw config::ConfigError("admin rotate-key: unexpected argument");
            std::cout << rotate_master_key(settings) << "\n";
            return 0;
        }
        throw config::ConfigError("admin: unknown command '" + sub + "'");
    });
}

}  // namespace sb::app
