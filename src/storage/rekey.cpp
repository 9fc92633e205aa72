#include "storage/rekey.hpp"

#include "storage/integration_store.hpp"
#include "storage/provider_store.hpp"

namespace sb::storage {

std::int64_t reseal_secrets(sql::Database& db, const crypto::Keyring& keys) {
    return db.write([&](sql::Session& s) {
        std::int64_t n = 0;
        for (const auto& r : s.exec("SELECT id, credentials_sealed FROM integrations WHERE "
                                    "credentials_sealed IS NOT NULL")
                                 .rows) {
            if (keys.sealed_with_active(r.text(1)))
                continue;
            const auto aad = integration_credentials_aad(r.text(0));
            s.exec("UPDATE integrations SET credentials_sealed = $2 WHERE id = $1",
                   {r.text(0), keys.seal(keys.open(r.text(1), aad), aad)});
            ++n;
        }
        for (const auto& r :
             s.exec("SELECT account_id, provider, client_secret_sealed FROM provider_apps"
                    " WHERE client_secret_sealed IS NOT NULL")
                 .rows) {
            if (keys.sealed_with_active(r.text(2)))
                continue;
            const auto aad = provider_secret_aad(r.text(0), r.text(1));
            s.exec(
                "UPDATE provider_apps SET client_secret_sealed = $3 WHERE account_id = $1 AND "
                "provider = $2",
                {r.text(0), r.text(1), keys.seal(keys.open(r.text(2), aad), aad)});
            ++n;
        }
        return n;
    });
}

}  // namespace sb::storage
