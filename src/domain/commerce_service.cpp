#include "domain/commerce_service.hpp"

#include "core/error.hpp"

namespace sb::domain {

void CommerceService::require_merchant(const std::string& account_id,
                                       const std::string& merchant_id) {
    if (!merchants_.find(account_id, merchant_id))
        throw ApiError(Errc::not_found, "User " + merchant_id + " not found");
}

RecordPage CommerceService::list(const std::string& account_id, const std::string& merchant_id,
                                 const RecordListRequest& request) {
    require_merchant(account_id, merchant_id);
    if (request.data_connection_id) {
        auto i = integrations_.find(account_id, *request.data_connection_id);
        if (!i || i->merchant_id != merchant_id) {
            throw ApiError(Errc::not_found,
                           "Data connection " + *request.data_connection_id + " not found");
        }
    }
    storage::RecordQuery q;
    q.account_id = account_id;
    q.merchant_id = merchant_id;
    q.integration_id = request.data_connection_id;
    q.type = request.type;
    q.updated_after = request.updated_after;
    q.updated_before = request.updated_before;
    q.after = request.after;
    q.limit = request.limit;
    RecordPage page;
    page.items = records_.list(q);
    if (static_cast<int>(page.items.size()) > request.limit) {
        page.items.resize(static_cast<std::size_t>(request.limit));
        const auto& last = page.items.back();
        page.next = storage::RecordPosition{last.updated_at, last.integration_id, last.external_id};
    }
    return page;
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
