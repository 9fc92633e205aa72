#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "connectors/shopify/documents.hpp"
#include "connectors/shopify/shopify_connector.hpp"
#include "emulators/shopify/graphql/parser.hpp"
#include "emulators/shopify/graphql/validator.hpp"
#include "emulators/shopify/resolvers/services.hpp"
#include "emulators/shopify/schema/published.hpp"

// Every document the connector can send validates against each of Shopify's published
// schemas, and its example variables coerce to the declared types: a field Shopify removes
// fails this test, not a merchant's sync. (tests/js checks the same with graphql-js.)
namespace sb::connectors::shopify {
namespace {

namespace json = boost::json;
namespace gql = emulators::shopify::graphql;

TEST(ShopifyDocumentsAgainstPublishedSchemas, EveryDocumentValidatesOnEveryServedVersion) {
    const auto docs = all_documents();
    ASSERT_GE(docs.size(), 20u);
    for (const auto& version : emulators::shopify::served_versions()) {
        const gql::Schema& schema = emulators::shopify::admin_schema(version);
        for (const auto& d : docs) {
            gql::Document doc;
            try {
                doc = gql::parse_document(d.text);
            } catch (const gql::SyntaxError& e) {
                ADD_FAILURE() << version << " " << d.name << ": " << e.message;
                continue;
            }
            const json::array errors = gql::validate(doc, schema);
            EXPECT_TRUE(errors.empty())
                << version << " " << d.name << ": " << json::serialize(errors) << "\n"
                << d.text;
            if (!errors.empty() || doc.operations.size() != 1)
                continue;
            json::object coerced;
            const json::array problems =
                gql::coerce_variables(doc.operations.front(), d.variables, schema, coerced);
            EXPECT_TRUE(problems.empty())
                << version << " " << d.name << ": " << json::serialize(problems);
        }
    }
}

TEST(ShopifyDocumentsAgainstPublishedSchemas, NoDocumentSelectsAFieldDeprecatedInTheTargetVersion) {
    // A deprecated field is one Shopify will remove: the connector keeps off them on the
    // version it targets, so an upgrade never finds the hub leaning on one.
    const gql::Schema& schema = emulators::shopify::admin_schema(k_default_api_version);
    for (const auto& d : all_documents()) {
        const auto used = gql::deprecated_fields(gql::parse_document(d.text), schema);
        std::string list;
        for (const auto& u : used)
            list += u + " ";
        EXPECT_TRUE(used.empty()) << d.name << ": " << list;
    }
}

TEST(ShopifyDocumentsAgainstPublishedSchemas,
     TheEmulatorAnswersEveryFieldTheConnectorReadsFromData) {
    // A field without a resolver answers a made-up value: the connector's tests would then
    // pass on invented data. Every field it selects must be backed by the emulator's store.
    const gql::Schema& schema = emulators::shopify::admin_schema(k_default_api_version);
    for (const auto& d : all_documents()) {
        const auto missing = gql::unresolved_fields(gql::parse_document(d.text), schema);
        std::string list;
        for (const auto& u : missing)
            list += u + " ";
        EXPECT_TRUE(missing.empty()) << d.name << ": " << list;
    }
}

TEST(ShopifyDocumentsAgainstPublishedSchemas, TheValidatorRefusesTheOldWebhookSelection) {
    // The selection that stopped a real store from subscribing (UserError has no code); if the
    // validator ever lets it through, the test above proves nothing.
    const std::string old =
        "mutation($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) { "
        "webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) { "
        "webhookSubscription { id } userErrors { field message code } } }";
    for (const auto& version : emulators::shopify::served_versions()) {
        const auto errors =
            gql::validate(gql::parse_document(old), emulators::shopify::admin_schema(version));
        ASSERT_EQ(errors.size(), 1u) << version << ": " << json::serialize(errors);
        EXPECT_EQ(errors[0].at("extensions").at("code"), "undefinedField");
    }
}

}  // namespace
}  // namespace sb::connectors::shopify
