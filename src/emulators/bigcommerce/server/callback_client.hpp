#pragma once

#include <chrono>
#include <string>

// One outbound GET with a deadline over the whole exchange (plain http): the app callbacks
// (uninstall, remove_user) the store calls server to server.
namespace sb::emulators::bigcommerce {

struct CallbackResult {
    int status = 0;     // 0 when no response arrived
    std::string error;  // transport error, empty on a response
};

CallbackResult http_get(const std::string& url, std::chrono::milliseconds timeout);

}  // namespace sb::emulators::bigcommerce
