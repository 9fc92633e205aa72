#include "domain/integration.hpp"

#include <cctype>

#include "crypto/crypto.hpp"

namespace sb::domain {

std::string_view status_name(IntegrationStatus s) {
    switch (s) {
        case IntegrationStatus::pending:
            return "PENDING";
        case IntegrationStatus::connected:
            return "CONNECTED";
        case IntegrationStatus::error:
            return "ERROR";
        case IntegrationStatus::revoked:
            return "REVOKED";
    }
    return "PENDING";
}

std::optional<IntegrationStatus> parse_status(std::string_view s) {
    for (auto v : {IntegrationStatus::pending, IntegrationStatus::connected,
                   IntegrationStatus::error, IntegrationStatus::revoked}) {
        if (status_name(v) == s)
            return v;
    }
    return std::nullopt;
}

std::string_view source_name(IntegrationSource s) {
    switch (s) {
        case IntegrationSource::api:
            return "api";
        case IntegrationSource::data_connection:
            return "data_connection";
        case IntegrationSource::credentials:
            return "credentials";
    }
    return "api";
}

IntegrationSource parse_source(std::string_view s) {
    if (s == "data_connection")
        return IntegrationSource::data_connection;
    if (s == "credentials")
        return IntegrationSource::credentials;
    return IntegrationSource::api;
}

std::string_view job_status_name(JobStatus s) {
    switch (s) {
        case JobStatus::queued:
            return "queued";
        case JobStatus::running:
            return "running";
        case JobStatus::succeeded:
            return "succeeded";
        case JobStatus::failed:
            return "failed";
        case JobStatus::cancelled:
            return "cancelled";
    }
    return "queued";
}

JobStatus parse_job_status(std::string_view s) {
    for (auto v : {JobStatus::queued, JobStatus::running, JobStatus::succeeded, JobStatus::failed,
                   JobStatus::cancelled}) {
        if (job_status_name(v) == s)
            return v;
    }
    return JobStatus::failed;
}

bool is_finished(JobStatus s) {
    return s == JobStatus::succeeded || s == JobStatus::failed || s == JobStatus::cancelled;
}

void assign_store(Integration& i, std::string_view store_field) {
    if (store_field.empty())
        return;
    for (const auto* fields : {&i.credentials, &i.settings}) {
        auto it = fields->find(std::string(store_field));
        if (it == fields->end())
            continue;
        if (const auto* s = std::get_if<std::string>(&it->second); s && !s->empty()) {
            i.store = *s;
            for (auto& c : i.store)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return;
        }
    }
}

std::string hash_connect_token(std::string_view token) {
    return crypto::hex_encode(crypto::sha256(token));
}

}  // namespace sb::domain
