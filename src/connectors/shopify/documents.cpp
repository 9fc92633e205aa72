#include "connectors/shopify/documents.hpp"

#include "connectors/shopify/fetch.hpp"
#include "connectors/shopify/mutations.hpp"
#include "connectors/shopify/queries.hpp"
#include "connectors/shopify/webhooks.hpp"

namespace sb::connectors::shopify {

namespace json = boost::json;
using domain::DataType;

namespace {

constexpr std::int64_t k_example_time = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
const std::string k_example_cursor = "eyJsYXN0X2lkIjoxfQ==";

std::string type_name(DataType type) {
    return std::string(domain::data_type_name(type));
}

// The GID type of the roots of a bulk-read type, for example ids.
std::string gid_type(DataType type) {
    switch (type) {
        case DataType::order:
            return "Order";
        case DataType::product:
            return "Product";
        case DataType::customer:
            return "Customer";
        default:
            return "InventoryItem";
    }
}

void add_pages(std::vector<Document>& out, DataType type) {
    if (type == DataType::shop) {
        out.push_back({"query:shop", mutations::shop(), {}});
        return;
    }
    // The first page of a full read and a later page of an incremental one.
    out.push_back({"page:" + type_name(type), queries::page_query(type),
                   page_variables(type, k_example_cursor, k_example_time)});
    out.push_back({"page:" + type_name(type) + ":first", queries::page_query(type),
                   page_variables(type, {}, std::nullopt)});
}

void add_bulk(std::vector<Document>& out, DataType type) {
    const std::string query = queries::bulk_query(type);
    out.push_back({"bulk_query:" + type_name(type), query, {}});
    out.push_back({"mutation:bulk_run:" + type_name(type), mutations::bulk_run(),
                   mutations::bulk_run_variables(query)});
}

// An incremental run: its count, and the bulk query filtered by updated_at it may run.
void add_incremental(std::vector<Document>& out, DataType type) {
    out.push_back({"count:" + type_name(type), queries::count_query(type),
                   json::object{{"query", updated_since_term(k_example_time)}}});
    const std::string query = queries::bulk_query(type, updated_since_term(k_example_time));
    out.push_back({"bulk_query:" + type_name(type) + ":since", query, {}});
    out.push_back({"mutation:bulk_run:" + type_name(type) + ":since", mutations::bulk_run(),
                   mutations::bulk_run_variables(query)});
}

}  // namespace

std::vector<Document> all_documents() {
    std::vector<Document> out;
    bool bulk = false;
    for (DataType type : data_types()) {
        switch (read_path(type)) {
            case ReadPath::pages:
                add_pages(out, type);
                break;
            case ReadPath::bulk:
                add_bulk(out, type);
                bulk = true;
                break;
            case ReadPath::bulk_then_pages:
                add_bulk(out, type);
                add_pages(out, type);
                add_incremental(out, type);
                bulk = true;
                break;
            case ReadPath::shipping_lists:
                out.push_back({"query:shop_currency", mutations::shop_currency(), {}});
                break;
        }
        // A bulk run re-reads the roots whose children came too late by id (fetch_by_ids).
        if (read_path(type) == ReadPath::bulk || read_path(type) == ReadPath::bulk_then_pages) {
            out.push_back({"nodes:" + type_name(type), queries::nodes_query(type),
                           nodes_variables({"gid://shopify/" + gid_type(type) + "/1",
                                            "gid://shopify/" + gid_type(type) + "/2"})});
        }
        // An order read by pages or by id brings the rest of its line items.
        if (type == DataType::order) {
            out.push_back({"query:order_line_items", queries::order_line_items_query(),
                           order_line_items_variables("gid://shopify/Order/1", k_example_cursor)});
        }
    }
    if (bulk) {
        out.push_back({"query:running_bulk_operations", mutations::running_bulk_operations(), {}});
        out.push_back({"query:bulk_operation", mutations::bulk_operation(),
                       mutations::bulk_operation_variables("gid://shopify/BulkOperation/1")});
    }

    out.push_back({"mutation:set_quantities", mutations::set_quantities(),
                   mutations::set_quantities_variables("gid://shopify/InventoryItem/1",
                                                       "gid://shopify/Location/1", 7)});
    out.push_back({"mutation:order_cancel", mutations::order_cancel(),
                   mutations::order_cancel_variables("gid://shopify/Order/1", "customer", true)});
    out.push_back({"mutation:order_cancel:default_reason", mutations::order_cancel(),
                   mutations::order_cancel_variables("gid://shopify/Order/1", "", false)});
    out.push_back({"mutation:tracking_info_update", mutations::tracking_info_update(),
                   mutations::tracking_info_update_variables(
                       "gid://shopify/Fulfillment/1", "1Z999AA10123456784", "UPS",
                       "https://www.ups.com/track?tracknum=1Z999AA10123456784")});
    out.push_back({"mutation:tracking_info_update:number_only", mutations::tracking_info_update(),
                   mutations::tracking_info_update_variables("gid://shopify/Fulfillment/1",
                                                             "1Z999AA10123456784", {}, {})});
    // One per topic: each topic must be a WebhookSubscriptionTopic of every version.
    for (const auto& topic : webhooks::topics()) {
        out.push_back({"mutation:webhook_subscription_create:" + topic,
                       mutations::webhook_subscription_create(),
                       mutations::webhook_subscription_create_variables(
                           topic, "https://hub.example.com/webhooks/shopify")});
    }
    out.push_back({"query:webhook_subscriptions", mutations::webhook_subscriptions(),
                   mutations::webhook_subscriptions_variables(
                       "https://hub.example.com/webhooks/shopify", "")});
    out.push_back({"query:webhook_subscriptions:next_page", mutations::webhook_subscriptions(),
                   mutations::webhook_subscriptions_variables(
                       "https://hub.example.com/webhooks/shopify", k_example_cursor)});
    out.push_back(
        {"mutation:webhook_subscription_delete", mutations::webhook_subscription_delete(),
         mutations::webhook_subscription_delete_variables("gid://shopify/WebhookSubscription/1")});
    return out;
}

}  // namespace sb::connectors::shopify
