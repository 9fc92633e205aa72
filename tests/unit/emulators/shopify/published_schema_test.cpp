#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>

#include "common/test_env.hpp"
#include "emulators/shopify/data/store.hpp"
#include "emulators/shopify/graphql/executor.hpp"
#include "emulators/shopify/graphql/parser.hpp"
#include "emulators/shopify/graphql/validator.hpp"
#include "emulators/shopify/resolvers/services.hpp"
#include "emulators/shopify/schema/published.hpp"
#include "emulators/shopify/server/tokens.hpp"

// The emulator's schema is Shopify's published one: every type, field and argument as
// published, introspection as Shopify answers it, and a value of the right type for every
// field, whether the store has data for it or not.
namespace sb::emulators::shopify {
namespace {

namespace json = boost::json;

const std::vector<std::string> k_versions{"2026-01", "2026-10"};
const std::vector<std::string> k_read_types{
    "Order",    "LineItem", "Fulfillment",   "Product",        "ProductVariant",
    "Customer", "Location", "InventoryItem", "InventoryLevel", "Shop"};

json::object run(const std::string& version, const std::string& query,
                 const json::object& vars = {}) {
    static Store store(CatalogSize{});
    Services sv;
    sv.store = &store;
    sv.schema = &admin_schema(version);
    sv.api_version = version;
    graphql::Context ctx;
    ctx.env = &sv;
    ctx.seed = 7;
    ctx.scopes = all_scopes();
    const auto doc = graphql::parse_document(query);
    const auto a = graphql::analyze(doc, "", vars, *sv.schema);
    if (!a.errors.empty())
        return {{"errors", a.errors}};
    auto ex = graphql::execute(doc, a, *sv.schema, ctx);
    json::object out{{"data", ex.data}};
    if (!ex.errors.empty())
        out["errors"] = ex.errors;
    return out;
}

const json::object& published_type(const std::string& version, const std::string& name) {
    const auto* t = admin_schema(version).introspection_type(name);
    EXPECT_NE(t, nullptr) << name;
    return *t;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

TEST(PublishedSchema, TheEmbeddedSchemasAreShopifysPublishedFiles) {
    ASSERT_EQ(served_versions(), k_versions);
    for (const auto& v : k_versions) {
        const std::string file =
            read_file(test::shared_dir() + "/fixtures/shopify/graphql/admin_" + v + ".json.gz");
        ASSERT_FALSE(file.empty()) << v;
        EXPECT_TRUE(published_schema_gzip(v) == file) << v << ": the embedded copy drifted";
    }
}

TEST(PublishedSchema, AVersionNoLongerServedIsAnsweredAsTheOldest) {
    EXPECT_EQ(resolve_version("2026-10"), "2026-10");
    EXPECT_EQ(resolve_version("2026-01"), "2026-01");
    EXPECT_EQ(resolve_version("2025-01"), "2026-01");
    EXPECT_EQ(resolve_version("unstable"), "2026-01");
    EXPECT_EQ(&admin_schema("2024-04"), &admin_schema("2026-01"));
}

TEST(PublishedSchema, EveryResolverServesAPublishedFieldOfItsType) {
    for (const auto& v : k_versions) {
        const auto s = build_admin_schema(v);
        EXPECT_TRUE(s.unpublished().empty())
            << v << ": resolvers for fields Shopify does not publish: " << [&] {
                   std::string all;
                   for (const auto& u : s.unpublished())
                       all += u + " ";
                   return all;
               }();
        EXPECT_TRUE(s.mismatched().empty()) << v << ": " << [&] {
            std::string all;
            for (const auto& u : s.mismatched())
                all += u + "; ";
            return all;
        }();
    }
}

// The selection of a type reference as deep as Shopify's deepest ([X!]!).
const char* k_type_ref = "kind name ofType { kind name ofType { kind name ofType { kind name } } }";

json::value ref_projection(const json::value& ref) {
    if (ref.is_null())
        return nullptr;
    const auto& o = ref.as_object();
    return json::object{
        {"kind", o.at("kind")}, {"name", o.at("name")}, {"ofType", ref_projection(o.at("ofType"))}};
}

json::object type_projection(const json::object& t) {
    json::array fields;
    for (const auto& f : t.at("fields").as_array()) {
        const auto& fo = f.as_object();
        json::array args;
        for (const auto& a : fo.at("args").as_array()) {
            const auto& ao = a.as_object();
            args.push_back(json::object{{"name", ao.at("name")},
                                        {"type", ref_projection(ao.at("type"))},
                                        {"defaultValue", ao.at("defaultValue")}});
        }
        fields.push_back(json::object{{"name", fo.at("name")},
                                      {"description", fo.at("description")},
                                      {"args", std::move(args)},
                                      {"type", ref_projection(fo.at("type"))},
                                      {"isDeprecated", fo.at("isDeprecated")},
                                      {"deprecationReason", fo.at("deprecationReason")}});
    }
    json::array interfaces;
    for (const auto& i : t.at("interfaces").as_array())
        interfaces.push_back(json::object{{"name", i.as_object().at("name")}});
    return {{"kind", t.at("kind")},
            {"name", t.at("name")},
            {"description", t.at("description")},
            {"fields", std::move(fields)},
            {"interfaces", std::move(interfaces)}};
}

// What the emulator answers for ref_projection's shape: ofType is absent below the depth
// the query asks for, so both sides are cut to the same depth.
json::value cut(const json::value& ref, int depth) {
    if (ref.is_null() || depth == 0)
        return nullptr;
    const auto& o = ref.as_object();
    json::object out{{"kind", o.at("kind")}, {"name", o.at("name")}};
    out["ofType"] = depth > 1 && o.contains("ofType") ? cut(o.at("ofType"), depth - 1) : nullptr;
    return out;
}

void cut_types(json::object& t) {
    for (auto& f : t.at("fields").as_array()) {
        auto& fo = f.as_object();
        fo["type"] = cut(fo.at("type"), 4);
        for (auto& a : fo.at("args").as_array())
            a.as_object()["type"] = cut(a.as_object().at("type"), 4);
    }
}

TEST(PublishedSchema, IntrospectionOfTheReadTypesEqualsThePublishedOneFieldForField) {
    const std::string q = std::string(
                              "query($name: String!) { __type(name: $name) { kind name description "
                              "fields(includeDeprecated: true) { name description "
                              "args(includeDeprecated: true) { name type { ") +
                          k_type_ref + " } defaultValue } type { " + k_type_ref +
                          " } isDeprecated deprecationReason } interfaces { name } } }";
    for (const auto& v : k_versions) {
        for (const auto& name : k_read_types) {
            auto got = run(v, q, {{"name", name}});
            ASSERT_FALSE(got.contains("errors")) << json::serialize(got);
            json::object answered = got.at("data").at("__type").as_object();
            json::object expected = type_projection(published_type(v, name));
            cut_types(answered);
            cut_types(expected);
            const auto& af = answered.at("fields").as_array();
            const auto& ef = expected.at("fields").as_array();
            ASSERT_EQ(af.size(), ef.size()) << v << " " << name;
            for (std::size_t i = 0; i < af.size(); ++i)
                ASSERT_EQ(json::serialize(af[i]), json::serialize(ef[i])) << v << " " << name;
            answered.erase("fields");
            expected.erase("fields");
            EXPECT_EQ(json::serialize(answered), json::serialize(expected)) << v << " " << name;
        }
    }
}

TEST(PublishedSchema, TheSchemaIntrospectsAsPublished) {
    for (const auto& v : k_versions) {
        auto got = run(v,
                       "{ __schema { queryType { name } mutationType { name } "
                       "types { name } directives { name } } }");
        ASSERT_FALSE(got.contains("errors")) << json::serialize(got);
        const auto& s = got.at("data").at("__schema").as_object();
        EXPECT_EQ(s.at("queryType").at("name"), "QueryRoot");
        EXPECT_EQ(s.at("mutationType").at("name"), "Mutation");
        const auto& published = admin_schema(v).introspection();
        EXPECT_EQ(s.at("types").as_array().size(), published.at("types").as_array().size());
        EXPECT_EQ(s.at("directives").as_array().size(),
                  published.at("directives").as_array().size());
        // Deprecated enum values are hidden unless asked for, as graphql-ruby does: checked
        // on an enum that has some.
        std::string with_deprecated;
        for (const auto& t : published.at("types").as_array()) {
            const auto* td = admin_schema(v).find(std::string(t.at("name").as_string()));
            if (td && !td->deprecated_enum_values.empty()) {
                with_deprecated = td->name;
                break;
            }
        }
        ASSERT_FALSE(with_deprecated.empty());
        const auto* td = admin_schema(v).find(with_deprecated);
        auto e = run(v, "{ all: __type(name: \"" + with_deprecated +
                            "\") { enumValues(includeDeprecated: true) { name } } "
                            "live: __type(name: \"" +
                            with_deprecated + "\") { enumValues { name } } }");
        ASSERT_FALSE(e.contains("errors")) << json::serialize(e);
        EXPECT_EQ(e.at("data").at("all").at("enumValues").as_array().size(),
                  td->enum_values.size());
        EXPECT_EQ(e.at("data").at("live").at("enumValues").as_array().size(),
                  td->enum_values.size() - td->deprecated_enum_values.size());
        EXPECT_GE(e.at("data").at("all").at("enumValues").as_array().size(),
                  e.at("data").at("live").at("enumValues").as_array().size());
    }
}

// ------------------------------------------------------------------ coverage

const graphql::TypeRef& unwrap(const graphql::TypeRef& t) {
    return t.of ? unwrap(*t.of) : t;
}

bool fits(const json::value& v, const graphql::TypeRef& t, const graphql::Schema& s) {
    if (v.is_null())
        return !t.non_null;
    if (t.of) {
        if (!v.is_array())
            return false;
        for (const auto& e : v.as_array()) {
            if (!fits(e, *t.of, s))
                return false;
        }
        return true;
    }
    const graphql::TypeDef* td = s.find(t.name);
    if (td->kind == graphql::TypeKind::enumeration) {
        return v.is_string() && std::find(td->enum_values.begin(), td->enum_values.end(),
                                          std::string_view(v.as_string())) != td->enum_values.end();
    }
    if (t.name == "Int")
        return v.is_int64() || v.is_uint64();
    if (t.name == "Float")
        return v.is_number();
    if (t.name == "Boolean")
        return v.is_bool();
    if (t.name == "JSON")
        return true;
    return v.is_string();
}

struct Coverage {
    int published = 0;   // non-deprecated scalar and enum fields without required arguments
    int answered = 0;    // answered with a value of the published type
    int from_store = 0;  // of those, from the store's data (a resolver), not made up
};

// A path to one node of each read type, as `prefix { FIELDS }` + closing braces.
std::pair<std::string, std::vector<std::string>> path_to(const std::string& type) {
    if (type == "Shop")
        return {"{ shop { FIELDS } }", {"shop"}};
    if (type == "Order")
        return {"{ orders(first: 1) { nodes { FIELDS } } }", {"orders", "nodes", "0"}};
    if (type == "LineItem")
        return {"{ orders(first: 1) { nodes { lineItems(first: 1) { nodes { FIELDS } } } } }",
                {"orders", "nodes", "0", "lineItems", "nodes", "0"}};
    if (type == "Fulfillment")
        return {
            "{ orders(first: 1, query: \"fulfillment_status:shipped\") { nodes { "
            "fulfillments(first: 1) { FIELDS } } } }",
            {"orders", "nodes", "0", "fulfillments", "0"}};
    if (type == "Product")
        return {"{ products(first: 1) { nodes { FIELDS } } }", {"products", "nodes", "0"}};
    if (type == "ProductVariant")
        return {"{ productVariants(first: 1) { nodes { FIELDS } } }",
                {"productVariants", "nodes", "0"}};
    if (type == "Customer")
        return {"{ customers(first: 1) { nodes { FIELDS } } }", {"customers", "nodes", "0"}};
    if (type == "Location")
        return {"{ locations(first: 1) { nodes { FIELDS } } }", {"locations", "nodes", "0"}};
    if (type == "InventoryItem")
        return {"{ inventoryItems(first: 1) { nodes { FIELDS } } }",
                {"inventoryItems", "nodes", "0"}};
    return {
        "{ inventoryItems(first: 1) { nodes { inventoryLevels(first: 1) { nodes { FIELDS } "
        "} } } }",
        {"inventoryItems", "nodes", "0", "inventoryLevels", "nodes", "0"}};
}

Coverage coverage(const std::string& version, const std::string& type) {
    const graphql::Schema& s = admin_schema(version);
    const graphql::TypeDef* t = s.find(type);
    Coverage c;
    std::string fields;
    std::vector<const graphql::FieldDef*> asked;
    for (const auto& [name, f] : t->fields) {
        const graphql::TypeDef* rt = s.find(unwrap(f.type_ref).name);
        if (f.deprecated || rt->is_composite())
            continue;
        const bool required_args = std::any_of(f.args.begin(), f.args.end(), [](const auto& a) {
            return a.type.non_null && !a.has_default;
        });
        if (required_args)
            continue;
        ++c.published;
        fields += name + " ";
        asked.push_back(&f);
    }
    auto [query, path] = path_to(type);
    query.replace(query.find("FIELDS"), 6, fields);
    auto got = run(version, query);
    EXPECT_FALSE(got.contains("errors")) << version << " " << type << ": " << json::serialize(got);
    if (got.contains("errors"))
        return c;
    const json::value* node = &got.at("data");
    for (const auto& p : path) {
        node = node->is_array() ? &node->as_array().at(std::stoul(p)) : &node->as_object().at(p);
    }
    for (const auto* f : asked) {
        const json::value& v = node->as_object().at(f->name);
        if (fits(v, f->type_ref, s)) {
            ++c.answered;
            if (f->resolve)
                ++c.from_store;
        } else {
            ADD_FAILURE() << version << " " << type << "." << f->name << " answered "
                          << json::serialize(v) << ", not a "
                          << graphql::type_to_string(f->type_ref);
        }
    }
    return c;
}

TEST(PublishedSchema, EveryFieldOfTheReadTypesAnswersAValueOfItsPublishedType) {
    for (const auto& v : k_versions) {
        Coverage total;
        std::cout << "coverage " << v << " (type: answered/published, from the store's data)\n";
        for (const auto& type : k_read_types) {
            const Coverage c = coverage(v, type);
            std::cout << "  " << type << ": " << c.answered << "/" << c.published << ", "
                      << c.from_store << " from data\n";
            EXPECT_EQ(c.answered, c.published) << v << " " << type;
            total.published += c.published;
            total.answered += c.answered;
            total.from_store += c.from_store;
        }
        std::cout << "  total: " << total.answered << "/" << total.published << ", "
                  << total.from_store << " from data\n";
    }
}

TEST(PublishedSchema, MadeUpValuesAreAFunctionOfTheSeedAndTheRecord) {
    const std::string q = "{ orders(first: 2) { nodes { poNumber statusPageUrl } } }";
    const auto a = run("2026-10", q), b = run("2026-10", q);
    EXPECT_EQ(json::serialize(a), json::serialize(b));
    const auto& nodes = a.at("data").at("orders").at("nodes").as_array();
    EXPECT_NE(json::serialize(nodes[0]), json::serialize(nodes[1]));
}

// ------------------------------------------------------------------ validation

std::string first_code(const std::string& version, const std::string& q,
                       const json::object& vars = {}) {
    auto got = run(version, q, vars);
    if (!got.contains("errors"))
        return "";
    const auto& e = got.at("errors").as_array().front().as_object();
    const auto* ext = e.if_contains("extensions");
    return ext ? std::string(ext->at("code").as_string())
               : std::string(e.at("message").as_string());
}

TEST(PublishedSchemaValidation, RefusesWhatShopifyRefuses) {
    // UserError has no code (the field the connector once selected).
    EXPECT_EQ(first_code("2026-10",
                         "mutation { webhookSubscriptionCreate(topic: ORDERS_CREATE, "
                         "webhookSubscription: {uri: \"https://x.example/h\"}) { "
                         "userErrors { field message code } } }"),
              "undefinedField");
    EXPECT_EQ(first_code("2026-10", "{ orders(first: 1) { nodes { nope } } }"), "undefinedField");
    EXPECT_EQ(first_code("2026-10", "{ order { id } }"), "missingRequiredArguments");
    EXPECT_EQ(first_code("2026-10", "{ orders(first: 1, nope: 2) { nodes { id } } }"),
              "argumentNotAccepted");
    EXPECT_EQ(first_code("2026-10", "{ orders(first: 1, sortKey: NOPE) { nodes { id } } }"),
              "argumentLiteralsIncompatible");
    EXPECT_EQ(first_code("2026-10", "query($n: Int) { shop { name } }"), "variableNotUsed");
    EXPECT_EQ(first_code("2026-10", "query($id: String!) { order(id: $id) { id } }",
                         {{"id", "gid://shopify/Order/1"}}),
              "variableMismatch");
    EXPECT_EQ(first_code("2026-10", "{ shop { name { x } } }"), "selectionMismatch");
    EXPECT_EQ(first_code("2026-10", "{ shop }"), "selectionMismatch");
    EXPECT_EQ(first_code("2026-10", "{ shop { ...F } }"), "useAndDefineFragment");
    EXPECT_EQ(first_code("2026-10", "query($x: Nope) { shop { name } }"),
              "variableRequiresValidType");
    // Variables are coerced field by field against the published input types.
    EXPECT_EQ(first_code("2026-10",
                         "mutation($s: WebhookSubscriptionInput!) { webhookSubscriptionCreate("
                         "topic: ORDERS_CREATE, webhookSubscription: $s) { userErrors { field "
                         "message } } }",
                         {{"s", json::object{{"uri", "https://x.example/h"}, {"nope", 1}}}}),
              "INVALID_VARIABLE");
    EXPECT_EQ(first_code("2026-10",
                         "query($k: OrderSortKeys) { orders(first: 1, sortKey: $k) { nodes { id "
                         "} } }",
                         {{"k", "NOPE"}}),
              "INVALID_VARIABLE");
    // And accepts what Shopify accepts.
    EXPECT_EQ(first_code("2026-10",
                         "query($k: OrderSortKeys = UPDATED_AT, $n: Int!) { orders(first: $n, "
                         "sortKey: $k) { ...O } } fragment O on OrderConnection { nodes { id "
                         "... on Order { name } } }",
                         {{"n", 1}}),
              "");
}

TEST(PublishedSchemaValidation, VersionsDiffer) {
    // A field only 2026-10 publishes.
    const auto* o1 = admin_schema("2026-01").find("Order");
    const auto* o10 = admin_schema("2026-10").find("Order");
    std::string only_new;
    for (const auto& [name, f] : o10->fields) {
        if (!o1->field(name))
            only_new = name;
    }
    ASSERT_FALSE(only_new.empty());
    const auto* f = o10->field(only_new);
    const std::string sel = admin_schema("2026-10").find(unwrap(f->type_ref).name)->is_composite()
                                ? only_new + " { __typename }"
                                : only_new;
    bool needs_args = std::any_of(f->args.begin(), f->args.end(),
                                  [](const auto& a) { return a.type.non_null && !a.has_default; });
    if (needs_args)
        GTEST_SKIP() << only_new << " needs arguments";
    EXPECT_EQ(first_code("2026-01", "{ orders(first: 1) { nodes { " + sel + " } } }"),
              "undefinedField");
    EXPECT_EQ(first_code("2026-10", "{ orders(first: 1) { nodes { " + sel + " } } }"), "");
}

}  // namespace
}  // namespace sb::emulators::shopify
