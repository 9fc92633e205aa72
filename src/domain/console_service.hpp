#pragma once

#include <map>
#include <string>
#include <vector>

#include "domain/data_types.hpp"
#include "domain/integration.hpp"
#include "domain/paging.hpp"
#include "storage/console_reader.hpp"
#include "storage/integration_store.hpp"
#include "storage/job_queue.hpp"

namespace sb::domain {

// What the operator console reads besides the resources other services serve: the
// account's jobs, a record with its raw payload, per-type counts of integrations, and the
// gauges of /metrics.
class ConsoleService {
  public:
    ConsoleService(storage::IntegrationStore& integrations, storage::JobQueue& jobs,
                   storage::ConsoleReader& reader)
        : integrations_(integrations), jobs_(jobs), reader_(reader) {}

    Page<storage::AccountJob> jobs(const std::string& account_id,
                                   const storage::AccountJobFilter& filter,
                                   const PageRequest& page);
    // 404 when the integration is not the merchant's or has no such record (a tombstone is
    // answered, deleted).
    storage::RecordWithRaw record(const std::string& account_id, const std::string& merchant_id,
                                  const std::string& integration_id, DataType type,
                                  const std::string& external_id);
    // By integration id: the data types each of `integrations` (the account's) holds.
    std::map<std::string, std::vector<storage::DataTypeStat>> data_types(
        const std::string& account_id, const std::vector<Integration>& integrations);

    struct Gauges {
        std::vector<storage::JobCount> jobs;
        storage::QueueDepths queues;
    };
    Gauges gauges();

  private:
    storage::IntegrationStore& integrations_;
    storage::JobQueue& jobs_;
    storage::ConsoleReader& reader_;
};

}  // namespace sb::domain
