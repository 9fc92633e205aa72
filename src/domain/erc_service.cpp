#include "domain/erc_service.hpp"

#include <boost/json/parse.hpp>

#include "core/error.hpp"
#include "domain/records/codec.hpp"

namespace sb::domain {

namespace {

std::optional<std::pair<std::string, std::string>> split_id(const std::string& id) {
    const auto colon = id.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == id.size())
        return std::nullopt;
    return std::pair{id.substr(0, colon), id.substr(colon + 1)};
}

RecordPage page_of(std::vector<storage::StoredRecord> rows, int limit, bool by_update) {
    RecordPage page;
    page.items = std::move(rows);
    if (static_cast<int>(page.items.size()) > limit) {
        page.items.resize(static_cast<std::size_t>(limit));
        const auto& last = page.items.back();
        page.next = storage::RecordPosition{by_update ? last.updated_at : 0, last.integration_id,
                                            last.external_id};
    }
    return page;
}

}  // namespace

storage::StoredRecord ErcService::require(const std::string& account_id, DataType type,
                                          const std::string& id, std::string_view what) {
    auto parts = split_id(id);
    std::optional<storage::StoredRecord> r;
    if (parts)
        r = records_.get(account_id, parts->first, type, parts->second);
    if (!r)
        throw ApiError(Errc::not_found, std::string(what) + " " + id + " not found");
    return std::move(*r);
}

RecordPage ErcService::find_customers(const std::string& account_id, std::string_view field,
                                      const std::string& value,
                                      const std::optional<storage::RecordPosition>& after,
                                      int limit) {
    if (field == "display_name") {
        return page_of(records_.find_customers_by_name(account_id, value, after, limit), limit,
                       false);
    }
    return page_of(records_.find_customers(account_id, field, value, after, limit), limit, false);
}

storage::StoredRecord ErcService::customer(const std::string& account_id,
                                           const std::string& customer_id) {
    return require(account_id, DataType::customer, customer_id, "Customer");
}

RecordPage ErcService::of_customer(const std::string& account_id, const std::string& customer_id,
                                   DataType type,
                                   const std::optional<storage::RecordPosition>& after, int limit) {
    const auto c = customer(account_id, customer_id);
    return page_of(
        records_.of_customer(account_id, c.integration_id, type, c.external_id, after, limit),
        limit, true);
}

ErcService::OrderRecord ErcService::customer_order(const std::string& account_id,
                                                   const std::string& customer_id,
                                                   const std::string& order_id,
                                                   boost::json::storage_ptr storage) {
    const auto c = customer(account_id, customer_id);
    OrderRecord o{require(account_id, DataType::order, order_id, "Order"), {}};
    boost::system::error_code ec;
    const auto data = boost::json::parse(o.record.data, ec, std::move(storage));
    if (!ec)
        o.order = records::from_json<records::Order>(data);
    if (o.record.integration_id != c.integration_id || o.order.customer_id != c.external_id)
        throw ApiError(Errc::not_found, "Order " + order_id + " not found for this customer");
    return o;
}

storage::StoredRecord ErcService::cart(const std::string& account_id, const std::string& cart_id) {
    return require(account_id, DataType::cart, cart_id, "Cart");
}

}  // namespace sb::domain
