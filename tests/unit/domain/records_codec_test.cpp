#include <gtest/gtest.h>
#include <boost/describe/members.hpp>
#include <boost/json/parse.hpp>
#include <boost/mp11/algorithm.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "common/test_env.hpp"
#include "domain/records/codec.hpp"
#include "json/plain.hpp"

namespace sb::domain::records {
namespace {

namespace json = boost::json;

template <class T>
struct is_opt : std::false_type {};
template <class T>
struct is_opt<std::optional<T>> : std::true_type {};
template <class T>
struct is_vec : std::false_type {};
template <class T>
struct is_vec<std::vector<T>> : std::true_type {};
template <class T>
struct is_var : std::false_type {};
template <class... Ts>
struct is_var<std::variant<Ts...>> : std::true_type {};

// Every optional set and every list with one element, all the way down: the whole shape.
template <class T>
void fill(T& v, int alternative = 0) {
    if constexpr (std::is_same_v<T, std::string>) {
        v = "x";
    } else if constexpr (std::is_same_v<T, bool>) {
        v = true;
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
        v = 7;
    } else if constexpr (std::is_same_v<T, double>) {
        v = 1e21;
    } else if constexpr (is_opt<T>::value) {
        v.emplace();
        fill(*v, alternative);
    } else if constexpr (is_vec<T>::value) {
        v.resize(1);
        fill(v[0], alternative);
    } else if constexpr (is_var<T>::value) {
        boost::mp11::mp_with_index<std::variant_size_v<T>>(alternative, [&](auto i) {
            std::variant_alternative_t<i, T> alt{};
            fill(alt);
            v = alt;
        });
    } else {
        boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
            [&](auto m) { fill(v.*m.pointer, alternative); });
    }
}

void keys(const json::value& v, std::set<std::string>& out) {
    if (v.is_object()) {
        for (const auto& kv : v.get_object()) {
            out.insert(std::string(kv.key()));
            keys(kv.value(), out);
        }
    } else if (v.is_array()) {
        for (const auto& e : v.get_array())
            keys(e, out);
    }
}

// The text of docs/records.md from its "## <heading>" to the next "## ".
std::string section(std::string_view heading) {
    std::ifstream in(sb::test::source_dir() + "/docs/records.md");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string doc = ss.str();
    const auto at = heading == "Conventions" ? doc.find("\nConventions")
                                             : doc.find("\n## " + std::string(heading));
    if (at == std::string::npos)
        return {};
    const auto end = doc.find("\n## ", at + 4);
    return doc.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

template <class T>
void expect_documented(std::string_view heading, int alternatives = 1) {
    const std::string doc = section(heading);
    ASSERT_FALSE(doc.empty()) << heading;
    const std::string conventions = section("Conventions");
    for (int a = 0; a < alternatives; ++a) {
        T full{};
        fill(full, a);
        std::set<std::string> names;
        keys(to_json(full), names);
        for (const auto& n : names) {
            // Money's and Address's members are defined once, in the conventions.
            const bool in_conventions = conventions.find(n) != std::string::npos;
            EXPECT_TRUE(doc.find(n) != std::string::npos || in_conventions)
                << heading << ": `" << n << "` is written but not in docs/records.md";
        }
    }
}

TEST(RecordsCodec, EveryFieldWrittenIsInDocsRecordsMd) {
    expect_documented<Shop>("shop");
    expect_documented<Location>("location");
    expect_documented<Customer>("customer");
    expect_documented<Product>("product");
    expect_documented<Stock>("stock");
    expect_documented<Order>("order");
    expect_documented<Cart>("cart");
    expect_documented<ShippingService>("shipping_service", 3);
}

TEST(RecordsCodec, EveryMemberIsPresentAndEmptyOptionalsAreNull) {
    Order o;
    o.id = "1";
    const auto v = to_json(o);
    ASSERT_TRUE(v.is_object());
    EXPECT_TRUE(v.at("email").is_null());
    EXPECT_TRUE(v.at("total").is_null());
    EXPECT_TRUE(v.at("refunds").is_null());
    EXPECT_TRUE(v.at("line_items").is_array());
    EXPECT_EQ(v.at("status"), "open");
    EXPECT_EQ(v.as_object().size(), 35u);
}

TEST(RecordsCodec, RoundTripsAnOrder) {
    Order o;
    fill(o);
    o.total = Money{"644.60", "EUR"};
    const auto back = decode<Order>(encode(o));
    ASSERT_TRUE(back);
    EXPECT_EQ(encode(*back), encode(o));
    EXPECT_EQ(back->total->amount, "644.60");
    ASSERT_EQ(back->line_items.size(), 1u);
    EXPECT_EQ(back->line_items[0].quantity, 7);
}

TEST(RecordsCodec, ConditionsReadBackAsTheirAlternative) {
    for (int a = 0; a < 3; ++a) {
        ShippingService s;
        fill(s, a);
        const auto back = decode<ShippingService>(encode(s));
        ASSERT_TRUE(back && back->conditions);
        EXPECT_EQ(back->conditions->index(), static_cast<std::size_t>(a));
    }
}

// A digit followed by e/E and a sign or digit: a number in exponent form.
bool has_exponent(std::string_view text) {
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        const bool digit_before = text[i - 1] >= '0' && text[i - 1] <= '9';
        const char next = text[i + 1];
        if (digit_before && (text[i] == 'e' || text[i] == 'E') &&
            (next == '+' || next == '-' || (next >= '0' && next <= '9')))
            return true;
    }
    return false;
}

TEST(RecordsCodec, NumbersAreWrittenInPlainDecimalForm) {
    ShippingService s;
    s.id = "weight_based:1";
    s.conditions = ShippingService::WeightConditions{644.6, 1e21};
    const std::string text = encode(s);
    EXPECT_NE(text.find("\"weight_low\":644.6"), std::string::npos) << text;
    EXPECT_NE(text.find("\"weight_high\":1000000000000000000000"), std::string::npos) << text;
    EXPECT_FALSE(has_exponent(text)) << text;
}

TEST(RecordsCodec, ValuesOfTheWrongTypeReadAsAbsent) {
    const auto o = decode<Order>(
        R"({"id":"5","total":"12","line_items":[{"quantity":"3"},7],"test":1,"tags":["a",2]})");
    ASSERT_TRUE(o);
    EXPECT_EQ(o->id, "5");
    EXPECT_FALSE(o->total);
    ASSERT_EQ(o->line_items.size(), 1u);
    EXPECT_EQ(o->line_items[0].quantity, 0);
    EXPECT_FALSE(o->test);
    EXPECT_EQ(o->tags, std::vector<std::string>{"a"});
    EXPECT_FALSE(decode<Order>("[1]"));
    EXPECT_FALSE(decode<Order>("{"));
}

// encode() writes text straight from the struct; it must be exactly the JSON of to_json().
TEST(RecordsCodec, EncodeWritesTheSameTextAsItsJsonValue) {
    Order o;
    fill(o);
    o.note =
        std::string("a \"quoted\" note\\ with \n a line, a tab\t, ") + '\x01' + " and \xc3\xa9";
    o.total = Money{"644.60", "EUR"};
    const std::string text = encode(o);
    EXPECT_EQ(text, sb::json::serialize(to_json(o)));
    EXPECT_EQ(json::parse(text), to_json(o));
    for (int a = 0; a < 3; ++a) {
        ShippingService sv;
        fill(sv, a);
        EXPECT_EQ(encode(sv), sb::json::serialize(to_json(sv)));
    }
    Shop shop;
    fill(shop);
    EXPECT_EQ(encode(shop), sb::json::serialize(to_json(shop)));
}

TEST(RecordsCodec, ATombstoneCarriesOnlyItsId) {
    const auto r = make_tombstone(DataType::order, "42", 5, "{}");
    EXPECT_TRUE(r.deleted);
    EXPECT_EQ(r.data, R"({"id":"42"})");
    EXPECT_EQ(r.external_id, "42");
}

}  // namespace
}  // namespace sb::domain::records
