#include "domain/merchant_service.hpp"

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"

namespace sb::domain {

void throw_version_mismatch(std::int64_t expected) {
    throw ApiError(
        Errc::precondition_failed, "The resource has changed",
        "If-Match named version " + std::to_string(expected) + "; fetch it again and retry.");
}

void throw_not_found(const std::string& what, const std::string& id) {
    throw ApiError(Errc::not_found, "No " + what + " with id " + id);
}

Merchant MerchantService::create(const std::string& account_id, const MerchantInput& in) {
    const auto now = now_ms();
    Merchant m{new_id("org"), account_id, in.name, in.external_id, in.email, false, 1, now, now};
    store_.insert(m);
    return m;
}

Merchant MerchantService::get(const std::string& account_id, const std::string& id) {
    auto m = store_.find(account_id, id);
    if (!m)
        throw_not_found("merchant", id);
    return *m;
}

Page<Merchant> MerchantService::list(const std::string& account_id, const PageRequest& page) {
    return store_.list(account_id, page);
}

Merchant MerchantService::update(const std::string& account_id, const std::string& id,
                                 const MerchantInput& in, std::int64_t expected_version) {
    Merchant m = get(account_id, id);
    m.name = in.name;
    m.external_id = in.external_id;
    m.email = in.email;
    m.updated_at = now_ms();
    switch (store_.update(m, expected_version)) {
        case storage::WriteResult::ok:
            break;
        case storage::WriteResult::version_mismatch:
            throw_version_mismatch(expected_version);
        default:
            throw_not_found("merchant", id);
    }
    return get(account_id, id);
}

void MerchantService::remove(const std::string& account_id, const std::string& id,
                             std::int64_t expected_version, bool force) {
    switch (store_.remove(account_id, id, expected_version, force)) {
        case storage::WriteResult::ok:
            return;
        case storage::WriteResult::version_mismatch:
            throw_version_mismatch(expected_version);
        case storage::WriteResult::blocked:
            if (force) {
                throw ApiError(Errc::merchant_has_integrations,
                               "The account's default merchant still has integrations",
                               "It holds the account's e-commerce credentials; delete its "
                               "integrations first. force does not apply to it.");
            }
            throw ApiError(Errc::merchant_has_integrations, "The merchant still has integrations",
                           "Delete them first, or repeat with ?force=true to delete the merchant "
                           "with all its data.");
        case storage::WriteResult::not_found:
            throw_not_found("merchant", id);
    }
}

std::optional<std::string> MerchantService::default_merchant_id(const std::string& account_id) {
    auto m = store_.find_account_default(account_id);
    return m ? std::optional<std::string>(m->id) : std::nullopt;
}

}  // namespace sb::domain
