#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "connectors/shopify/documents.hpp"
#include "connectors/shopify/fetch.hpp"
#include "connectors/shopify/mutations.hpp"
#include "connectors/shopify/queries.hpp"
#include "connectors/shopify/webhooks.hpp"

// The catalog's own promises; that each document validates against Shopify's published
// schemas is for the document-validation test (docs/shopify.md).
namespace sb::connectors::shopify {
namespace {

using domain::DataType;

// "$name: Type" pairs of an operation's variable definitions.
std::map<std::string, std::string> declared_variables(const std::string& text) {
    std::map<std::string, std::string> out;
    const auto open = text.find('(');
    const auto brace = text.find('{');
    if (open == std::string::npos || brace < open)
        return out;
    const std::string defs = text.substr(open + 1, text.find(')', open) - open - 1);
    std::size_t p = 0;
    while ((p = defs.find('$', p)) != std::string::npos) {
        const auto colon = defs.find(':', p);
        const auto end = defs.find(',', colon);
        std::string type = defs.substr(colon + 1, end == std::string::npos ? end : end - colon - 1);
        while (!type.empty() && type.front() == ' ')
            type.erase(0, 1);
        out[defs.substr(p + 1, colon - p - 1)] = type;
        p = colon;
    }
    return out;
}

TEST(ShopifyDocuments, NamesAreUniqueAndVariablesMatchTheDeclarations) {
    const auto docs = all_documents();
    std::set<std::string> names;
    for (const auto& d : docs) {
        EXPECT_TRUE(names.insert(d.name).second) << d.name;
        EXPECT_FALSE(d.text.empty()) << d.name;
        const auto declared = declared_variables(d.text);
        for (const auto& [name, type] : declared) {
            if (type.ends_with("!")) {
                ASSERT_TRUE(d.variables.contains(name)) << d.name << ": $" << name;
                EXPECT_FALSE(d.variables.at(name).is_null()) << d.name << ": $" << name;
            }
            if (type.rfind("ID", 0) == 0 && d.variables.contains(name) &&
                d.variables.at(name).is_string()) {
                EXPECT_EQ(std::string(d.variables.at(name).as_string()).rfind("gid://shopify/", 0),
                          0u)
                    << d.name << ": $" << name;
            }
        }
        for (const auto& kv : d.variables)
            EXPECT_TRUE(declared.contains(std::string(kv.key()))) << d.name << ": " << kv.key();
    }
}

TEST(ShopifyDocuments, EveryReadAndEveryMutationIsInTheCatalog) {
    std::multiset<std::string> texts;
    for (const auto& d : all_documents())
        texts.insert(d.text);
    auto has = [&](const std::string& text) { return texts.count(text) > 0; };
    for (DataType type : data_types()) {
        switch (read_path(type)) {
            case ReadPath::pages:
                EXPECT_TRUE(type == DataType::shop ? has(mutations::shop())
                                                   : has(queries::page_query(type)))
                    << domain::data_type_name(type);
                break;
            case ReadPath::bulk_then_pages:
                EXPECT_TRUE(has(queries::page_query(type))) << domain::data_type_name(type);
                [[fallthrough]];
            case ReadPath::bulk:
                EXPECT_TRUE(has(queries::bulk_query(type))) << domain::data_type_name(type);
                EXPECT_TRUE(has(queries::nodes_query(type))) << domain::data_type_name(type);
                break;
            case ReadPath::shipping_lists:
                EXPECT_TRUE(has(mutations::shop_currency()));
                break;
        }
    }
    EXPECT_TRUE(has(queries::order_line_items_query()));
    EXPECT_TRUE(has(mutations::running_bulk_operations()));
    EXPECT_TRUE(has(mutations::bulk_operation()));
    EXPECT_TRUE(has(mutations::set_quantities()));
    EXPECT_TRUE(has(mutations::order_cancel()));
    EXPECT_TRUE(has(mutations::tracking_info_update()));
    EXPECT_EQ(texts.count(mutations::webhook_subscription_create()), webhooks::topics().size());
    EXPECT_GE(texts.count(mutations::bulk_run()), 4u);  // one per bulk-read type
}

TEST(ShopifyDocuments, VariablesAreTheOnesTheConnectorSends) {
    const auto set = mutations::set_quantities_variables("gid://shopify/InventoryItem/1",
                                                         "gid://shopify/Location/2", 5);
    const auto& q = set.at("input").at("quantities").as_array().at(0).as_object();
    EXPECT_TRUE(q.at("changeFromQuantity").is_null());
    EXPECT_FALSE(set.at("input").as_object().contains("ignoreCompareQuantity"));
    EXPECT_EQ(mutations::webhook_topic("inventory_levels/update"), "INVENTORY_LEVELS_UPDATE");
    const auto sub =
        mutations::webhook_subscription_create_variables("app/uninstalled", "https://h/w");
    EXPECT_EQ(sub.at("topic").as_string(), "APP_UNINSTALLED");
    EXPECT_EQ(sub.at("sub").at("uri").as_string(), "https://h/w");
    EXPECT_FALSE(sub.at("sub").as_object().contains("callbackUrl"));
    EXPECT_EQ(mutations::order_cancel_variables("gid://shopify/Order/1", "", true)
                  .at("reason")
                  .as_string(),
              "OTHER");
    // Plain UserError has no `code`: the payloads of that type do not select it.
    for (const auto& text :
         {mutations::webhook_subscription_create(), mutations::tracking_info_update()}) {
        EXPECT_NE(text.find("userErrors { field message }"), std::string::npos) << text;
    }
}

}  // namespace
}  // namespace sb::connectors::shopify
