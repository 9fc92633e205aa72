#include "app/commands.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
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

void print_bootstrap(const domain::NewClient& c, const config::Settings& s) {
    const std::string url = s.effective_public_url();
    std::fprintf(stdout,
                 "\n"
                 "  First start: created account 'admin' and an API client with every scope.\n"
                 "  The secret is shown only this once; it is stored as a salted hash.\n\n"
                 "    client_id:     %s\n"
                 "    client_secret: %s\n\n"
                 "  Get a token:\n"
                 "    curl -s -u '%s:%s' -d grant_type=client_credentials %s/oauth/token\n\n"
                 "  More clients: storebridge admin create-client --account admin --scopes "
                 "\"account:read\"\n\n",
                 c.client_id.c_str(), c.client_secret.c_str(), c.client_id.c_str(),
                 c.client_secret.c_str(), url.c_str());
    std::fflush(stdout);
}

}  // namespace

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
