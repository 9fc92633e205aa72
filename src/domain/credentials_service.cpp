#include "domain/credentials_service.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "domain/field_validation.hpp"
#include "domain/integration_service.hpp"

namespace sb::domain {

namespace {

std::optional<std::string> meta_opt(const FieldMap& m, const std::string& key) {
    auto it = m.find(key);
    if (it == m.end())
        return std::nullopt;
    auto s = std::get_if<std::string>(&it->second);
    return s ? std::optional<std::string>(*s) : std::nullopt;
}

}  // namespace

std::optional<std::string> CredentialsService::connector_for_type(const std::string& type) {
    static const std::vector<std::pair<std::string, std::string>> map = {
        {"SHOPIFY", "shopify"},     {"BIGCOMMERCE", "bigcommerce"}, {"CUSTOM", "custom"},
        {"SHOPLAZZA", "shoplazza"}, {"WOOCOMMERCE", "woocommerce"},
    };
    for (const auto& [t, c] : map) {
        if (t == type)
            return c;
    }
    return std::nullopt;
}

std::string CredentialsService::type_for_connector(const std::string& connector_id) {
    std::string out = connector_id;
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return std::toupper(c); });
    return out;
}

CredentialSet CredentialsService::upsert(
    const std::string& account_id, bool if_multiple, std::vector<CredentialEntry> entries,
    const std::string& actor, const std::function<Unsubscribe(const Integration&)>& unsubscribe) {
    const auto merchant = merchants_.account_default(account_id);
    auto current = get(account_id);
    std::vector<FieldError> errors;
    std::vector<Integration> wanted;
    const auto now = now_ms();
    for (std::size_t n = 0; n < entries.size(); ++n) {
        auto& e = entries[n];
        const std::string at = if_multiple ? "multiple_integrations[" + std::to_string(n) + "]."
                                           : "default_integration.";
        auto connector_id = connector_for_type(e.integration_type);
        if (!connector_id) {
            errors.push_back(
                {at + "integration_type",
                 "must be one of SHOPIFY, BIGCOMMERCE, CUSTOM, SHOPLAZZA, WOOCOMMERCE"});
            continue;
        }
        for (std::size_t m = 0; m < n; ++m) {
            if (entries[m].integration_type == e.integration_type &&
                entries[m].brand_domain_id == e.brand_domain_id) {
                errors.push_back(
                    {at + "brand_domain_id", "appears twice for " + e.integration_type});
            }
        }
        const auto& spec = connectors_.find(*connector_id)->spec();
        // The same platform and brand keeps its integration (and its synced data).
        Integration i;
        const CredentialEntry* previous = nullptr;
        if (current) {
            for (const auto& p : current->entries) {
                if (p.integration_type == e.integration_type &&
                    p.brand_domain_id == e.brand_domain_id)
                    previous = &p;
            }
        }
        if (previous) {
            FieldMap merged = previous->credentials;
            for (const auto& [k, v] : e.credentials) {
                if (auto s = std::get_if<std::string>(&v); s && *s == k_masked)
                    continue;
                merged.insert_or_assign(k, v);
            }
            e.credentials = std::move(merged);
            i.id = previous->integration_id;
        } else {
            i.id = new_id("int");
        }
        const std::string cred_field =
            e.integration_type == "SHOPIFY" ? "shopify_integration_credential." : "credentials.";
        auto more =
            validate_fields(spec.credential_fields, e.credentials, at + cred_field, false, false);
        errors.insert(errors.end(), more.begin(), more.end());
        i.account_id = account_id;
        i.merchant_id = merchant.id;
        i.connector_id = *connector_id;
        i.name = e.brand_name.value_or(spec.name);
        i.status = IntegrationStatus::pending;
        i.source = IntegrationSource::credentials;
        validate_fields(spec.settings_fields, i.settings, "", false, true);
        i.credentials = e.credentials;
        if (e.brand_name)
            i.metadata.emplace("brand_name", *e.brand_name);
        if (e.brand_domain_id)
            i.metadata.emplace("brand_domain_id", *e.brand_domain_id);
        if (e.authorization_id)
            i.metadata.emplace("authorization_id", *e.authorization_id);
        i.metadata.emplace("if_multiple_integration", if_multiple);
        i.requested_data_types = spec.data_types;
        i.created_at = i.updated_at = now;
        assign_store(i, spec.store_field);
        wanted.push_back(std::move(i));
    }
    throw_if_invalid(errors, "The credentials document is invalid");
    std::vector<IntegrationDeletion> deletions;
    for (const auto& e : current ? current->entries : std::vector<CredentialEntry>{}) {
        const bool kept = std::any_of(wanted.begin(), wanted.end(), [&](const Integration& w) {
            return w.id == e.integration_id;
        });
        if (kept)
            continue;
        if (auto dropped = integrations_.find(account_id, e.integration_id)) {
            deletions.push_back(
                {dropped->id, actor, unsubscribe ? unsubscribe(*dropped) : Unsubscribe{}});
        }
    }
    integrations_.replace_credential_set(account_id, merchant.id, wanted, deletions, actor);
    return *get(account_id);
}

std::optional<CredentialSet> CredentialsService::get(const std::string& account_id) {
    const auto merchant = merchants_.account_default(account_id);
    PageRequest page;
    page.limit = 1000;  // the set is read whole; the upsert caps it far below this
    auto rows = integrations_.list(account_id, merchant.id, IntegrationSource::credentials, page);
    if (rows.items.empty())
        return std::nullopt;
    CredentialSet set;
    set.merchant_id = merchant.id;
    for (const auto& i : rows.items) {
        auto it = i.metadata.find("if_multiple_integration");
        if (it != i.metadata.end() && std::holds_alternative<bool>(it->second)) {
            set.if_multiple_integration = std::get<bool>(it->second);
        }
        CredentialEntry e;
        e.integration_type = type_for_connector(i.connector_id);
        e.brand_name = meta_opt(i.metadata, "brand_name");
        e.brand_domain_id = meta_opt(i.metadata, "brand_domain_id");
        e.authorization_id = meta_opt(i.metadata, "authorization_id");
        e.credentials = i.credentials;
        e.integration_id = i.id;
        set.entries.push_back(std::move(e));
    }
    return set;
}

}  // namespace sb::domain
