// Issue 16, finding 3: every request the server cannot read gets an answer in the error shape,
// with Connection: close, before the connection closes. Raw bytes over loopback against the
// real server.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "common/http_client.hpp"
#include "common/test_env.hpp"

namespace sb::test {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

struct Answer {
    int status = 0;
    std::string connection;  // the Connection header
    std::string content_type;
    std::string body;
    bool closed_after = false;  // the server closed once the answer was complete
    std::string trailing;       // anything the server sent after the answer
    std::string error;          // why no complete answer was read
};

// Writes `parts` (pausing between them so that they arrive as separate reads), reads one
// whole response, then reads on: the next thing from the server must be the end of stream.
// With `half_close` the client shuts down its sending side after the last part.
Answer answer_to(std::uint16_t port, const std::vector<std::string>& parts,
                 bool half_close = false) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    beast::error_code ec;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        asio::write(stream.socket(), asio::buffer(parts[i]), ec);
    }
    if (half_close)
        stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    Answer a;
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    stream.expires_after(std::chrono::seconds(5));
    bhttp::read(stream, buffer, parser, ec);
    if (ec) {
        a.error = ec.message();
        return a;
    }
    const auto& msg = parser.get();
    a.status = static_cast<int>(msg.result_int());
    a.connection = std::string(msg[bhttp::field::connection]);
    a.content_type = std::string(msg[bhttp::field::content_type]);
    a.body = msg.body();
    a.trailing.assign(static_cast<const char*>(buffer.data().data()), buffer.size());
    char sink[4096];
    for (;;) {
        stream.expires_after(std::chrono::seconds(5));
        const auto n = stream.read_some(asio::buffer(sink), ec);
        a.trailing.append(sink, n);
        if (ec) {
            a.closed_after = ec == asio::error::eof;
            break;
        }
    }
    return a;
}

Answer answer_to(std::uint16_t port, const std::string& bytes) {
    return answer_to(port, std::vector<std::string>{bytes});
}

std::string many_headers(int count, const std::string& prefix) {
    std::string out;
    for (int i = 0; i < count; ++i)
        out += prefix + std::to_string(i) + ": v\r\n";
    return out;
}

// The answer, its shape, its code, and the close that follows it.
void expect_refused(const Answer& a, int status, const std::string& code) {
    ASSERT_TRUE(a.error.empty()) << "no answer before the close: " << a.error;
    EXPECT_EQ(a.status, status) << a.body;
    EXPECT_EQ(a.connection, "close");
    EXPECT_EQ(a.content_type, "application/json");
    boost::system::error_code ec;
    auto v = boost::json::parse(a.body, ec);
    ASSERT_FALSE(ec) << a.body;
    ASSERT_TRUE(v.is_object()) << a.body;
    const auto& o = v.as_object();
    ASSERT_TRUE(o.contains("code") && o.at("code").is_string()) << a.body;
    EXPECT_EQ(o.at("code").as_string(), code) << a.body;
    EXPECT_TRUE(o.contains("message") && o.at("message").is_string()) << a.body;
    EXPECT_TRUE(o.contains("description") && o.at("description").is_string()) << a.body;
    EXPECT_TRUE(o.contains("fields") && o.at("fields").is_array()) << a.body;
    EXPECT_TRUE(a.closed_after) << "the server did not close after its answer";
    EXPECT_TRUE(a.trailing.empty()) << "the server answered more: " << a.trailing;
}

const std::string kHost = "Host: x\r\n";

struct Case {
    std::string name;
    std::string request;
    int status;
    std::string code;
};

// ctest and gtest name a case by this, not by its bytes.
void PrintTo(const Case& c, std::ostream* os) {
    *os << c.name;
}

std::vector<Case> cases() {
    const std::string get = "GET /healthz HTTP/1.1\r\n" + kHost;
    const std::string post =
        "POST /oauth/token HTTP/1.1\r\n" + kHost + "Content-Type: application/json\r\n";
    return {
        {"RequestLineOver8K", "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n" + kHost + "\r\n",
         414, "uri_too_long"},
        {"HeaderOver8K", get + "X-Big: " + std::string(9000, 'a') + "\r\n\r\n", 431,
         "request_header_fields_too_large"},
        {"ThousandHeaders", get + many_headers(1000, "X-Header-") + "\r\n", 431,
         "request_header_fields_too_large"},
        // Under the byte limit, over the count.
        {"ThousandShortHeaders", get + many_headers(1000, "h") + "\r\n", 431,
         "request_header_fields_too_large"},
        {"NulInHeaderValue", get + "X-A: a" + std::string(1, '\0') + "b\r\n\r\n", 400,
         "bad_request"},
        {"NulInHeaderName", get + "X-" + std::string(1, '\0') + "A: b\r\n\r\n", 400, "bad_request"},
        {"Http99", "GET /healthz HTTP/9.9\r\n" + kHost + "\r\n", 505, "http_version_not_supported"},
        {"Http20", "GET /healthz HTTP/2.0\r\n" + kHost + "\r\n", 505, "http_version_not_supported"},
        // The HTTP-name is case-sensitive (RFC 9112 section 2.3): not a version at all.
        {"LowerCaseVersion", "GET /healthz http/1.1\r\n" + kHost + "\r\n", 400, "bad_request"},
        {"MissingVersion", "GET /healthz\r\n" + kHost + "\r\n", 400, "bad_request"},
        {"ContentLengthNegative", post + "Content-Length: -5\r\n\r\n", 400, "bad_request"},
        {"ContentLengthNotANumber", post + "Content-Length: abc\r\n\r\n", 400, "bad_request"},
        // Valid syntax, over 64 bits: a body over any limit.
        {"ContentLength20Digits", post + "Content-Length: 99999999999999999999\r\n\r\n", 413,
         "payload_too_large"},
        {"ContentLengthsConflict", post + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400,
         "bad_request"},
        {"ContentLengthListConflict", post + "Content-Length: 2, 3\r\n\r\n{}", 400, "bad_request"},
        {"ContentLengthThenChunked",
         post + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 400,
         "bad_request"},
        {"ChunkedThenContentLength",
         post + "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 400,
         "bad_request"},
        {"BadChunkSize", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400,
         "bad_request"},
        {"ChunkSizeOverflow",
         post + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n{}\r\n0\r\n\r\n", 400,
         "bad_request"},
        {"TransferCodingGzip", post + "Transfer-Encoding: gzip\r\n\r\n{}", 501, "not_implemented"},
        {"TransferCodingGzipThenChunked",
         post + "Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 501,
         "not_implemented"},
        {"ChunkedTwice", post + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400,
         "bad_request"},
        {"ChunkedInHttp10",
         "POST /oauth/token HTTP/1.0\r\n" + kHost + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         400, "bad_request"},
        {"ChunkedBodyOverLimit",
         post + "Transfer-Encoding: chunked\r\n\r\n100001\r\n" + std::string(0x100001, 'x') +
             "\r\n0\r\n\r\n",
         413, "payload_too_large"},
        {"NotHttp", "NOT HTTP AT ALL\r\n\r\n", 400, "bad_request"},
        {"BareLineFeeds", "GET /healthz HTTP/1.1\nHost: x\n\n", 400, "bad_request"},
    };
}

}  // namespace

class HttpMalformed : public ::testing::TestWithParam<Case> {
  protected:
    static void SetUpTestSuite() { server_ = std::make_unique<TestServer>(); }
    static void TearDownTestSuite() { server_.reset(); }
    static std::uint16_t port() { return server_->port(); }

  private:
    static std::unique_ptr<TestServer> server_;
};

std::unique_ptr<TestServer> HttpMalformed::server_;

TEST_P(HttpMalformed, IsAnsweredInTheErrorShapeBeforeTheClose) {
    const auto& c = GetParam();
    expect_refused(answer_to(port(), c.request), c.status, c.code);
    // The server is unharmed.
    EXPECT_EQ(get(port(), "/healthz").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Cases, HttpMalformed, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return info.param.name; });

class HttpMalformedConnection : public ::testing::Test {
  protected:
    TestServer server;
};

// The request line arrives alone, so Beast has it before it waits for the rest: the fields are
// what is too large (431), not the target.
TEST_F(HttpMalformedConnection, HeaderOverLimitAfterAShortRequestLineIs431) {
    auto a = answer_to(server.port(), {"GET /healthz HT", "TP/1.1\r\n" + kHost,
                                       "X-Big: " + std::string(9000, 'a') + "\r\n\r\n"});
    expect_refused(a, 431, "request_header_fields_too_large");
}

TEST_F(HttpMalformedConnection, TargetOverLimitInPiecesIs414) {
    auto a = answer_to(server.port(), {"GET /", std::string(5000, 'a'),
                                       std::string(5000, 'a') + " HTTP/1.1\r\n\r\n"});
    expect_refused(a, 414, "uri_too_long");
}

// A client that stops sending mid-request (here: a body shorter than its Content-Length) is
// told so.
TEST_F(HttpMalformedConnection, RequestCutShortIs400) {
    auto a = answer_to(server.port(),
                       {"POST /oauth/token HTTP/1.1\r\n" + kHost +
                        "Content-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"a\""},
                       /*half_close=*/true);
    expect_refused(a, 400, "bad_request");
    auto h = answer_to(server.port(), {"GET /healthz HTTP/1.1\r\n" + kHost}, true);
    expect_refused(h, 400, "bad_request");
}

// What follows a refused request is never read as a request of its own: a Transfer-Encoding
// Beast does not frame would otherwise leave the body on the wire as the next request.
TEST_F(HttpMalformedConnection, NothingAfterARefusedRequestIsServed) {
    const std::string smuggled = "GET /healthz HTTP/1.1\r\n" + kHost + "\r\n";
    auto a = answer_to(server.port(), "POST /oauth/token HTTP/1.1\r\n" + kHost +
                                          "Transfer-Encoding: gzip\r\n\r\n" + smuggled);
    expect_refused(a, 501, "not_implemented");
    auto b = answer_to(server.port(), "GET /healthz HTTP/1.1\r\n" + kHost +
                                          "Content-Length: abc\r\n\r\n" + smuggled);
    expect_refused(b, 400, "bad_request");
}

// Found by the fuzz test: a message quoting a header that is not UTF-8 made the body invalid
// JSON.
TEST_F(HttpMalformedConnection, ErrorBodiesStayJsonWhenTheyQuoteBytesThatAreNotUtf8) {
    const std::string body = R"({"name":"Acme"})";
    auto a = answer_to(server.port(), "POST /v1/organizations HTTP/1.1\r\n" + kHost +
                                          "Authorization: Bearer " + server.token() +
                                          "\r\nContent-Type: \xff\xfe\x80\xc3\r\n"
                                          "Connection: close\r\nContent-Length: " +
                                          std::to_string(body.size()) + "\r\n\r\n" + body);
    ASSERT_TRUE(a.error.empty()) << a.error;
    EXPECT_EQ(a.status, 415);
    boost::system::error_code ec;
    auto v = boost::json::parse(a.body, ec);
    ASSERT_FALSE(ec) << a.body;
    EXPECT_EQ(v.at("code").as_string(), "unsupported_media_type");
    EXPECT_EQ(a.body.find('\xff'), std::string::npos) << a.body;
}

// The limits are the server's options: a smaller one is enforced as such.
TEST(HttpMalformedLimits, LimitsAreOptions) {
    config::Settings s;
    s.body_limit = 2048;
    TestServer server(s);
    const std::string post =
        "POST /oauth/token HTTP/1.1\r\n" + kHost + "Content-Type: application/json\r\n";
    expect_refused(answer_to(server.port(), post + "Content-Length: 2049\r\n\r\n"), 413,
                   "payload_too_large");
    // 100 fields pass the count (and are then answered by the handler), 101 do not.
    const std::string get = "GET /healthz HTTP/1.1\r\n";
    auto hundred =
        answer_to(server.port(), get + kHost + many_headers(98, "h") + "Connection: close\r\n\r\n");
    EXPECT_EQ(hundred.status, 200) << hundred.body << hundred.error;
    expect_refused(answer_to(server.port(), get + kHost + many_headers(100, "h") + "\r\n"), 431,
                   "request_header_fields_too_large");
}

// Keep-alive still holds for good requests, and a refusal mid-connection answers the good
// requests before it.
TEST_F(HttpMalformedConnection, GoodRequestsBeforeARefusalAreAnswered) {
    const std::string good = "GET /healthz HTTP/1.1\r\n" + kHost + "\r\n";
    auto out = raw_exchange(server.port(), good + good + "GET /healthz HTTP/2.0\r\n\r\n");
    std::size_t ok = 0;
    for (std::size_t pos = 0; (pos = out.find("HTTP/1.1 200", pos)) != std::string::npos; ++pos)
        ++ok;
    EXPECT_EQ(ok, 2u) << out;
    EXPECT_NE(out.find("HTTP/1.1 505"), std::string::npos) << out;
}

}  // namespace sb::test
