// HTTP-level fuzzing of the real server (issue 16): valid requests, mutated in their method,
// target, version, header names and values, framing and body, sent over loopback one
// connection each. Asserted for every one: the server answers what it reads (no silent close),
// never with a server error, and every 4xx is in the error shape; afterwards it still serves.
//
// Bounded and reproducible: a fixed number of requests within a time budget, from a seeded
// generator. The seed is printed; STOREBRIDGE_HTTP_FUZZ_SEED replays a run and
// STOREBRIDGE_HTTP_FUZZ_REQUESTS changes its length.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/http_client.hpp"
#include "common/test_env.hpp"

namespace sb::test {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

constexpr std::uint64_t k_default_seed = 0x5b16'0003;
constexpr int k_default_requests = 4000;
constexpr auto k_time_budget = std::chrono::seconds(20);
constexpr std::size_t k_body_limit = 4096;  // small, so that 413 is cheap to reach

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::strtoull(v, nullptr, 0) : fallback;
}

// A request before serialization. With `frame` the body gets a Content-Length (or chunks,
// with `chunked`); without it the headers stand as they are, whatever they claim.
struct Draft {
    std::string method = "GET";
    std::string target = "/healthz";
    std::string version = "HTTP/1.1";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    bool frame = true;
    bool chunked = false;
    std::string eol = "\r\n";
};

class Generator {
  public:
    Generator(std::uint64_t seed, std::string token) : rng_(seed), token_(std::move(token)) {}

    std::string next(std::string& method) {
        Draft d = base();
        const int mutations = 1 + static_cast<int>(below(3));
        for (int i = 0; i < mutations; ++i)
            mutate(d);
        method = d.method;
        std::string bytes = serialize(d);
        if (chance(0.25))
            mutate_bytes(bytes);
        return bytes;
    }

  private:
    std::mt19937_64 rng_;
    std::string token_;

    std::uint64_t below(std::uint64_t n) { return rng_() % n; }
    bool chance(double p) { return static_cast<double>(rng_() % 10'000) < p * 10'000; }
    template <class T>
    const T& pick(const std::vector<T>& v) {
        return v[below(v.size())];
    }
    char random_byte() { return static_cast<char>(below(256)); }

    Draft base() {
        Draft d;
        d.headers = {{"Host", "127.0.0.1"}};
        switch (below(9)) {
            case 0:
                break;
            case 1:
                d.target = "/readyz";
                break;
            case 2:
                d.method = "HEAD";
                break;
            case 3:
                d.target = "/metrics";
                break;
            case 4:
                d.target = "/v1/organizations?limit=2";
                d.headers.emplace_back("Authorization", "Bearer " + token_);
                break;
            case 5:
                d.method = "POST";
                d.target = "/v1/organizations";
                d.headers.emplace_back("Authorization", "Bearer " + token_);
                d.headers.emplace_back("Content-Type", "application/json");
                d.body = R"({"name":"Fuzz )" + std::to_string(below(1000)) + R"("})";
                break;
            case 6:
                d.method = "POST";
                d.target = "/oauth/token";
                d.headers.emplace_back("Content-Type", "application/json");
                d.body =
                    R"({"grant_type":"client_credentials","client_id":"x","client_secret":"y"})";
                break;
            case 7:
                d.target = "/v1/connectors";
                d.headers.emplace_back("Authorization", "Bearer " + token_);
                break;
            default:
                d.target = "/nowhere/" + std::to_string(below(100));
                break;
        }
        d.chunked = !d.body.empty() && chance(0.3);
        return d;
    }

    std::string long_string(std::size_t n, char c = 'a') { return std::string(n, c); }

    std::string weird_value() {
        switch (below(12)) {
            case 0:
                return std::string("a\0b", 3);
            case 1:
                return "a\rb";
            case 2:
                return "a\nb";
            case 3:
                return long_string(below(2) ? 5000 : 9000);
            case 4:
                return "\xff\xfe\x80";
            case 5:
                return "";
            case 6:
                return " padded ";
            case 7:
                return "a\r\n folded";  // obs-fold
            case 8:
                return std::string(1, random_byte());
            case 9:
                return "\t";
            case 10:
                return "x=\"quoted\", y";
            default:
                return std::to_string(rng_());
        }
    }

    std::string weird_name() {
        static const std::vector<std::string> names = {"",
                                                       " X-Lead",
                                                       "X-Trail ",
                                                       "X Space",
                                                       "X:Colon",
                                                       "X-\x01",
                                                       std::string("X\0N", 3),
                                                       "\xc3\xa9",
                                                       "X-Ok",
                                                       "Content-Length ",
                                                       "x-request-id"};
        if (chance(0.1))
            return long_string(9000, 'n');
        return pick(names);
    }

    void mutate(Draft& d) {
        switch (below(13)) {
            case 0: {
                static const std::vector<std::string> methods = {
                    "GET",  "POST",    "PUT",   "DELETE",  "PATCH",
                    "HEAD", "OPTIONS", "TRACE", "CONNECT", "FOO",
                    "get",  "",        "G ET",  "GET\x01", std::string("G\0T", 3)};
                d.method = chance(0.05) ? long_string(9000, 'M') : pick(methods);
                break;
            }
            case 1: {
                static const std::vector<std::string> targets = {
                    "/",
                    "*",
                    "http://127.0.0.1/healthz",
                    "127.0.0.1:80",
                    "/%",
                    "/%00",
                    "/%zz",
                    "/healthz?x=%zz&y",
                    "//",
                    "/../../etc/passwd",
                    "/healthz#frag",
                    "",
                    "/a b",
                    "/\x7f",
                    "/v1/organizations?limit=-1&cursor=zzzz&order_by=zzz:asc",
                    "/v1/organizations/%2e%2e",
                    "/\xc3\xa9"};
                d.target = chance(0.1) ? "/" + long_string(below(2) ? 4000 : 9000) : pick(targets);
                break;
            }
            case 2: {
                static const std::vector<std::string> versions = {
                    "HTTP/1.1", "HTTP/1.0",  "HTTP/1.2", "HTTP/0.9",  "HTTP/2.0",
                    "HTTP/9.9", "http/1.1",  "HTTP/1",   "HTTP/1.1x", "",
                    "HTTP/11",  "HTTP/1.1 ", "HTTP/3"};
                d.version = pick(versions);
                break;
            }
            case 3:
                d.headers.emplace_back(weird_name(), below(2) ? std::string("v") : weird_value());
                break;
            case 4:
                if (!d.headers.empty())
                    d.headers[below(d.headers.size())].second = weird_value();
                break;
            case 5: {
                static const std::vector<int> counts = {20, 98, 99, 100, 101, 500, 1000};
                const int n = pick(counts);
                for (int i = 0; i < n; ++i)
                    d.headers.emplace_back("X-F" + std::to_string(i), "v");
                break;
            }
            case 6:
                mutate_framing(d);
                break;
            case 7:
                mutate_body(d);
                break;
            case 8:
                d.eol = below(2) ? "\n" : "\r\r\n";
                break;
            case 9:
                d.headers.emplace_back("Expect", below(2) ? "100-continue" : "nonsense");
                break;
            case 10: {
                static const std::vector<std::string> values = {
                    "close", "keep-alive", "Upgrade", "close, close", ",,", "\x01"};
                d.headers.emplace_back("Connection", pick(values));
                break;
            }
            case 11:
                d.headers.erase(d.headers.begin(), d.headers.begin() + (d.headers.empty() ? 0 : 1));
                break;
            default:
                d.headers.emplace_back("X-Request-Id", weird_value());
                break;
        }
    }

    void mutate_framing(Draft& d) {
        static const std::vector<std::string> lengths = {"-5",
                                                         "abc",
                                                         "99999999999999999999",
                                                         "18446744073709551615",
                                                         "5, 5",
                                                         "5, 6",
                                                         " 5 ",
                                                         "0x10",
                                                         "+5",
                                                         "",
                                                         "0",
                                                         "4097",
                                                         "1,",
                                                         "3"};
        static const std::vector<std::string> codings = {
            "chunked",          "gzip",      "gzip, chunked", "chunked, gzip",
            "chunked, chunked", "Chunked",   "chunked;x=1",   "",
            "identity",         " chunked ", "chunked\x01",   ",chunked"};
        if (d.body.empty())
            d.body = R"({"k":"v"})";
        d.frame = false;
        d.chunked = false;
        switch (below(6)) {
            case 0:
                d.headers.emplace_back("Content-Length", pick(lengths));
                break;
            case 1:
                d.headers.emplace_back("Content-Length", std::to_string(d.body.size()));
                d.headers.emplace_back("Content-Length", pick(lengths));
                break;
            case 2:
                d.headers.emplace_back("Transfer-Encoding", pick(codings));
                d.chunked = chance(0.7);
                d.frame = d.chunked;  // the chunks, with no Content-Length
                break;
            case 3:
                d.headers.emplace_back("Content-Length", std::to_string(d.body.size()));
                d.headers.emplace_back("Transfer-Encoding", pick(codings));
                break;
            case 4:
                d.headers.emplace_back("Transfer-Encoding", pick(codings));
                d.headers.emplace_back("Content-Length", std::to_string(d.body.size()));
                d.chunked = true;
                break;
            default:
                d.headers.emplace_back("Transfer-Encoding", "chunked");
                d.headers.emplace_back("Transfer-Encoding", pick(codings));
                d.chunked = true;
                break;
        }
    }

    void mutate_body(Draft& d) {
        switch (below(6)) {
            case 0:
                d.body = long_string(k_body_limit + 1 + below(100), 'b');
                break;
            case 1:
                d.body.clear();
                for (std::uint64_t i = 0, n = below(64); i < n; ++i)
                    d.body += random_byte();
                break;
            case 2:
                d.body = R"({"name":)" + std::string(below(2) ? "" : "\"x");
                break;
            case 3:
                d.body = R"({"name":")" + weird_value() + R"("})";
                break;
            case 4:
                d.chunked = true;
                d.frame = true;
                break;
            default:
                d.body = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";  // a request as a body
                break;
        }
    }

    std::string chunk_size(std::size_t n) {
        static const std::vector<std::string> bad = {
            "zz", "-1", "fffffffffffffffffff", "", " 1", "1 ", "1;ext=1", "1;", "0x1"};
        char buf[32];
        std::snprintf(buf, sizeof buf, "%zx", n);
        return chance(0.1) ? pick(bad) : std::string(buf);
    }

    std::string serialize(const Draft& d) {
        std::string out =
            d.method + " " + d.target + (d.version.empty() ? "" : " " + d.version) + d.eol;
        for (const auto& [k, v] : d.headers)
            out += k + ": " + v + d.eol;
        if (d.frame && d.chunked) {
            out += "Transfer-Encoding: chunked" + d.eol + d.eol;
            std::size_t pos = 0;
            while (pos < d.body.size()) {
                const std::size_t n = std::min<std::size_t>(1 + below(16), d.body.size() - pos);
                out += chunk_size(n) + "\r\n" + d.body.substr(pos, n) + "\r\n";
                pos += n;
            }
            out += chance(0.1) ? "0\r\nX-Trailer: t\r\n\r\n" : "0\r\n\r\n";
            return out;
        }
        if (d.frame && !d.body.empty())
            out += "Content-Length: " + std::to_string(d.body.size()) + d.eol;
        return out + d.eol + d.body;
    }

    void mutate_bytes(std::string& s) {
        if (s.empty())
            return;
        const auto at = below(s.size());
        switch (below(5)) {
            case 0:
                s[at] = random_byte();
                break;
            case 1:
                s.insert(at, 1, std::string_view("\0\r\n :\xff", 6)[below(6)]);
                break;
            case 2:
                s.erase(at, 1 + below(8));
                break;
            case 3:
                s.resize(std::max<std::size_t>(1, at));  // cut short
                break;
            default:
                s.insert(at, s.substr(at, 1 + below(32)));
                break;
        }
    }
};

// Writes the request, shuts down the sending side (so that the server sees the end of a
// request cut short instead of waiting for more), and reads until the server closes.
struct Outcome {
    std::string bytes;
    bool timed_out = false;
};

Outcome send_raw(std::uint16_t port, const std::string& request) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    beast::error_code ec;
    asio::write(stream.socket(), asio::buffer(request), ec);  // the server may close first
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    Outcome o;
    char buf[16 * 1024];
    for (;;) {
        stream.expires_after(std::chrono::seconds(10));
        const auto n = stream.read_some(asio::buffer(buf), ec);
        o.bytes.append(buf, n);
        if (ec) {
            o.timed_out = ec == beast::error::timeout;
            break;
        }
    }
    return o;
}

struct Answer {
    int status = 0;
    std::string content_type;
    std::string body;
    bool has_body = true;
};

// Splits what the server sent into responses; false (with `error`) when the bytes are not a
// sequence of whole responses.
bool parse_answers(std::string_view in, bool first_is_head, std::vector<Answer>& out,
                   std::string& error) {
    while (!in.empty()) {
        bhttp::response_parser<bhttp::string_body> p;
        p.body_limit(boost::none);
        p.eager(true);
        const bool head =
            first_is_head &&
            std::none_of(out.begin(), out.end(), [](const Answer& a) { return a.status >= 200; });
        if (head)
            p.skip(true);
        beast::error_code ec;
        while (!p.is_done()) {
            const auto used = p.put(asio::buffer(in.data(), in.size()), ec);
            in.remove_prefix(used);
            if (ec == bhttp::error::need_more && in.empty()) {
                error = "a response cut short";
                return false;
            }
            if (ec && ec != bhttp::error::need_more) {
                error = "not a response: " + ec.message();
                return false;
            }
            if (used == 0 && !p.is_done()) {
                error = "a response cut short";
                return false;
            }
        }
        const auto& msg = p.get();
        out.push_back({static_cast<int>(msg.result_int()),
                       std::string(msg[bhttp::field::content_type]), msg.body(), !head});
    }
    return true;
}

// Empty when the answer is acceptable, else why not.
std::string judge(const Answer& a) {
    if (a.status < 100 || a.status > 599)
        return "status " + std::to_string(a.status);
    if (a.status < 400)
        return {};
    if (!a.has_body)
        return {};  // an answer to HEAD
    if (a.content_type != "application/json")
        return "error without the JSON content type";
    boost::system::error_code ec;
    auto v = boost::json::parse(a.body, ec);
    if (ec || !v.is_object())
        return "error body is not a JSON object";
    const auto& o = v.as_object();
    for (const char* key : {"code", "message", "description"}) {
        if (!o.contains(key) || !o.at(key).is_string())
            return std::string("error body without a string ") + key;
    }
    if (!o.contains("fields") || !o.at("fields").is_array())
        return "error body without a fields array";
    const std::string code(o.at("code").as_string());
    // The protocol's own refusals: a transfer coding or an HTTP version this server does not
    // implement. Any other 5xx is the server failing.
    if (a.status == 501 && code == "not_implemented")
        return {};
    if (a.status == 505 && code == "http_version_not_supported")
        return {};
    if (a.status >= 500)
        return "server error " + std::to_string(a.status) + " " + code;
    return {};
}

std::string printable(std::string_view s, std::size_t max = 400) {
    std::string out;
    for (char c : s.substr(0, max)) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\r')
            out += "\\r";
        else if (c == '\n')
            out += "\\n";
        else if (u < 0x20 || u >= 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", u);
            out += buf;
        } else
            out += c;
    }
    if (s.size() > max)
        out += "...(" + std::to_string(s.size()) + " bytes)";
    return out;
}

}  // namespace

TEST(HttpFuzz, MutatedRequestsAreAnsweredWithoutServerErrors) {
    const auto seed = env_number("STOREBRIDGE_HTTP_FUZZ_SEED", k_default_seed);
    const auto requests =
        static_cast<int>(env_number("STOREBRIDGE_HTTP_FUZZ_REQUESTS", k_default_requests));
    std::cout << "http fuzz: seed " << seed << " (STOREBRIDGE_HTTP_FUZZ_SEED), " << requests
              << " requests" << std::endl;

    config::Settings settings;
    settings.body_limit = k_body_limit;
    TestServer server(settings);
    Generator gen(seed, server.token());

    std::map<int, int> statuses;
    int failures = 0;
    int sent = 0;
    const auto deadline = std::chrono::steady_clock::now() + k_time_budget;
    for (; sent < requests && failures < 10 && std::chrono::steady_clock::now() < deadline;
         ++sent) {
        std::string method;
        const std::string request = gen.next(method);
        const auto outcome = send_raw(server.port(), request);
        std::vector<Answer> answers;
        std::string why;
        if (outcome.timed_out) {
            why = "neither answered nor closed";
        } else if (!parse_answers(outcome.bytes, false, answers, why) && method == "HEAD") {
            // Whether the answer to a HEAD has a body depends on whether the server got as far
            // as the method: read it both ways.
            answers.clear();
            why.clear();
            parse_answers(outcome.bytes, true, answers, why);
        }
        if (!why.empty()) {
            // A later request carved out of the bytes could have been a HEAD.
            if (!answers.empty() && request.find("HEAD", 1) != std::string::npos)
                why.clear();
        }
        if (why.empty()) {
            bool final_answer = false;
            for (const auto& a : answers) {
                ++statuses[a.status];
                final_answer = final_answer || a.status >= 200;
                if (auto bad = judge(a); !bad.empty()) {
                    why = bad + ": " + printable(a.body);
                    break;
                }
            }
            if (why.empty() && !final_answer)
                why = "closed without an answer";  // every request holds at least one byte
        }
        if (!why.empty()) {
            ++failures;
            ADD_FAILURE() << "seed " << seed << ", request #" << sent << ": " << why
                          << "\n  sent: " << printable(request)
                          << "\n  got: " << printable(outcome.bytes);
        }
    }
    const auto health = get(server.port(), "/healthz");
    EXPECT_EQ(health.status, 200);

    std::cout << "http fuzz: " << sent << " requests, statuses:";
    for (const auto& [status, n] : statuses)
        std::cout << " " << status << "x" << n;
    std::cout << std::endl;
    // The budget is generous for the default run; a run cut short by it still checked what it
    // sent, but say so.
    if (sent < requests && failures == 0)
        std::cout << "http fuzz: time budget reached after " << sent << " requests" << std::endl;
}

}  // namespace sb::test
