#include "app/application.hpp"

#include <sys/stat.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "api/deps.hpp"
#include "api/dispatcher.hpp"
#include "api/paging.hpp"
#include "connectors/connector.hpp"
#include "core/ids.hpp"
#include "core/signals.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "domain/console_service.hpp"
#include "domain/scopes.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"
#include "log/logger.hpp"
#include "storage/console_reader.hpp"
#include "storage/event_outbox.hpp"
#include "storage/idempotency_store.hpp"
#include "storage/install_state_store.hpp"
#include "storage/integration_store.hpp"
#include "storage/job_queue.hpp"
#include "storage/merchant_store.hpp"
#include "storage/migrations.hpp"
#include "storage/provider_store.hpp"
#include "storage/record_push_store.hpp"
#include "storage/record_reader.hpp"
#include "storage/rekey.hpp"
#include "storage/sql.hpp"
#include "storage/sql_account_store.hpp"
#include "storage/stock_write_queue.hpp"
#include "storage/webhook_endpoint_store.hpp"
#include "sync/engine.hpp"
#include "sync/event_sender.hpp"
#include "sync/stock_writer.hpp"
#include "sync/webhook_applier.hpp"

namespace sb::app {

namespace {

std::vector<std::string> decode_keys(std::string_view text, const std::string& origin) {
    std::vector<std::string> keys;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        auto end = text.find_first_of(",\n", pos);
        if (end == std::string_view::npos)
            end = text.size();
        auto item = text.substr(pos, end - pos);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\r'))
            item.remove_suffix(1);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        if (!item.empty()) {
            std::string key;
            if (!crypto::base64_decode(item, key) || key.size() != 32) {
                throw config::ConfigError(origin + ": expected base64 of exactly 32 bytes per key");
            }
            keys.push_back(std::move(key));
        }
        pos = end + 1;
    }
    if (keys.empty())
        throw config::ConfigError(origin + ": no key");
    return keys;
}

}  // namespace

std::string key_file_path(const config::Settings& s) {
    return (std::filesystem::path(s.data_dir) / "master.key").string();
}

void write_key_file(const std::string& path, const std::vector<std::string>& keys) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    const std::string tmp = path + ".tmp";
    const auto old_mask = ::umask(077);
    {
        std::ofstream out(tmp, std::ios::trunc);
        for (const auto& k : keys)
            out << crypto::base64_encode(k) << "\n";
        out.flush();
        if (!out) {
            ::umask(old_mask);
            throw config::ConfigError("cannot write " + tmp);
        }
    }
    ::umask(old_mask);
    std::filesystem::permissions(
        tmp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    std::filesystem::rename(tmp, path);
}

crypto::Keyring load_keyring(const config::Settings& s) {
    if (!s.master_key.empty())
        return crypto::Keyring(decode_keys(s.master_key, "STOREBRIDGE_MASTER_KEY"));
    const auto path = key_file_path(s);
    if (std::filesystem::exists(path)) {
        std::ifstream in(path);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        return crypto::Keyring(decode_keys(text, path));
    }
    std::vector<std::string> keys{crypto::random_bytes(32)};
    write_key_file(path, keys);
    return crypto::Keyring(std::move(keys));
}

struct Application::Parts {
    config::Settings settings;
    std::optional<crypto::Keyring> keys;
    std::unique_ptr<sql::Database> db;
    std::unique_ptr<storage::AccountStore> accounts;
    std::unique_ptr<domain::AuthService> auth;
    http::Metrics metrics;  // before the connectors, which count into it
    std::unique_ptr<connectors::Registry> connectors;
    std::unique_ptr<storage::MerchantStore> merchant_store;
    std::unique_ptr<storage::IntegrationStore> integration_store;
    std::unique_ptr<storage::ProviderStore> provider_store;
    std::unique_ptr<storage::IdempotencyStore> idempotency_store;
    std::unique_ptr<domain::MerchantService> merchants;
    std::unique_ptr<domain::IntegrationService> integrations;
    std::unique_ptr<domain::ProviderService> providers;
    std::unique_ptr<domain::CredentialsService> credentials;
    std::unique_ptr<api::CursorCodec> cursors;
    std::unique_ptr<api::Deps> deps;
    std::unique_ptr<storage::JobQueue> job_queue;
    std::unique_ptr<storage::InstallStateStore> install_states;
    std::unique_ptr<domain::InstallService> install;
    std::unique_ptr<sync::Engine> engine;
    std::unique_ptr<storage::WebhookInbox> webhook_inbox;
    std::unique_ptr<domain::WebhookService> webhooks;
    std::unique_ptr<storage::RecordPushStore> push_store;
    std::unique_ptr<domain::PushService> push;
    std::unique_ptr<sync::WebhookApplier> webhook_applier;
    std::unique_ptr<storage::StockWriteQueue> stock_writes;
    std::unique_ptr<storage::RecordReader> record_reader;
    std::unique_ptr<domain::CommerceService> commerce;
    std::unique_ptr<domain::ErcService> erc;
    std::unique_ptr<sync::StockWriter> stock_writer;
    std::unique_ptr<storage::WebhookEndpointStore> endpoint_store;
    std::unique_ptr<storage::EventOutbox> event_outbox;
    std::unique_ptr<domain::WebhookEndpointService> webhook_endpoints;
    std::unique_ptr<sync::EventSender> event_sender;
    std::unique_ptr<storage::ConsoleReader> console_reader;
    std::unique_ptr<domain::ConsoleService> console;
    domain::FailureLimiter token_failures{10, std::chrono::seconds(60)};
    std::unique_ptr<api::Dispatcher> dispatcher;
    std::unique_ptr<http::Server> server;
};

Application::Application(config::Settings settings) : parts_(std::make_unique<Parts>()) {
    auto& p = *parts_;
    p.settings = std::move(settings);
    p.keys.emplace(load_keyring(p.settings));
    p.db = sql::open_database(p.settings.database_url());
    const int applied = storage::migrate(*p.db);
    log::info("database_ready", {{"engine", p.db->engine()},
                                 {"schema_version", storage::latest_schema_version()},
                                 {"migrations_applied", applied}});
    p.accounts = storage::make_sql_account_store(*p.db);
    p.auth = std::make_unique<domain::AuthService>(
        *p.accounts, domain::AuthOptions{p.settings.token_ttl_seconds, 210'000});
    p.connectors = connectors::make_registry(
        {p.settings.connector_base_urls, &p.metrics, p.settings.allow_private_targets});
    p.merchant_store = storage::make_sql_merchant_store(*p.db);
    p.integration_store = storage::make_sql_integration_store(*p.db, *p.keys);
    p.provider_store = storage::make_sql_provider_store(*p.db, *p.keys);
    p.idempotency_store = storage::make_sql_idempotency_store(*p.db);
    p.job_queue = storage::make_sql_job_queue(*p.db, &p.metrics);
    p.install_states = storage::make_sql_install_state_store(*p.db);
    p.webhook_inbox = storage::make_sql_webhook_inbox(*p.db);
    p.stock_writes = storage::make_sql_stock_write_queue(*p.db);
    p.record_reader = storage::make_sql_record_reader(*p.db);
    p.commerce = std::make_unique<domain::CommerceService>(*p.merchant_store, *p.integration_store,
                                                           *p.record_reader);
    p.erc = std::make_unique<domain::ErcService>(*p.record_reader);
    p.webhooks = std::make_unique<domain::WebhookService>(*p.connectors, *p.integration_store,
                                                          *p.provider_store, *p.webhook_inbox);
    p.webhooks->use_counters(&p.metrics);
    p.console_reader = storage::make_sql_console_reader(*p.db);
    p.console = std::make_unique<domain::ConsoleService>(*p.integration_store, *p.job_queue,
                                                         *p.console_reader);
    p.push_store = storage::make_sql_record_push_store(*p.db);
    p.push = std::make_unique<domain::PushService>(*p.integration_store, *p.push_store);
    p.cursors = std::make_unique<api::CursorCodec>(p.keys->derive("pagination-cursor"));
    p.merchants = std::make_unique<domain::MerchantService>(*p.merchant_store);
    p.providers = std::make_unique<domain::ProviderService>(*p.connectors, *p.provider_store);
    p.credentials = std::make_unique<domain::CredentialsService>(*p.connectors, *p.merchant_store,
                                                                 *p.integration_store);
    p.endpoint_store = storage::make_sql_webhook_endpoint_store(*p.db, *p.keys);
    p.event_outbox = storage::make_sql_event_outbox(*p.db, *p.keys);
    p.webhook_endpoints = std::make_unique<domain::WebhookEndpointService>(
        *p.endpoint_store, p.settings.allow_private_targets);
}

Application::~Application() {
    stop();
}

domain::AuthService& Application::auth() {
    return *parts_->auth;
}

std::optional<domain::NewClient> Application::ensure_bootstrap_client() {
    auto& p = *parts_;
    if (p.auth->has_accounts())
        return std::nullopt;
    p.auth->create_account("admin");
    std::vector<std::string> all;
    for (auto s : domain::known_scopes())
        all.emplace_back(s);
    return p.auth->create_client("admin", all);
}

void Application::start() {
    auto& p = *parts_;
    http::ServerOptions opts;
    opts.address = p.settings.listen_host;
    opts.port = p.settings.listen_port;
    opts.io_threads = p.settings.io_threads;
    opts.handler_threads = p.settings.handler_threads;
    opts.max_queued_requests = p.settings.max_queued_requests;
    opts.body_limit = p.settings.body_limit;
    opts.large_body_limit = api::k_push_body_limit;
    opts.takes_large_body = [](std::string_view target) { return api::takes_push_body(target); };
    opts.read_timeout = std::chrono::seconds(p.settings.request_timeout_seconds);
    opts.write_timeout = std::chrono::seconds(p.settings.request_timeout_seconds);
    opts.drain_timeout = std::chrono::seconds(p.settings.shutdown_grace_seconds);

    Parts* parts = &p;
    const bool access_log = p.settings.access_log;
    p.server = std::make_unique<http::Server>(
        opts, [parts](http::Request& req) { return parts->dispatcher->handle(req); },
        [parts, access_log](const http::Exchange& x) {
            const double seconds = std::chrono::duration<double>(x.elapsed).count();
            parts->metrics.observe(x.request.method, x.request.route, x.response.status, seconds);
            if (!access_log)
                return;
            // The path only: query strings may carry codes or tokens.
            log::info("request", {{"request_id", x.request.request_id},
                                  {"method", x.request.method},
                                  {"path", x.request.path},
                                  {"route", x.request.route},
                                  {"status", x.response.status},
                                  {"duration_us", static_cast<std::int64_t>(seconds * 1e6)},
                                  {"bytes", x.body_bytes},
                                  {"remote", x.request.remote_address}});
        },
        // SQLite is in-process: a read is CPU work shorter than the hop to the handler pool
        // and back, so reads run on the I/O threads. PostgreSQL reads wait on the network and
        // keep to the pool, where more of them can wait at once.
        p.db->engine() == std::string_view("sqlite") ? http::Placement([parts](http::Request& req) {
            return parts->dispatcher->is_local_read(req);
        })
                                                     : http::Placement());
    // Bind first so that a port picked by the OS (listen port 0) is in the public URL.
    p.server->bind();
    if (p.settings.listen_port == 0)
        p.settings.listen_port = p.server->port();

    sql::Database* db = p.db.get();
    const std::string public_url = p.settings.effective_public_url();
    // The install links of data connections carry the public URL, known only now.
    p.integrations = std::make_unique<domain::IntegrationService>(
        *p.connectors, *p.merchant_store, *p.integration_store, *p.provider_store, public_url);
    p.install = std::make_unique<domain::InstallService>(*p.connectors, *p.integration_store,
                                                         *p.provider_store, *p.install_states,
                                                         *p.integrations, public_url);
    // Handlers keep references into Deps, so it lives as long as the application.
    p.deps = std::make_unique<api::Deps>(
        api::Deps{*p.auth, p.token_failures, p.metrics, [db] { db->ping(); }, public_url,
                  std::string(db->engine()), *p.connectors, *p.merchants, *p.integrations,
                  *p.providers, *p.credentials, *p.cursors, *p.install, *p.webhooks, *p.commerce,
                  *p.erc, *p.webhook_endpoints, *p.push, *p.console});
    p.dispatcher = std::make_unique<api::Dispatcher>(api::make_router(*p.deps), *p.auth,
                                                     p.idempotency_store.get(), &*p.keys);
    if (p.settings.sync_workers > 0) {
        sync::EngineOptions eo;
        eo.workers = p.settings.sync_workers;
        eo.default_interval = std::chrono::minutes(p.settings.sync_interval_minutes);
        domain::IntegrationService* integrations = p.integrations.get();
        // Expiring access tokens are renewed a few minutes before they end.
        eo.before_fetch = [integrations](domain::Integration& i) {
            integrations->refresh_if_expiring(i, 5 * 60'000);
        };
        p.engine =
            std::make_unique<sync::Engine>(eo, *p.job_queue, *p.integration_store, *p.connectors);
        sync::Engine* engine = p.engine.get();
        p.integrations->on_job_queued([engine] { engine->wake(); });
        p.engine->start();
        // Webhooks are applied where syncs run; an API-only server only stores them.
        sync::WebhookApplierOptions wo;
        wo.node_id = new_id("node");
        wo.counters = &p.metrics;
        p.webhook_applier = std::make_unique<sync::WebhookApplier>(
            wo, *p.webhook_inbox, *p.integration_store, *p.connectors);
        sync::WebhookApplier* applier = p.webhook_applier.get();
        p.webhooks->on_stored([applier] { applier->wake(); });
        p.webhook_applier->start();
        // Stock write-back runs where syncs run too.
        sync::StockWriterOptions so;
        so.node_id = wo.node_id;
        p.stock_writer = std::make_unique<sync::StockWriter>(
            so, *p.stock_writes,
            [integrations](const storage::StockWrite& w) { integrations->write_stock_level(w); });
        sync::StockWriter* writer = p.stock_writer.get();
        p.integrations->use_stock_writes(p.stock_writes.get(), [writer] { writer->wake(); });
        p.stock_writer->start();
    } else {
        // API-only: levels are queued for the servers that run workers.
        p.integrations->use_stock_writes(p.stock_writes.get(), nullptr);
    }
    if (p.settings.event_senders > 0) {
        sync::EventSenderOptions eo;
        eo.threads = p.settings.event_senders;
        eo.retry_scale = p.settings.event_retry_scale;
        eo.allow_private_targets = p.settings.allow_private_targets;
        eo.public_url = public_url;
        p.event_sender = std::make_unique<sync::EventSender>(eo, *p.event_outbox);
        sync::EventSender* sender = p.event_sender.get();
        p.webhook_endpoints->on_queued([sender] { sender->wake(); });
        p.event_sender->start();
    }
    p.server->start();
    log::info("listening", {{"address", p.settings.listen_host},
                            {"port", p.server->port()},
                            {"public_url", p.settings.effective_public_url()}});
}

std::uint16_t Application::port() const {
    return parts_->server ? parts_->server->port() : 0;
}

void Application::stop() {
    if (!parts_)
        return;
    if (parts_->server) {
        parts_->server->stop();
        parts_->server.reset();
        log::info("stopped");
    }
    // After the API: no new jobs arrive while running ones hand themselves back.
    if (parts_->event_sender) {
        parts_->event_sender->stop();
        parts_->event_sender.reset();
    }
    if (parts_->stock_writer) {
        parts_->stock_writer->stop();
        parts_->stock_writer.reset();
    }
    if (parts_->webhook_applier) {
        parts_->webhook_applier->stop();
        parts_->webhook_applier.reset();
    }
    if (parts_->engine) {
        parts_->engine->stop();
        parts_->engine.reset();
    }
}

void Application::run_until_signal() {
    if (parts_->server) {
        block_stop_signals();
        wait_for_stop_signal();
    }
    stop();
}

}  // namespace sb::app

namespace sb::app {

std::string rotate_master_key(const config::Settings& s) {
    const auto current = load_keyring(s);
    const std::string fresh = crypto::random_bytes(32);
    std::vector<std::string> both{fresh};
    both.insert(both.end(), current.keys().begin(), current.keys().end());
    const crypto::Keyring during(both);
    auto db = sql::open_database(s.database_url());
    storage::migrate(*db);
    if (!s.master_key.empty()) {
        // Keys from the environment cannot be rewritten here: re-seal, then tell the operator.
        const auto n = storage::reseal_secrets(*db, during);
        return boost::json::serialize(boost::json::object{
            {"resealed", n},
            {"kid", crypto::Keyring::kid_of(fresh)},
            {"new_key", crypto::base64_encode(fresh)},
            {"next_step",
             "set STOREBRIDGE_MASTER_KEY to new_key on every server, then restart them"}});
    }
    // The file keeps the old keys until every secret is sealed with the new one, so a crash
    // at any point leaves a key for every row.
    const auto path = key_file_path(s);
    write_key_file(path, both);
    const auto n = storage::reseal_secrets(*db, during);
    write_key_file(path, {fresh});
    return boost::json::serialize(boost::json::object{
        {"resealed", n}, {"kid", crypto::Keyring::kid_of(fresh)}, {"key_file", path}});
}

}  // namespace sb::app

namespace sb::app {

const crypto::Keyring& Application::keyring() const {
    return *parts_->keys;
}

}  // namespace sb::app
