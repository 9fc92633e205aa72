#include "domain/integration_service.hpp"

#include <algorithm>

#include "connectors/actions.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "domain/field_validation.hpp"
#include "domain/merchant_service.hpp"
#include "log/logger.hpp"

namespace sb::domain {

namespace {

void apply_flags(Integration& i, const IntegrationInput& in) {
    if (in.order_sync_enabled)
        i.order_sync_enabled = *in.order_sync_enabled;
    if (in.product_sync_enabled)
        i.product_sync_enabled = *in.product_sync_enabled;
    if (in.stock_sync_enabled)
        i.stock_sync_enabled = *in.stock_sync_enabled;
}

// A secret read back masked and sent again means "unchanged".
void merge_credentials(FieldMap& stored, const FieldMap& incoming) {
    for (const auto& [k, v] : incoming) {
        if (auto s = std::get_if<std::string>(&v); s && *s == k_masked)
            continue;
        stored.insert_or_assign(k, v);
    }
}

std::string summarize(const connectors::ActionSpec& action, const FieldMap& input) {
    std::string out;
    for (const auto& [k, v] : input) {
        bool secret = false;
        for (const auto& f : action.input)
            secret |= f.name == k && f.secret;
        out += (out.empty() ? "" : ", ") + k + "=" +
               (secret ? std::string(k_masked) : to_display_string(v));
    }
    return out;
}

}  // namespace

const connectors::ConnectorSpec& IntegrationService::spec_or_throw(
    const std::string& connector_id) const {
    auto* c = connectors_.find(connector_id);
    if (!c) {
        throw ApiError(Errc::unknown_connector, "Unknown connector: " + connector_id,
                       "GET /v1/connectors lists the connectors.",
                       {{"connector_id", "unknown connector"}});
    }
    return c->spec();
}

const connectors::ConnectorSpec& IntegrationService::connector_of(const Integration& i) const {
    return spec_or_throw(i.connector_id);
}

std::optional<std::string> IntegrationService::unreadable(const Integration& i) const {
    auto* c = connectors_.find(i.connector_id);
    return c && c->reader() ? c->reader()->unreadable(i) : std::nullopt;
}

std::optional<FieldMap> IntegrationService::api_budget(const Integration& i) const {
    auto* c = connectors_.find(i.connector_id);
    return c && c->reader() ? c->reader()->api_budget(i) : std::nullopt;
}

void IntegrationService::require_merchant(const std::string& account_id,
                                          const std::string& merchant_id) {
    if (!merchants_.find(account_id, merchant_id))
        throw_not_found("merchant", merchant_id);
}

Integration IntegrationService::create(const std::string& account_id,
                                       const std::string& merchant_id, IntegrationInput in) {
    require_merchant(account_id, merchant_id);
    std::vector<FieldError> errors;
    if (!in.name || in.name->empty())
        errors.push_back({"name", "required"});
    if (!in.connector_id || in.connector_id->empty())
        errors.push_back({"connector_id", "required"});
    throw_if_invalid(errors);
    const auto& spec = spec_or_throw(*in.connector_id);
    Integration i;
    i.settings = in.settings.value_or(FieldMap{});
    errors = validate_fields(spec.settings_fields, i.settings, "settings.", false, true);
    if (in.credentials) {
        i.credentials = *in.credentials;
        auto more =
            validate_fields(spec.credential_fields, i.credentials, "credentials.", false, false);
        errors.insert(errors.end(), more.begin(), more.end());
    }
    throw_if_invalid(errors);
    const auto now = now_ms();
    i.id = new_id("int");
    i.account_id = account_id;
    i.merchant_id = merchant_id;
    i.connector_id = *in.connector_id;
    i.name = *in.name;
    // A connector without an install step (custom: its system pushes, or the hub pulls with
    // the token it was given) is connected once created.
    i.status = spec.auth_kind == "push" ? IntegrationStatus::connected : IntegrationStatus::pending;
    i.source = IntegrationSource::api;
    i.requested_data_types = spec.data_types;
    apply_flags(i, in);
    i.created_at = i.updated_at = now;
    assign_store(i, spec.store_field);
    integrations_.insert(i);
    return i;
}

Integration IntegrationService::get(const std::string& account_id, const std::string& merchant_id,
                                    const std::string& id) {
    auto i = integrations_.find(account_id, id);
    if (!i || (!merchant_id.empty() && i->merchant_id != merchant_id))
        throw_not_found("integration", id);
    return *i;
}

Page<Integration> IntegrationService::list(const std::string& account_id,
                                           const std::string& merchant_id,
                                           std::optional<IntegrationSource> source,
                                           const PageRequest& page) {
    require_merchant(account_id, merchant_id);
    return integrations_.list(account_id, merchant_id, source, page);
}

Integration IntegrationService::update(const std::string& account_id,
                                       const std::string& merchant_id, const std::string& id,
                                       IntegrationInput in, std::int64_t expected_version) {
    Integration i = get(account_id, merchant_id, id);
    const auto& spec = connector_of(i);
    std::vector<FieldError> errors;
    if (in.name && in.name->empty())
        errors.push_back({"name", "must not be empty"});
    if (in.connector_id && *in.connector_id != i.connector_id) {
        errors.push_back({"connector_id", "cannot change; create a new integration instead"});
    }
    if (in.settings) {
        auto more = validate_fields(spec.settings_fields, *in.settings, "settings.", false, true);
        errors.insert(errors.end(), more.begin(), more.end());
    }
    if (in.credentials) {
        FieldMap merged = i.credentials;
        merge_credentials(merged, *in.credentials);
        auto more = validate_fields(spec.credential_fields, merged, "credentials.", false, false);
        errors.insert(errors.end(), more.begin(), more.end());
        if (more.empty())
            i.credentials = std::move(merged);
    }
    throw_if_invalid(errors);
    if (in.name)
        i.name = *in.name;
    if (in.settings)
        i.settings = *in.settings;
    apply_flags(i, in);
    i.updated_at = now_ms();
    assign_store(i, spec.store_field);
    switch (integrations_.update(i, expected_version)) {
        case storage::WriteResult::ok:
            break;
        case storage::WriteResult::version_mismatch:
            throw_version_mismatch(expected_version);
        default:
            throw_not_found("integration", id);
    }
    return get(account_id, merchant_id, id);
}

void IntegrationService::remove(const std::string& account_id, const std::string& merchant_id,
                                const std::string& id, std::int64_t expected_version,
                                const std::string& actor) {
    const Integration i = get(account_id, merchant_id, id);
    // Checked before the store is called, so a stale If-Match unsubscribes nothing.
    if (expected_version != 0 && i.version != expected_version)
        throw_version_mismatch(expected_version);
    const IntegrationDeletion deletion{i.id, actor, unsubscribe_store(i)};
    switch (integrations_.remove(account_id, id, expected_version, deletion)) {
        case storage::WriteResult::ok:
            log::info("integration_deleted", {{"integration_id", i.id},
                                              {"actor", actor},
                                              {"unsubscribe", deletion.unsubscribe.status}});
            return;
        case storage::WriteResult::version_mismatch:
            throw_version_mismatch(expected_version);
        default:
            throw_not_found("integration", id);
    }
}

Unsubscribe IntegrationService::unsubscribe_store(const Integration& i) {
    Unsubscribe out;
    auto* connector = connectors_.find(i.connector_id);
    auto* subscriber = connector ? connector->webhook_subscriber() : nullptr;
    if (!subscriber) {
        out.status = "not_supported";
        return out;
    }
    auto skipped = [&out](const char* why) {
        out.reason = why;
        return out;
    };
    if (public_url_.empty())
        return skipped("no_public_url");  // nothing was subscribed without one
    if (i.status == IntegrationStatus::revoked)
        return skipped("revoked");  // the app is gone from the store, and its webhooks with it
    if (i.store.empty() || !i.credentials.contains("access_token"))
        return skipped("not_connected");
    // Another integration of the account on the same store shares the subscriptions.
    for (const auto& other : integrations_.find_by_store(i.connector_id, i.store)) {
        if (other.id != i.id && other.account_id == i.account_id)
            return skipped("store_shared");
    }
    const connectors::ActionContext context{nullptr, public_url_ + "/webhooks/" + i.connector_id};
    try {
        auto outcome = subscriber->unregister_webhooks(i, context);
        out.status = "removed";
        if (auto it = outcome.result.find("removed"); it != outcome.result.end()) {
            if (const auto* n = std::get_if<std::int64_t>(&it->second))
                out.removed = *n;
        }
    } catch (const ApiError& e) {
        out.status = "failed";
        out.reason = std::string(error_info(e.code()).code);
    } catch (const std::exception&) {
        out.status = "failed";
        out.reason = "internal_error";
    }
    if (out.status == "failed") {
        log::warn("webhook_unsubscribe_failed",
                  {{"integration_id", i.id}, {"code", out.reason.value_or("")}});
    }
    return out;
}

Page<AuditEntry> IntegrationService::audit_log(const std::string& account_id,
                                               const PageRequest& page) {
    return integrations_.list_audit_log(account_id, page);
}

FieldMap IntegrationService::execute_action(const std::string& account_id,
                                            const std::string& merchant_id, const std::string& id,
                                            const std::string& action_id, FieldMap input) {
    Integration i = get(account_id, merchant_id, id);
    const auto* action = connector_of(i).action(action_id);
    if (!action)
        throw_not_found("action", action_id);
    return run_action(i, *action, std::move(input));
}

FieldMap IntegrationService::run_action(Integration& i, const connectors::ActionSpec& spec,
                                        FieldMap input) {
    const auto& account_id = i.account_id;
    auto* connector = connectors_.find(i.connector_id);
    if (!connector)
        spec_or_throw(i.connector_id);
    // The connector's own entry: it lists what it runs (a capability's action is the same
    // wherever the hub names it).
    const auto* action = connector->spec().action(spec.id);
    if (!action)
        throw_not_found("action", spec.id);
    throw_if_invalid(validate_fields(action->input, input, "", false, true),
                     "Invalid action input");
    // What the action may need of the hub: the account's app and the webhook receiver.
    std::optional<connectors::AppCredentials> app;
    if (auto stored = providers_.find(account_id, i.connector_id);
        stored && stored->client_id && stored->client_secret)
        app = connectors::AppCredentials{*stored->client_id, *stored->client_secret};
    connectors::ActionContext context{
        app ? &*app : nullptr,
        public_url_.empty() ? std::string() : public_url_ + "/webhooks/" + i.connector_id};

    ActionExecution audit{
        new_id("act"), account_id,   i.id,    action->id, summarize(*action, input),
        "succeeded",   std::nullopt, now_ms()};
    try {
        if (i.status == IntegrationStatus::revoked) {
            throw ApiError(Errc::integration_revoked,
                           "The integration was revoked by the merchant");
        }
        std::vector<FieldError> oversized;  // stored by an older version: a clear code, once
        find_oversized(connector->spec().credential_fields, i.credentials, "credentials.",
                       oversized);
        find_oversized(connector->spec().settings_fields, i.settings, "settings.", oversized);
        throw_if_stored_invalid(oversized);
        auto outcome = connector->run_action(i, *action, input, context);
        if (outcome.credentials) {
            for (auto& [k, v] : *outcome.credentials)
                i.credentials.insert_or_assign(k, std::move(v));
            i.updated_at = now_ms();
            integrations_.update(i, 0);
        }
        integrations_.insert_action_execution(audit, outcome.records);
        return outcome.result;
    } catch (const ApiError& e) {
        audit.status = "failed";
        audit.error_code = std::string(error_info(e.code()).code);
        integrations_.insert_action_execution(audit);
        throw;
    }
}

bool IntegrationService::refresh_if_expiring(Integration& i, std::int64_t margin_ms) {
    auto* connector = connectors_.find(i.connector_id);
    auto* refresher = connector ? connector->token_refresher() : nullptr;
    if (!refresher || !refresher->credentials_expiring(i, now_ms() + margin_ms))
        return false;
    run_action(i, connectors::actions::refresh_token(), {});
    return true;
}

void IntegrationService::register_webhooks(Integration& i) {
    auto* connector = connectors_.find(i.connector_id);
    if (!connector || !connector->webhook_subscriber() || public_url_.empty())
        return;
    if (auto it = i.settings.find("webhooks_enabled"); it != i.settings.end()) {
        if (const auto* on = std::get_if<bool>(&it->second); on && !*on)
            return;
    }
    try {
        run_action(i, connectors::actions::register_webhooks(), {});
    } catch (const ApiError& e) {
        // Audited as a failed action; periodic syncs still keep the data fresh.
        log::warn("webhook_registration_failed",
                  {{"integration_id", i.id}, {"code", std::string(error_info(e.code()).code)}});
    }
}

std::vector<storage::StockWrite> IntegrationService::request_stock_writes(
    const std::string& account_id, const std::string& merchant_id, const std::string& id,
    const std::vector<StockLevel>& levels) {
    Integration i = get(account_id, merchant_id, id);
    const auto& spec = connector_of(i);
    const auto* connector = connectors_.find(i.connector_id);
    if (!connector->stock_writer() || !stock_writes_) {
        throw ApiError(Errc::connector_not_implemented,
                       "The " + spec.name + " connector cannot write stock levels",
                       "This connector cannot write stock levels in this version.");
    }
    if (i.status == IntegrationStatus::revoked)
        throw ApiError(Errc::integration_revoked, "The integration was revoked by the merchant");
    if (!i.stock_sync_enabled) {
        throw ApiError(Errc::stock_sync_disabled, "Stock sync is off for this integration",
                       "Set stock_sync_enabled to true to have the hub write stock levels.");
    }
    const auto now = now_ms();
    std::vector<storage::StockWrite> rows;
    for (const auto& l : levels) {
        storage::StockWrite w;
        w.integration_id = i.id;
        w.account_id = account_id;
        w.inventory_item_id = l.inventory_item_id;
        w.location_id = l.location_id;
        w.available = l.available;
        w.requested_at = now;
        rows.push_back(std::move(w));
    }
    stock_writes_->request(rows);
    if (on_stock_requested_)
        on_stock_requested_();
    return rows;
}

std::vector<storage::StockWrite> IntegrationService::stock_writes(const std::string& account_id,
                                                                  const std::string& merchant_id,
                                                                  const std::string& id) {
    Integration i = get(account_id, merchant_id, id);
    return stock_writes_ ? stock_writes_->list(account_id, i.id, 1000)
                         : std::vector<storage::StockWrite>{};
}

void IntegrationService::write_stock_level(const storage::StockWrite& w) {
    auto i = integrations_.find(w.account_id, w.integration_id);
    if (!i)
        throw_not_found("integration", w.integration_id);
    if (!i->stock_sync_enabled) {
        throw ApiError(Errc::stock_sync_disabled, "Stock sync was turned off for this integration");
    }
    run_action(
        *i, connectors::actions::set_stock_level(),
        connectors::actions::stock_level_input({w.inventory_item_id, w.location_id, w.available}));
}

SyncRequest IntegrationService::request_sync(const std::string& account_id,
                                             const std::string& merchant_id, const std::string& id,
                                             DataType type, SyncMode mode) {
    Integration i = get(account_id, merchant_id, id);
    const auto& spec = connector_of(i);
    if (!spec.available) {
        throw ApiError(Errc::connector_not_implemented,
                       "The " + spec.name + " connector cannot sync in this version",
                       "This platform's connector is not built in this version of Storebridge.");
    }
    if (!spec.supports(type)) {
        throw ApiError(Errc::unsupported_data_type,
                       spec.name + " does not provide " + std::string(data_type_name(type)));
    }
    if (auto why = unreadable(i)) {
        throw ApiError(Errc::unsupported_data_type,
                       "This integration does not provide " + std::string(data_type_name(type)),
                       *why);
    }
    if (i.status == IntegrationStatus::revoked) {
        throw ApiError(Errc::integration_revoked, "The integration was revoked by the merchant");
    }
    // One active job per integration and data type: a second request joins the first.
    if (auto active = integrations_.find_active_job(i.id, type))
        return {*active, false};
    SyncJob job;
    job.id = new_id("job");
    job.account_id = account_id;
    job.integration_id = i.id;
    job.data_type = type;
    job.trigger = "manual";
    job.created_at = job.updated_at = now_ms();
    if (!integrations_.insert_job(
            job, mode == SyncMode::full ? k_full_sync_checkpoint : std::string_view())) {
        // Another request queued one in between: join it.
        if (auto active = integrations_.find_active_job(i.id, type))
            return {*active, false};
    }
    if (on_job_queued_)
        on_job_queued_();
    return {job, true};
}

SyncJob IntegrationService::get_job(const std::string& account_id, const std::string& merchant_id,
                                    const std::string& integration_id, const std::string& job_id) {
    get(account_id, merchant_id, integration_id);
    auto job = integrations_.find_job(account_id, job_id);
    if (!job || job->integration_id != integration_id)
        throw_not_found("job", job_id);
    return *job;
}

Page<SyncJob> IntegrationService::list_jobs(const std::string& account_id,
                                            const std::string& merchant_id,
                                            const std::string& integration_id,
                                            const PageRequest& page) {
    get(account_id, merchant_id, integration_id);
    return integrations_.list_jobs(account_id, integration_id, page);
}

SyncJob IntegrationService::cancel_job(const std::string& account_id,
                                       const std::string& merchant_id,
                                       const std::string& integration_id,
                                       const std::string& job_id) {
    auto job = get_job(account_id, merchant_id, integration_id, job_id);
    if (is_finished(job.status)) {
        throw ApiError(Errc::job_finished, "The job already finished",
                       "Its status is " + std::string(job_status_name(job.status)) + ".");
    }
    return *integrations_.cancel_job(account_id, job_id);
}

Integration IntegrationService::create_data_connection(
    const std::string& account_id, const std::string& user_id, const std::string& provider,
    const std::vector<DataType>& types, const std::optional<std::string>& shop_domain) {
    require_merchant(account_id, user_id);
    auto* connector = connectors_.find(provider);
    if (!connector) {
        throw ApiError(Errc::unknown_connector, "Unknown provider: " + provider, "",
                       {{"provider_name", "unknown provider"}});
    }
    const auto& spec = connector->spec();
    std::vector<FieldError> errors;
    for (auto t : types) {
        if (!spec.supports(t)) {
            errors.push_back({"requested_data_types",
                              spec.name + " does not provide " + std::string(data_type_name(t))});
        }
    }
    if (!errors.empty()) {
        throw ApiError(Errc::unsupported_data_type,
                       "A requested data type is not available from " + spec.name, "", errors);
    }
    auto app = providers_.find(account_id, provider);
    if (spec.auth_kind == "oauth2" && (!app || !app->client_id || !app->client_secret)) {
        throw ApiError(Errc::provider_not_configured,
                       "The " + spec.name + " provider has no app credentials",
                       "PUT /api/v6/providers/" + provider + "/credentials first.");
    }
    if (!app || !app->enabled) {
        throw ApiError(Errc::provider_disabled, "The " + spec.name + " provider is not enabled",
                       "PUT /api/v6/providers/" + provider + " with {\"enable\": true} first.");
    }
    const auto now = now_ms();
    Integration i;
    i.id = new_id("int");
    i.account_id = account_id;
    i.merchant_id = user_id;
    i.connector_id = provider;
    i.name = spec.name;
    i.status = IntegrationStatus::pending;
    i.source = IntegrationSource::data_connection;
    validate_fields(spec.settings_fields, i.settings, "settings.", false, true);
    if (shop_domain && !spec.store_field.empty())
        i.credentials.emplace(spec.store_field, *shop_domain);
    assign_store(i, spec.store_field);
    i.requested_data_types = types.empty() ? spec.data_types : types;
    i.connect_token = crypto::random_token(24);
    i.connect_token_hash = hash_connect_token(i.connect_token);
    i.created_at = i.updated_at = now;
    integrations_.insert(i);
    return i;
}

std::vector<SyncRequest> IntegrationService::sync_user(const std::string& account_id,
                                                       const std::string& user_id,
                                                       const std::vector<DataType>& types) {
    require_merchant(account_id, user_id);
    std::vector<Integration> connected;
    PageRequest page;
    page.limit = 200;
    for (;;) {
        auto batch = integrations_.list(account_id, user_id, std::nullopt, page);
        for (auto& i : batch.items) {
            if (i.status == IntegrationStatus::connected)
                connected.push_back(std::move(i));
        }
        if (!batch.next)
            break;
        page.after = batch.next;
    }
    if (connected.empty()) {
        throw ApiError(Errc::no_connected_integration, "The user has no CONNECTED data connection",
                       "Finish connecting a data connection first; its status must be CONNECTED.");
    }
    std::vector<SyncRequest> out;
    for (const auto& i : connected) {
        const auto& spec = connector_of(i);
        for (auto t : types) {
            const auto& wanted = i.requested_data_types;
            if (!spec.supports(t) || std::find(wanted.begin(), wanted.end(), t) == wanted.end() ||
                unreadable(i))
                continue;
            out.push_back(request_sync(account_id, user_id, i.id, t));
        }
    }
    if (out.empty()) {
        throw ApiError(Errc::unsupported_data_type, "None of the requested data types is available",
                       "No CONNECTED data connection of this user provides them.");
    }
    return out;
}

std::string IntegrationService::connect_url(const Integration& i) const {
    if (i.connect_token.empty())
        return {};  // only its hash was stored: the link is in the creation response only
    return public_url_ + "/connect/" + i.id + "?token=" + i.connect_token;
}

}  // namespace sb::domain
