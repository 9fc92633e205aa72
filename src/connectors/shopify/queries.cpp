#include "connectors/shopify/queries.hpp"

#include <stdexcept>

namespace sb::connectors::shopify::queries {

using domain::DataType;

namespace {

constexpr int k_order_line_items = 10;
// Products with two or three options have dozens of variants; a page reads up to this many
// of each product (docs/records.md says what happens past it).
constexpr int k_product_variants = 50;

// The nested page size of the form: `full` for pages, nodes and bulk; `lean` for incremental
// pages.
int size_of(Form f, int full, int lean) {
    return f.lean ? lean : full;
}

std::string connection(std::string_view name, int first, const std::string& fields, Form f) {
    if (f.bulk)
        return std::string(name) + " { edges { node { " + fields + " } } }";
    return std::string(name) + "(first: " + std::to_string(first) + ") { nodes { " + fields +
           " } pageInfo { hasNextPage endCursor } }";
}

const std::string k_money = "{ shopMoney { amount currencyCode } }";
const std::string k_money2 =
    "{ shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }";
const std::string k_address =
    "{ firstName lastName name company address1 address2 city province provinceCode country "
    "countryCodeV2 zip phone }";
// The customer as an order or a checkout names it (the email at the time of reading).
const std::string k_customer_ref =
    "{ legacyResourceId defaultEmailAddress { emailAddress } firstName lastName }";

std::string line_item_fields() {
    return "id title variantTitle sku vendor quantity currentQuantity unfulfilledQuantity "
           "requiresShipping originalUnitPriceSet " +
           k_money + " discountedTotalSet " + k_money + " totalDiscountSet " + k_money +
           " variant { legacyResourceId } product { legacyResourceId }";
}

// Refunds with what each gave back. Amounts in shop money (docs/records.md), except the
// refund's total, which the buyer also sees in the presentment currency.
std::string refund_fields(Form f) {
    return "refunds(first: " + std::to_string(size_of(f, 10, k_lean.refunds)) +
           ") { id legacyResourceId note createdAt totalRefundedSet " + k_money2 + " " +
           connection("refundLineItems", size_of(f, 10, k_lean.refund_line_items),
                      "id quantity restockType restocked location { legacyResourceId } lineItem "
                      "{ id } subtotalSet " +
                          k_money + " totalTaxSet " + k_money,
                      f) +
           " }";
}

// Only the order total is read in both currencies (presentment_total); the other amounts are
// the shop's, so they select shopMoney alone and keep the page's cost down.
std::string order_fields(Form f) {
    return "id legacyResourceId name email phone note tags createdAt updatedAt processedAt "
           "cancelledAt closedAt cancelReason test currencyCode presentmentCurrencyCode "
           "displayFinancialStatus displayFulfillmentStatus sourceName "
           "subtotalPriceSet " +
           k_money + " totalPriceSet " + k_money2 + " totalTaxSet " + k_money +
           " totalShippingPriceSet " + k_money + " totalDiscountsSet " + k_money +
           " totalRefundedSet " + k_money + " currentTotalPriceSet " + k_money + " customer " +
           k_customer_ref + " billingAddress " + k_address + " shippingAddress " + k_address + " " +
           connection("lineItems", size_of(f, k_order_line_items, k_lean.line_items),
                      line_item_fields(), f) +
           " " +
           connection("shippingLines", size_of(f, 5, k_lean.shipping_lines),
                      "id title code source originalPriceSet " + k_money, f) +
           " fulfillments(first: " + std::to_string(size_of(f, 10, k_lean.fulfillments)) +
           ") { id legacyResourceId name status displayStatus createdAt updatedAt deliveredAt "
           "trackingInfo(first: " +
           std::to_string(size_of(f, 5, k_lean.tracking)) +
           ") { company number url } location { legacyResourceId } " +
           connection("fulfillmentLineItems", size_of(f, 10, k_lean.fulfillment_line_items),
                      "id quantity lineItem { id }", f) +
           " } " + refund_fields(f);
}

std::string product_fields(Form f) {
    return "id legacyResourceId title handle descriptionHtml vendor productType status tags "
           "createdAt updatedAt publishedAt " +
           connection("variants", size_of(f, k_product_variants, k_lean.variants),
                      "id legacyResourceId title displayName sku barcode position price "
                      "compareAtPrice taxable inventoryPolicy inventoryQuantity createdAt "
                      "updatedAt selectedOptions { name value } inventoryItem { legacyResourceId }",
                      f);
}

// defaultEmailAddress and defaultPhoneNumber are null for a customer without one.
std::string customer_fields() {
    return "id legacyResourceId firstName lastName displayName note state verifiedEmail "
           "taxExempt tags numberOfOrders createdAt updatedAt amountSpent { amount currencyCode "
           "} defaultAddress " +
           k_address +
           " defaultEmailAddress { emailAddress marketingState marketingOptInLevel "
           "marketingUpdatedAt } defaultPhoneNumber { phoneNumber }";
}

std::string location_fields() {
    return "id legacyResourceId name isActive fulfillsOnlineOrders shipsInventory createdAt "
           "updatedAt address { address1 address2 city province provinceCode country "
           "countryCode zip phone }";
}

std::string shop_fields() {
    return "id name email contactEmail myshopifyDomain currencyCode enabledPresentmentCurrencies "
           "ianaTimezone weightUnit taxesIncluded createdAt updatedAt plan { publicDisplayName "
           "shopifyPlus } shopAddress { address1 city province country countryCodeV2 zip }";
}

std::string cart_fields(Form f) {
    return "id name abandonedCheckoutUrl createdAt updatedAt completedAt totalPriceSet " +
           k_money2 + " subtotalPriceSet " + k_money2 + " totalTaxSet " + k_money2 + " customer " +
           k_customer_ref + " billingAddress " + k_address + " " +
           connection("lineItems", 20,
                      "id title variantTitle sku quantity originalUnitPriceSet " + k_money +
                          " variant { legacyResourceId }",
                      f);
}

// An item belongs to one variant. Its connection has no pageInfo in either form, so that the
// raw item reads the same from a page and from a bulk file (whose child lines need the `id`).
std::string stock_fields(Form f) {
    const std::string variant = "id legacyResourceId product { legacyResourceId }";
    return "id legacyResourceId sku tracked updatedAt " +
           (f.bulk ? "variants { edges { node { " + variant + " } } }"
                   : "variants(first: 1) { nodes { " + variant + " } }") +
           " " +
           connection("inventoryLevels", 10,
                      "id updatedAt location { legacyResourceId } quantities(names: "
                      "[\"available\", \"on_hand\", \"committed\", \"incoming\"]) { name "
                      "quantity }",
                      f);
}

}  // namespace

std::string node_fields(DataType type, Form form) {
    switch (type) {
        case DataType::order:
            return order_fields(form);
        case DataType::product:
            return product_fields(form);
        case DataType::customer:
            return customer_fields();
        case DataType::location:
            return location_fields();
        case DataType::shop:
            return shop_fields();
        case DataType::cart:
            return cart_fields(form);
        case DataType::stock:
            return stock_fields(form);
        default:
            break;
    }
    throw std::invalid_argument("no Shopify query for this data type");
}

std::string_view root_connection(DataType type) {
    switch (type) {
        case DataType::order:
            return "orders";
        case DataType::product:
            return "products";
        case DataType::customer:
            return "customers";
        case DataType::location:
            return "locations";
        case DataType::cart:
            return "abandonedCheckouts";
        case DataType::stock:
            return "inventoryItems";
        default:
            break;
    }
    throw std::invalid_argument("no Shopify connection for this data type");
}

bool sorts_by_updated_at(DataType type) {
    return type == DataType::order || type == DataType::product || type == DataType::customer;
}

int page_size(DataType type) {
    // A page stays under Shopify's single-query limit of 1000 points: an order with its items,
    // parcels and refunds costs about 230, a product with 50 variants about 150
    // (tests/integration/connectors/shopify/shapes_test.cpp checks).
    // Orders, products and customers are read in the lean form (incremental runs): an order
    // requests 117 points, a product 33, a customer 5 (the emulator prices as Shopify does).
    switch (type) {
        case DataType::order:
            return 8;
        case DataType::product:
            return 30;
        case DataType::customer:
            return 195;
        case DataType::stock:
            return 10;
        case DataType::cart:
            return 10;
        default:
            return 50;
    }
}

namespace {

// Shopify leaves deactivated locations out unless asked; the hub wants them, to mark them
// inactive (docs/records.md).
std::string fixed_arguments(DataType type) {
    return type == DataType::location ? "includeInactive: true" : "";
}

}  // namespace

std::string page_query(DataType type) {
    const std::string root(root_connection(type));
    std::string args = "first: " + std::to_string(page_size(type)) + ", after: $after";
    if (const auto fixed = fixed_arguments(type); !fixed.empty())
        args += ", " + fixed;
    if (sorts_by_updated_at(type))
        args += ", query: $query, sortKey: UPDATED_AT";
    else if (type == DataType::cart)
        args += ", query: $query";
    const bool with_query = sorts_by_updated_at(type) || type == DataType::cart;
    return std::string("query Page($after: String") + (with_query ? ", $query: String" : "") +
           ") { " + root + "(" + args + ") { nodes { " +
           node_fields(type, Form{false, sorts_by_updated_at(type)}) +
           " } pageInfo { hasNextPage endCursor } } }";
}

std::string bulk_query(DataType type, const std::string& search) {
    std::string args = fixed_arguments(type);
    if (!search.empty()) {
        // The search syntax quotes values with single quotes, so the text needs no escaping
        // inside a GraphQL string; refuse anything that would.
        if (search.find_first_of("\"\\") != std::string::npos)
            throw std::invalid_argument("bulk search with a quote or backslash");
        args += std::string(args.empty() ? "" : ", ") + "query: \"" + search + "\"";
    }
    return "{ " + std::string(root_connection(type)) + (args.empty() ? "" : "(" + args + ")") +
           " { edges { node { " + node_fields(type, Form{true}) + " } } } }";
}

std::string_view count_field(DataType type) {
    switch (type) {
        case DataType::order:
            return "ordersCount";
        case DataType::product:
            return "productsCount";
        case DataType::customer:
            return "customersCount";
        default:
            break;
    }
    throw std::invalid_argument("no Shopify count for this data type");
}

std::string count_query(DataType type) {
    return "query Count($query: String) { " + std::string(count_field(type)) +
           "(query: $query) { count precision } " + std::string(root_connection(type)) +
           "(first: 1, sortKey: UPDATED_AT, reverse: true) { nodes { updatedAt } } }";
}

std::string order_line_items_query() {
    return "query Items($id: ID!, $after: String) { order(id: $id) { lineItems(first: 50, "
           "after: $after) { nodes { " +
           line_item_fields() + " } pageInfo { hasNextPage endCursor } } } }";
}

std::string nodes_query(DataType type) {
    std::string t = type == DataType::order      ? "Order"
                    : type == DataType::product  ? "Product"
                    : type == DataType::stock    ? "InventoryItem"
                    : type == DataType::location ? "Location"
                    : type == DataType::cart     ? "AbandonedCheckout"
                                                 : "Customer";
    return "query Nodes($ids: [ID!]!) { nodes(ids: $ids) { ... on " + t + " { " +
           node_fields(type, Form{false}) + " } } }";
}

}  // namespace sb::connectors::shopify::queries
