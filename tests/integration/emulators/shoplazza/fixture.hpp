#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/http_client.hpp"
#include "emulators/shoplazza/emulator.hpp"
#include "http/message.hpp"
#include "http/server.hpp"

namespace sb::emulators::shoplazza::testing {

inline std::unique_ptr<Emulator> start_emulator(EmulatorOptions o = {}) {
    o.port = 0;
    auto e = std::make_unique<Emulator>(std::move(o));
    e->start();
    return e;
}

inline test::HttpResponse api(const Emulator& e, const std::string& method,
                              const std::string& target, const std::string& body = {},
                              const std::string& token = {}) {
    test::HttpRequest r;
    r.method = method;
    r.target = target;
    r.headers = {{"Access-Token", token.empty() ? e.admin_token() : token}};
    if (!body.empty() || method != "GET")
        r.headers.emplace_back("Content-Type", "application/json");
    r.body = body;
    return test::send(e.port(), r);
}

inline test::HttpResponse api_get(const Emulator& e, const std::string& target,
                                  const std::string& token = {}) {
    return api(e, "GET", target, {}, token);
}

inline test::HttpResponse admin(const Emulator& e, const std::string& method,
                                const std::string& target, const std::string& body = "{}") {
    return test::send(
        e.port(), test::HttpRequest{method, target, {{"Content-Type", "application/json"}}, body});
}

// The callback query of an authorize redirect to http://localhost/cb; empty if none.
inline std::vector<std::pair<std::string, std::string>> authorize(const Emulator& e,
                                                                  const std::string& scopes,
                                                                  const std::string& state = "s") {
    const auto& o = e.options();
    auto r =
        test::get(e.port(), "/admin/oauth/authorize?client_id=" + o.client_id + "&scope=" + scopes +
                                "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&response_type="
                                "code&state=" +
                                state);
    const std::string loc = r.header("Location");
    http::Request parsed;
    if (r.status != 302 || loc.find("/cb") == std::string::npos ||
        !http::parse_target(loc.substr(loc.find("/cb")), parsed)) {
        return {};
    }
    return parsed.query;
}

inline std::string value_of(const std::vector<std::pair<std::string, std::string>>& q,
                            const std::string& key) {
    for (const auto& [k, v] : q) {
        if (k == key)
            return v;
    }
    return {};
}

inline test::HttpResponse token_request(const Emulator& e, const std::string& form) {
    return test::send(e.port(),
                      test::HttpRequest{"POST",
                                        "/admin/oauth/token",
                                        {{"Content-Type", "application/x-www-form-urlencoded"}},
                                        form});
}

// An access token granted exactly `scopes` (space separated, URL-encoded) through OAuth.
inline std::string token_with_scopes(const Emulator& e, const std::string& scopes) {
    const auto q = authorize(e, scopes);
    const auto& o = e.options();
    auto r = token_request(e, "client_id=" + o.client_id + "&client_secret=" + o.client_secret +
                                  "&grant_type=authorization_code&code=" + value_of(q, "code"));
    if (r.status != 200)
        return {};
    const auto body = r.json();
    return std::string(body.at("access_token").as_string());
}

// Polls until `pred` holds or `limit` passes; tests assert on the outcome, not the time.
template <class F>
bool eventually(F pred, std::chrono::seconds limit = std::chrono::seconds(30)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (pred())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred();
}

// A loopback webhook endpoint that records requests and can fail the first ones with 500.
struct Receiver {
    std::mutex mutex;
    std::vector<http::Request> got;
    int fail_first = 0;
    std::unique_ptr<http::Server> server;
    Receiver() {
        http::ServerOptions so;
        so.port = 0;
        server = std::make_unique<http::Server>(so, [this](http::Request& req) {
            std::lock_guard lock(mutex);
            got.push_back(req);
            if (fail_first > 0) {
                --fail_first;
                return http::Response::text(500, "nope");
            }
            return http::Response::text(200, "ok");
        });
        server->start();
    }
    std::size_t count() {
        std::lock_guard lock(mutex);
        return got.size();
    }
    std::vector<http::Request> requests() {
        std::lock_guard lock(mutex);
        return got;
    }
    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(server->port()) + "/hooks";
    }
};

}  // namespace sb::emulators::shoplazza::testing
