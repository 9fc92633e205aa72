#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "emulators/bigcommerce/data/render.hpp"
#include "emulators/bigcommerce/data/store.hpp"
#include "emulators/bigcommerce/emulator.hpp"
#include "emulators/bigcommerce/server/rate_window.hpp"
#include "emulators/bigcommerce/webhooks/webhooks.hpp"
#include "emulators/common/runtime.hpp"
#include "http/router.hpp"

// Everything the endpoints share, built once by the Emulator: the kit's faults, app install,
// webhooks, request count, options and store (common/runtime.hpp), and BigCommerce's rate
// window, hooks, counters and the app's current token.
namespace sb::emulators::bigcommerce {

struct Counters {
    std::atomic<std::int64_t> api{0};
    std::atomic<std::int64_t> throttled{0};
};

// The client id the emulator's own store-level API account creates hooks as.
inline constexpr const char* k_store_account_client = "store-api-account";

struct Runtime : common::Runtime<EmulatorOptions, Store> {
    explicit Runtime(EmulatorOptions o);
    Runtime(EmulatorOptions o, std::shared_ptr<HookTable> table);

    std::shared_ptr<HookTable> hooks;
    RateWindow rate;
    Counters counters;
    std::string account_uuid;

    // The app's token: only the newest one issued works (each install replaces the last).
    void set_app_token(const std::string& token);
    bool current_token(const std::string& token) const;
    // The app's registration (auth callback, scopes), as the Developer Portal keeps it.
    struct AppRegistration {
        std::string auth_callback;
        std::vector<std::string> scopes;
    };
    AppRegistration registration() const;
    void set_registration(AppRegistration r);
    // The redirect_uri each authorization code was issued for.
    void remember_code(const std::string& code, const std::string& redirect);
    std::optional<std::string> take_code_redirect(const std::string& code);

    // The store-level base URL (http://host:port/stores/{hash}) once listening.
    std::string api_url() const;
    StoreInfo info() const;
    // Sends {scope, store_id, data, hash, created_at, producer} to every hook on `scope`.
    void publish(const std::string& scope, boost::json::object data);
    void publish_order_change(const OrderChange& c);
    // Deletes every hook (and its subscription): an uninstall.
    void drop_hooks();

    std::atomic<std::uint16_t> port{0};

  private:
    mutable std::mutex mutex_;
    std::string app_token_;
    AppRegistration registration_;
    std::map<std::string, std::string> code_redirects_;
};

// v2 errors: [{"status":N,"message":"…"}].
http::Response error_v2(int status, const std::string& message);
// v3 errors: {"status":N,"title":"…","type":"…","errors":{…}}.
http::Response error_v3(int status, const std::string& title, boost::json::object errors = {});

const std::vector<std::string>& all_scopes();
// `store_x` grants `store_x_read_only` too.
bool has_bc_scope(const std::vector<std::string>& granted, const std::string& scope);

void add_v2_routes(http::Router& r, Runtime& rt);
void add_v3_routes(http::Router& r, Runtime& rt);
void add_hook_routes(http::Router& r, Runtime& rt);
void add_oauth_routes(http::Router& r, Runtime& rt);
void add_admin_routes(http::Router& r, Runtime& rt);

}  // namespace sb::emulators::bigcommerce
