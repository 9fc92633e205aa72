#include "api/representations.hpp"

#include <boost/json/array.hpp>

#include "core/time.hpp"
#include "domain/integration_service.hpp"
#include "json/fields_json.hpp"

namespace sb::api {

namespace {

namespace json = boost::json;

json::value time_or_null(const std::optional<std::int64_t>& t) {
    return t ? json::value(format_time(*t)) : json::value(nullptr);
}

json::object field_spec_json(const domain::FieldSpec& f) {
    json::object o{{"name", f.name},
                   {"type", domain::field_type_name(f.type)},
                   {"required", f.required},
                   {"secret", f.secret},
                   {"description", f.description}};
    if (!f.allowed.empty()) {
        json::array a;
        for (const auto& v : f.allowed)
            a.emplace_back(v);
        o["enum"] = std::move(a);
    }
    if (f.default_value)
        o["default"] = sb::json::field_value_json(*f.default_value);
    return o;
}

json::array field_specs_json(const std::vector<domain::FieldSpec>& fields) {
    json::array a;
    for (const auto& f : fields)
        a.push_back(field_spec_json(f));
    return a;
}

const char* json_schema_type(domain::FieldType t) {
    switch (t) {
        case domain::FieldType::string:
            return "string";
        case domain::FieldType::boolean:
            return "boolean";
        case domain::FieldType::integer:
            return "integer";
        case domain::FieldType::number:
            return "number";
    }
    return "string";
}

json::array data_types_json(const std::vector<domain::DataType>& types) {
    json::array a;
    for (auto t : types)
        a.emplace_back(domain::data_type_name(t));
    return a;
}

json::object data_type_stat_json(const std::string& type, const storage::DataTypeStat* stat) {
    json::value last_job = nullptr;
    if (stat && stat->last_job) {
        last_job = json::object{{"id", stat->last_job->id},
                                {"status", domain::job_status_name(stat->last_job->status)},
                                {"finished_at", time_or_null(stat->last_job->finished_at)}};
    }
    return {{"data_type", type},
            {"records", stat ? stat->records : 0},
            {"last_synced_at", time_or_null(stat ? stat->last_synced_at : std::nullopt)},
            {"last_job", std::move(last_job)}};
}

// The connector's types in its order, then any other type the integration has data of.
json::array data_type_stats_json(const connectors::ConnectorSpec& spec,
                                 const std::vector<storage::DataTypeStat>& stats) {
    auto find = [&](std::string_view type) -> const storage::DataTypeStat* {
        for (const auto& s : stats) {
            if (s.data_type == type)
                return &s;
        }
        return nullptr;
    };
    json::array out;
    for (auto t : spec.data_types) {
        const std::string name(domain::data_type_name(t));
        out.push_back(data_type_stat_json(name, find(name)));
    }
    for (const auto& s : stats) {
        bool listed = false;
        for (auto t : spec.data_types)
            listed |= domain::data_type_name(t) == s.data_type;
        if (!listed)
            out.push_back(data_type_stat_json(s.data_type, &s));
    }
    return out;
}

}  // namespace

json::object fields_json(const domain::FieldMap& values,
                         const std::vector<domain::FieldSpec>& specs) {
    json::object o;
    for (const auto& [k, v] : values) {
        bool secret = false;
        for (const auto& s : specs)
            secret |= s.name == k && s.secret;
        o[k] = secret ? json::value(domain::k_masked) : sb::json::field_value_json(v);
    }
    return o;
}

json::object to_json(const connectors::ActionSpec& a) {
    json::object props;
    json::array required;
    for (const auto& f : a.input) {
        json::object p{{"type", json_schema_type(f.type)}, {"description", f.description}};
        if (!f.allowed.empty()) {
            json::array e;
            for (const auto& v : f.allowed)
                e.emplace_back(v);
            p["enum"] = std::move(e);
        }
        props[f.name] = std::move(p);
        if (f.required)
            required.emplace_back(f.name);
    }
    return {{"id", a.id},
            {"name", a.name},
            {"description", a.description},
            {"input_schema",
             {{"type", "object"},
              {"properties", std::move(props)},
              {"required", std::move(required)},
              {"additionalProperties", false}}}};
}

json::object to_json(const connectors::ConnectorSpec& s) {
    // A platform whose connector is not built: its name and that it is not available, nothing
    // that would answer 501.
    if (!s.available)
        return {{"id", s.id}, {"name", s.name}, {"available", false}};
    json::array actions;
    for (const auto& a : s.actions)
        actions.push_back(to_json(a));
    return {{"id", s.id},
            {"name", s.name},
            {"available", true},
            {"category", connectors::category_name(s.category)},
            {"auth_kind", s.auth_kind},
            {"data_types", data_types_json(s.data_types)},
            {"actions", std::move(actions)},
            {"credential_fields", field_specs_json(s.credential_fields)},
            {"settings_fields", field_specs_json(s.settings_fields)}};
}

json::object to_json(const domain::Merchant& m, const std::string& self_href) {
    return {{"id", m.id},
            {"name", m.name},
            {"external_id", m.external_id ? json::value(*m.external_id) : json::value(nullptr)},
            {"email", m.email ? json::value(*m.email) : json::value(nullptr)},
            {"is_account_default", m.is_account_default},
            {"created_at", format_time(m.created_at)},
            {"updated_at", format_time(m.updated_at)},
            {"_links", {{"self", {{"href", self_href}}}}}};
}

json::object to_json(const domain::Integration& i, const connectors::ConnectorSpec& spec,
                     const std::string& self_href,
                     const std::optional<domain::FieldMap>& api_budget,
                     const std::vector<storage::DataTypeStat>* data_types) {
    json::object o{{"id", i.id},
                   {"category", connectors::category_name(spec.category)},
                   {"name", i.name},
                   {"order_sync_enabled", i.order_sync_enabled},
                   {"order_sync_updated_at", time_or_null(i.order_sync_updated_at)},
                   {"product_sync_enabled", i.product_sync_enabled},
                   {"product_sync_updated_at", time_or_null(i.product_sync_updated_at)},
                   {"stock_sync_enabled", i.stock_sync_enabled},
                   {"created_at", format_time(i.created_at)},
                   {"updated_at", format_time(i.updated_at)},
                   {"connector_id", i.connector_id},
                   {"status", domain::status_name(i.status)},
                   {"organization_id", i.merchant_id},
                   {"settings", fields_json(i.settings, spec.settings_fields)},
                   {"api_budget", api_budget ? json::value(sb::json::fields_to_json(*api_budget))
                                             : json::value(nullptr)},
                   {"credentials", fields_json(i.credentials, spec.credential_fields)},
                   {"_links", {{"self", {{"href", self_href}}}}}};
    if (data_types)
        o["data_types"] = data_type_stats_json(spec, *data_types);
    return o;
}

json::object data_connection_json(const domain::Integration& i, const std::string& self_href,
                                  const std::string& connect_url) {
    json::object o{{"id", i.id},
                   {"user_id", i.merchant_id},
                   {"provider_name", i.connector_id},
                   {"status", domain::status_name(i.status)},
                   {"requested_data_types", data_types_json(i.requested_data_types)},
                   {"created_at", format_time(i.created_at)},
                   {"updated_at", format_time(i.updated_at)},
                   {"_links", {{"self", {{"href", self_href}}}}}};
    // The install link only makes sense until the merchant has connected, and is known only
    // when the connection was just created (the hub keeps a hash of its token).
    o["connect_url"] = i.status == domain::IntegrationStatus::pending && !connect_url.empty()
                           ? json::value(connect_url)
                           : json::value(nullptr);
    return o;
}

json::object to_json(const domain::SyncJob& j, const std::string& self_href) {
    // Rate over the run so far; ETA only while running with a known total.
    const auto end = j.finished_at.value_or(now_ms());
    const double seconds = j.started_at ? static_cast<double>(end - *j.started_at) / 1000.0 : 0.0;
    const double rate = seconds > 0 ? static_cast<double>(j.records_read) / seconds : 0.0;
    json::value eta = nullptr;
    if (j.status == domain::JobStatus::running && j.total && rate > 0 &&
        *j.total >= j.records_read) {
        eta = static_cast<std::int64_t>(static_cast<double>(*j.total - j.records_read) / rate);
    }
    json::object progress{
        {"records_read", j.records_read},
        {"records_written", j.records_written},
        {"pages", j.pages},
        {"records_per_second", static_cast<std::int64_t>(rate)},
        {"eta_seconds", eta},
        {"total", j.total ? json::value(*j.total) : json::value(nullptr)},
        {"percent", j.total && *j.total > 0
                        ? json::value(100.0 * static_cast<double>(j.records_read) /
                                      static_cast<double>(*j.total))
                        : json::value(nullptr)}};
    return {{"id", j.id},
            {"integration_id", j.integration_id},
            {"data_type", domain::data_type_name(j.data_type)},
            {"trigger", j.trigger},
            {"status", domain::job_status_name(j.status)},
            {"cancel_requested", j.cancel_requested},
            {"attempts", j.attempts},
            {"last_error", j.last_error ? json::value(*j.last_error) : json::value(nullptr)},
            {"progress", std::move(progress)},
            {"created_at", format_time(j.created_at)},
            {"updated_at", format_time(j.updated_at)},
            {"started_at", time_or_null(j.started_at)},
            {"finished_at", time_or_null(j.finished_at)},
            {"_links", {{"self", {{"href", self_href}}}}}};
}

json::object credentials_json(const domain::CredentialEntry& e,
                              const connectors::ConnectorSpec& spec) {
    auto opt = [](const std::optional<std::string>& v) {
        return v ? json::value(*v) : json::value(nullptr);
    };
    json::object o{{"integration_id", e.integration_id},
                   {"integration_type", e.integration_type},
                   {"brand_name", opt(e.brand_name)},
                   {"brand_domain_id", opt(e.brand_domain_id)},
                   {"authorization_id", opt(e.authorization_id)}};
    o[e.integration_type == "SHOPIFY" ? "shopify_integration_credential" : "credentials"] =
        fields_json(e.credentials, spec.credential_fields);
    return o;
}

}  // namespace sb::api
