#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "emulators/common/faults.hpp"
#include "emulators/common/options.hpp"
#include "emulators/common/tokens.hpp"
#include "emulators/common/webhooks.hpp"

// What every emulator's endpoints share: the faults in force, the installed app and its tokens,
// the outbound webhooks and the request count (RuntimeBase), then the platform's options and
// store (Runtime). A platform's own Runtime derives from Runtime<its options, its store> and
// adds its buckets and counters.
namespace sb::emulators::common {

struct RuntimeBase {
    RuntimeBase(const BaseOptions& options, TokenOptions token_options, std::string admin_token,
                std::vector<std::string> all_scopes, WebhookOptions webhook_options)
        : faults(options),
          app(std::move(token_options), std::move(admin_token), std::move(all_scopes)),
          webhooks(std::move(webhook_options)) {}

    Faults faults;
    AppInstall app;
    Webhooks webhooks;
    std::atomic<std::int64_t> requests{0};  // every request the server took
};

// What an emulator is asked to build its runtime with, besides its options and store.
struct RuntimeParts {
    TokenOptions tokens;
    std::string admin_token;  // the emulator's own token, with `all_scopes`
    std::vector<std::string> all_scopes;
    WebhookOptions webhooks;
};

template <class Options, class Store>
struct Runtime : RuntimeBase {
    Runtime(Options o, RuntimeParts parts, std::unique_ptr<Store> s)
        : RuntimeBase(o, std::move(parts.tokens), std::move(parts.admin_token),
                      std::move(parts.all_scopes), std::move(parts.webhooks)),
          options(std::move(o)),
          store(std::move(s)) {}

    Options options;
    std::unique_ptr<Store> store;
};

}  // namespace sb::emulators::common
