#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "app/commands.hpp"
#include "config/settings.hpp"
#include "core/time.hpp"
#include "domain/data_types.hpp"
#include "storage/console_reader.hpp"
#include "storage/migrations.hpp"
#include "storage/sql.hpp"

namespace sb::app {

namespace {

// A plain text table: a header, a rule, and the rows, each column as wide as its widest cell.
class Table {
  public:
    explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    bool empty() const { return rows_.size() == 1; }

    std::string render(const std::string& indent = "  ") const {
        std::vector<std::size_t> width(rows_[0].size(), 0);
        for (const auto& r : rows_) {
            for (std::size_t i = 0; i < r.size() && i < width.size(); ++i)
                width[i] = std::max(width[i], r[i].size());
        }
        std::string out;
        auto line = [&](const std::vector<std::string>& r) {
            std::string l = indent;
            for (std::size_t i = 0; i < width.size(); ++i) {
                const std::string cell = i < r.size() ? r[i] : "";
                l += cell;
                if (i + 1 < width.size())
                    l.append(width[i] - cell.size() + 2, ' ');
            }
            while (!l.empty() && l.back() == ' ')
                l.pop_back();
            out += l + "\n";
        };
        line(rows_[0]);
        std::vector<std::string> rule;
        for (auto w : width)
            rule.emplace_back(w, '-');
        line(rule);
        for (std::size_t i = 1; i < rows_.size(); ++i)
            line(rows_[i]);
        return out;
    }

  private:
    std::vector<std::vector<std::string>> rows_;
};

std::string percent_of(const domain::SyncJob& j) {
    if (!j.total || *j.total <= 0)
        return "-";
    const double p = 100.0 * static_cast<double>(j.records_read) / static_cast<double>(*j.total);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f%%", std::min(p, 100.0));
    return buf;
}

std::string render(const storage::StatusReport& r, const std::string& database) {
    std::ostringstream out;
    out << "Storebridge status (" << database << ")\n\n";
    out << "Accounts (" << r.accounts.size() << ")\n";
    Table accounts({"NAME", "ID", "MERCHANTS", "INTEGRATIONS"});
    for (const auto& a : r.accounts) {
        accounts.add({a.name, a.id, std::to_string(a.merchants), std::to_string(a.integrations)});
    }
    out << (accounts.empty() ? "  none\n" : accounts.render()) << "\n";

    out << "Integrations (" << r.integrations.size() << ")\n";
    Table integrations({"ACCOUNT", "MERCHANT", "PLATFORM", "STORE", "STATUS", "RECORDS", "ID"});
    for (const auto& i : r.integrations) {
        integrations.add({i.account_name, i.merchant_name, i.connector_id,
                          i.store.empty() ? "-" : i.store, i.status, std::to_string(i.records),
                          i.id});
    }
    out << (integrations.empty() ? "  none\n" : integrations.render()) << "\n";

    out << "Running and queued jobs (" << r.active_jobs.size() << ")\n";
    Table jobs({"JOB", "PLATFORM", "DATA TYPE", "STATUS", "READ", "WRITTEN", "TOTAL", "PROGRESS",
                "STARTED"});
    for (const auto& a : r.active_jobs) {
        const auto& j = a.job;
        jobs.add({j.id, a.connector_id, std::string(domain::data_type_name(j.data_type)),
                  std::string(domain::job_status_name(j.status)), std::to_string(j.records_read),
                  std::to_string(j.records_written), j.total ? std::to_string(*j.total) : "-",
                  percent_of(j), j.started_at ? format_time(*j.started_at) : "-"});
    }
    out << (jobs.empty() ? "  none\n" : jobs.render());
    return out.str();
}

// The database as the operator named it, without a password.
std::string shown_database(const std::string& url) {
    const auto scheme = url.find("://");
    const auto at = url.rfind('@');
    if (scheme == std::string::npos || at == std::string::npos || at < scheme)
        return url;
    return url.substr(0, scheme + 3) + "***" + url.substr(at);
}

}  // namespace

int run_status(const std::vector<std::string>& args) {
    try {
        const auto settings = config::parse(args, config::process_env());
        const std::string url = settings.database_url();
        // An SQLite database that is not there is reported, not created.
        if (url.starts_with("sqlite:") && !std::filesystem::exists(url.substr(7))) {
            std::fprintf(stderr,
                         "storebridge: status: no database at %s (start `storebridge serve` "
                         "first, or name it with --data-dir or --database)\n",
                         url.substr(7).c_str());
            return 1;
        }
        auto db = sql::open_database(url);
        storage::migrate(*db);  // reads the schema this binary knows
        const auto report = storage::make_sql_console_reader(*db)->status_report();
        std::cout << render(report, shown_database(url));
        return 0;
    } catch (const config::ConfigError& e) {
        std::fprintf(stderr, "storebridge: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "storebridge: status: %s\n", e.what());
        return 1;
    }
}

}  // namespace sb::app
