// The cursor codec and the paging parameters that carry it. Input: a mode line, then text.
//   mode "signed": the text is a cursor's JSON position, signed here with the codec's key, so
//                  the decoding past the tag check is reached;
//   mode "query":  the text is a query string for read_page_request and read_record_cursor;
//   otherwise:     the text is a cursor as a client would send it.
// Whatever decodes must encode and decode back to the same position.
#include <cstdlib>

#include "api/paging.hpp"
#include "core/error.hpp"
#include "crypto/crypto.hpp"
#include "http/message.hpp"
#include "input.hpp"

namespace {

const std::string k_key = "fuzz-cursor-key";
const std::string k_order = "updated_at:asc";

void round_trip(const sb::api::CursorCodec& codec, const sb::domain::Position& pos) {
    auto again = codec.decode(codec.encode(k_order, pos), k_order);
    if (!again || again->id != pos.id || again->value != pos.value)
        std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const sb::api::CursorCodec codec(k_key);
    const auto [mode, rest] = sb::fuzz::first_line(sb::fuzz::text(data, size));
    if (mode == "query") {
        sb::http::Request req;
        if (!sb::http::parse_target("/items?" + std::string(rest), req))
            return 0;
        try {
            (void)sb::api::read_page_request(req, codec);
        } catch (const sb::ApiError&) {
        }
        try {
            (void)sb::api::read_record_cursor(req, codec, k_order);
        } catch (const sb::ApiError&) {
        }
        return 0;
    }
    std::string cursor(rest);
    if (mode == "signed") {
        const std::string payload = sb::crypto::base64url_encode(rest);
        cursor =
            payload + "." +
            sb::crypto::base64url_encode(sb::crypto::hmac_sha256(k_key, payload).substr(0, 16));
    }
    if (auto pos = codec.decode(cursor, k_order))
        round_trip(codec, *pos);
    return 0;
}
