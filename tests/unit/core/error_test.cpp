#include <gtest/gtest.h>

#include <set>

#include "core/error.hpp"

namespace sb {

// Guards the one code -> status table: codes are a public contract.
TEST(ErrorRegistry, CodesMapToDocumentedStatuses) {
    EXPECT_EQ(error_info(Errc::invalid_json).status, 400);
    EXPECT_EQ(error_info(Errc::invalid_json).code, "invalid_json");
    EXPECT_EQ(error_info(Errc::unauthorized).status, 401);
    EXPECT_EQ(error_info(Errc::invalid_token).status, 401);
    EXPECT_EQ(error_info(Errc::invalid_client).status, 401);
    EXPECT_EQ(error_info(Errc::insufficient_scope).status, 403);
    EXPECT_EQ(error_info(Errc::not_found).status, 404);
    EXPECT_EQ(error_info(Errc::method_not_allowed).status, 405);
    EXPECT_EQ(error_info(Errc::conflict).status, 409);
    EXPECT_EQ(error_info(Errc::platform_unauthorized).code, "platform_unauthorized");
    EXPECT_EQ(error_info(Errc::platform_unauthorized).status, 409);
    EXPECT_EQ(error_info(Errc::platform_auth_failed).status, 409);
    EXPECT_EQ(error_info(Errc::payload_too_large).status, 413);
    EXPECT_EQ(error_info(Errc::uri_too_long).status, 414);
    EXPECT_EQ(error_info(Errc::unsupported_media_type).status, 415);
    EXPECT_EQ(error_info(Errc::unprocessable_entity).status, 422);
    EXPECT_EQ(error_info(Errc::rate_limited).status, 429);
    EXPECT_EQ(error_info(Errc::request_header_fields_too_large).status, 431);
    EXPECT_EQ(error_info(Errc::internal_error).status, 500);
    EXPECT_EQ(error_info(Errc::not_implemented).status, 501);
    EXPECT_EQ(error_info(Errc::service_unavailable).status, 503);
    EXPECT_EQ(error_info(Errc::http_version_not_supported).status, 505);
}

TEST(ErrorRegistry, WireCodesAreUnique) {
    std::set<std::string_view> seen;
    for (int i = 0; i <= static_cast<int>(Errc::last); ++i) {
        auto info = error_info(static_cast<Errc>(i));
        EXPECT_TRUE(seen.insert(info.code).second) << info.code;
        EXPECT_GE(info.status, 400);
        EXPECT_LE(info.status, 599);
    }
}

}  // namespace sb
