#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/data_types.hpp"
#include "storage/integration_store.hpp"
#include "storage/merchant_store.hpp"
#include "storage/record_reader.hpp"

namespace sb::domain {

struct RecordListRequest {
    DataType type = DataType::order;
    std::optional<std::string> data_connection_id;
    storage::RecordFilter filter;
    storage::RecordOrder order = storage::RecordOrder::updated_at;
    bool descending = false;
    std::optional<storage::RecordPosition> after;
    int limit = 50;
};

struct RecordPage {
    std::vector<storage::StoredRecord> items;
    std::optional<storage::RecordPosition> next;  // set when more records follow
};

struct ChangePage {
    std::vector<storage::StoredRecord> items;
    std::int64_t next_after = 0;  // the sequence to ask after next time
    bool more = false;            // more changes are waiting right now
};

// Reads of the normalized commerce data of one merchant (seed 003's user), across its
// integrations, and the merchant's change feed.
class CommerceService {
  public:
    CommerceService(storage::MerchantStore& merchants, storage::IntegrationStore& integrations,
                    storage::RecordReader& records)
        : merchants_(merchants), integrations_(integrations), records_(records) {}

    // 404 for an unknown merchant or a data connection that is not the merchant's.
    RecordPage list(const std::string& account_id, const std::string& merchant_id,
                    const RecordListRequest& request);
    // One record by its platform id, in `data_connection_id` when given; 404 when the merchant
    // has none, 409 when several of its data connections have one (name one then).
    storage::StoredRecord get(const std::string& account_id, const std::string& merchant_id,
                              DataType type, const std::string& external_id,
                              const std::optional<std::string>& data_connection_id);
    ChangePage changes(const std::string& account_id, const std::string& merchant_id,
                       std::int64_t after_seq, int limit);
    // The integration's synced shop record; 404 when the integration is not the merchant's
    // or its shop was not synced yet.
    storage::StoredRecord shop(const std::string& account_id, const std::string& merchant_id,
                               const std::string& integration_id);

  private:
    void require_merchant(const std::string& account_id, const std::string& merchant_id);
    void require_data_connection(const std::string& account_id, const std::string& merchant_id,
                                 const std::optional<std::string>& data_connection_id);

    storage::MerchantStore& merchants_;
    storage::IntegrationStore& integrations_;
    storage::RecordReader& records_;
};

}  // namespace sb::domain
