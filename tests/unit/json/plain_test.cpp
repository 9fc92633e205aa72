#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "json/plain.hpp"

namespace sb::json {
namespace {

TEST(PlainJson, NumbersAreWrittenInPlainDecimalForm) {
    EXPECT_EQ(serialize(boost::json::value(644.6)), "644.6");
    EXPECT_EQ(serialize(boost::json::value(0.1)), "0.1");
    EXPECT_EQ(serialize(boost::json::value(1e22)), "10000000000000000000000");
    EXPECT_EQ(serialize(boost::json::value(1.5e-7)), "0.00000015");
    EXPECT_EQ(serialize(boost::json::value(-2.0)), "-2");
    EXPECT_EQ(serialize(boost::json::value(std::int64_t{-42})), "-42");
    EXPECT_EQ(serialize(boost::json::value(std::uint64_t{18446744073709551615u})),
              "18446744073709551615");
}

TEST(PlainJson, EverythingElseIsBoostJsonsOwnText) {
    const auto v = boost::json::parse(
        R"({"a\"b":[1,true,null,"x\u0001y",{"total":{"value":644.6,"currency":"EUR"}}],"e":{}})");
    const std::string text = serialize(v);
    EXPECT_EQ(
        text,
        R"({"a\"b":[1,true,null,"x\u0001y",{"total":{"value":644.6,"currency":"EUR"}}],"e":{}})");
    EXPECT_EQ(boost::json::parse(text), v);
    EXPECT_NE(text.find("\"value\":644.6,"), std::string::npos);
}

}  // namespace
}  // namespace sb::json
