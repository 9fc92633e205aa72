#include "domain/commerce_service.hpp"

#include "core/error.hpp"

namespace sb::domain {

void CommerceService::require_merchant(const std::string& account_id,
                                       const std::string& merchant_id) {
    if (!merchants_.find(account_id, merchant_id))
        throw ApiError(Errc::not_found, "User " + merchant_id + " not found");
}

void CommerceService::require_data_connection(
    const std::string& account_id, const std::string& merchant_id,
    const std::optional<std::string>& data_connection_id) {
    if (!data_connection_id)
        return;
    auto i = integrations_.find(account_id, *data_connection_id);
    if (!i || i->merchant_id != merchant_id)
        throw ApiError(Errc::not_found, "Data connection " + *data_connection_id + " not found");
}

RecordPage CommerceService::list(const std::string& account_id, const std::string& merchant_id,
                                 const RecordListRequest& request) {
    require_merchant(account_id, merchant_id);
    require_data_connection(account_id, merchant_id, request.data_connection_id);
    storage::RecordQuery q;
    q.account_id = account_id;
    q.merchant_id = merchant_id;
    q.integration_id = request.data_connection_id;
    q.type = request.type;
    q.filter = request.filter;
    q.order = request.order;
    q.descending = request.descending;
    q.after = request.after;
    q.limit = request.limit;
    RecordPage page;
    page.items = records_.list(q);
    if (static_cast<int>(page.items.size()) > request.limit) {
        page.items.resize(static_cast<std::size_t>(request.limit));
        const auto& last = page.items.back();
        page.next = storage::RecordPosition{last.updated_at, last.integration_id, last.external_id,
                                            last.data_created_at};
    }
    return page;
}

storage::StoredRecord CommerceService::get(const std::string& account_id,
                                           const std::string& merchant_id, DataType type,
                                           const std::string& external_id,
                                           const std::optional<std::string>& data_connection_id) {
    require_merchant(account_id, merchant_id);
    require_data_connection(account_id, merchant_id, data_connection_id);
    auto found =
        records_.find_by_id(account_id, merchant_id, type, external_id, data_connection_id, 2);
    if (found.empty()) {
        throw ApiError(Errc::not_found,
                       std::string(data_type_name(type)) + " " + external_id + " not found");
    }
    if (found.size() > 1) {
        throw ApiError(Errc::conflict, "Several data connections have this id",
                       "Name one with data_connection_id.",
                       {{"data_connection_id", "required: the id is in several data connections"}});
    }
    return std::move(found.front());
}

storage::StoredRecord CommerceService::shop(const std::string& account_id,
                                            const std::string& merchant_id,
                                            const std::string& integration_id) {
    RecordListRequest request;
    request.type = DataType::shop;
    request.data_connection_id = integration_id;
    request.limit = 1;
    auto page = list(account_id, merchant_id, request);
    if (page.items.empty()) {
        throw ApiError(Errc::not_found, "The shop was not synced yet",
                       "POST .../sync or wait for the integration's first COMMERCE_SHOP sync.");
    }
    return page.items.front();
}

ChangePage CommerceService::changes(const std::string& account_id, const std::string& merchant_id,
                                    std::int64_t after_seq, int limit) {
    require_merchant(account_id, merchant_id);
    ChangePage page;
    page.items = records_.changes(account_id, merchant_id, after_seq, limit);
    page.more = static_cast<int>(page.items.size()) > limit;
    if (page.more)
        page.items.resize(static_cast<std::size_t>(limit));
    page.next_after = page.items.empty() ? after_seq : page.items.back().seq;
    return page;
}

}  // namespace sb::domain
