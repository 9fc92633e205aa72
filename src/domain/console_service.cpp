#include "domain/console_service.hpp"

#include "core/error.hpp"

namespace sb::domain {

Page<storage::AccountJob> ConsoleService::jobs(const std::string& account_id,
                                               const storage::AccountJobFilter& filter,
                                               const PageRequest& page) {
    return jobs_.list_account_jobs(account_id, filter, page);
}

storage::RecordWithRaw ConsoleService::record(const std::string& account_id,
                                              const std::string& merchant_id,
                                              const std::string& integration_id, DataType type,
                                              const std::string& external_id) {
    auto i = integrations_.find(account_id, integration_id);
    if (!i || i->merchant_id != merchant_id)
        throw ApiError(Errc::not_found, "Integration " + integration_id + " not found");
    auto r = reader_.record(account_id, integration_id, type, external_id);
    if (!r) {
        throw ApiError(Errc::not_found, "Record not found",
                       "The integration has no " + std::string(data_type_name(type)) +
                           " with external_id " + external_id + ".");
    }
    return std::move(*r);
}

std::map<std::string, std::vector<storage::DataTypeStat>> ConsoleService::data_types(
    const std::string& account_id, const std::vector<Integration>& integrations) {
    std::vector<std::string> ids;
    ids.reserve(integrations.size());
    for (const auto& i : integrations)
        ids.push_back(i.id);
    return reader_.data_type_stats(account_id, ids);
}

ConsoleService::Gauges ConsoleService::gauges() {
    return {reader_.job_counts(), reader_.queue_depths()};
}

}  // namespace sb::domain
