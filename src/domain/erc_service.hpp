#pragma once

#include <boost/json/storage_ptr.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/commerce_service.hpp"
#include "domain/records/commerce.hpp"
#include "storage/record_reader.hpp"

namespace sb::domain {

// Seed 004's e-commerce reads over every integration of the authenticated account. A
// customer, order or cart id is "<integration id>:<platform id>", so ids from different
// stores never collide.
class ErcService {
  public:
    explicit ErcService(storage::RecordReader& records) : records_(records) {}

    // Customers whose email or phone equals `value`, or (`field` "display_name", the API's
    // `name`) whose first name, last name or full name starts with it; case-insensitive.
    RecordPage find_customers(const std::string& account_id, std::string_view field,
                              const std::string& value,
                              const std::optional<storage::RecordPosition>& after, int limit);
    // 404 for an unknown id (or another account's).
    storage::StoredRecord customer(const std::string& account_id, const std::string& customer_id);
    // The customer's orders or carts, oldest change first.
    RecordPage of_customer(const std::string& account_id, const std::string& customer_id,
                           DataType type, const std::optional<storage::RecordPosition>& after,
                           int limit);
    // An order with its data read once through the records codec (the ownership check reads
    // it, and so do the callers); the JSON text is parsed on `storage` (e.g. a request's
    // monotonic resource).
    struct OrderRecord {
        storage::StoredRecord record;
        records::Order order;
    };
    // 404 unless the order belongs to the customer.
    OrderRecord customer_order(const std::string& account_id, const std::string& customer_id,
                               const std::string& order_id, boost::json::storage_ptr storage = {});
    storage::StoredRecord cart(const std::string& account_id, const std::string& cart_id);

    static std::string id_of(const storage::StoredRecord& r) {
        return r.integration_id + ":" + r.external_id;
    }

  private:
    storage::StoredRecord require(const std::string& account_id, DataType type,
                                  const std::string& id, std::string_view what);

    storage::RecordReader& records_;
};

}  // namespace sb::domain
