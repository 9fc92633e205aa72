#include <boost/json/array.hpp>

#include "emulators/shopify/data/money.hpp"
#include "emulators/shopify/data/store.hpp"
#include "emulators/shopify/resolvers/common.hpp"
#include "emulators/shopify/resolvers/services.hpp"

// Customers and abandoned checkouts.
namespace sb::emulators::shopify {

namespace json = boost::json;
using graphql::Entity;
using graphql::make_entity;

namespace {

std::string upper(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

void register_customer(graphql::Schema& s) {
    const std::string t = "Customer";
    scalar<Customer>(s, t, "id", "ID",
                     [](const Customer& c) { return json::value(gid("Customer", c.id)); });
    scalar<Customer>(s, t, "legacyResourceId", "UnsignedInt64",
                     [](const Customer& c) { return json::value(std::to_string(c.id)); });
    scalar<Customer>(s, t, "firstName", "String",
                     [](const Customer& c) { return json::value(c.first_name); });
    scalar<Customer>(s, t, "lastName", "String",
                     [](const Customer& c) { return json::value(c.last_name); });
    scalar<Customer>(s, t, "displayName", "String", [](const Customer& c) {
        return json::value(c.first_name + " " + c.last_name);
    });
    scalar<Customer>(s, t, "email", "String",
                     [](const Customer& c) { return opt_string(c.email); });
    scalar<Customer>(s, t, "phone", "String",
                     [](const Customer& c) { return opt_string(c.phone); });
    scalar<Customer>(s, t, "note", "String", [](const Customer& c) { return opt_string(c.note); });
    scalar<Customer>(s, t, "state", "CustomerState",
                     [](const Customer& c) { return json::value(upper(c.state)); });
    scalar<Customer>(s, t, "verifiedEmail", "Boolean",
                     [](const Customer& c) { return json::value(c.verified_email); });
    scalar<Customer>(s, t, "taxExempt", "Boolean",
                     [](const Customer& c) { return json::value(c.tax_exempt); });
    scalar<Customer>(s, t, "tags", "[String!]!",
                     [](const Customer& c) { return string_list(c.tags); });
    scalar<Customer>(s, t, "numberOfOrders", "UnsignedInt64",
                     [](const Customer& c) { return json::value(std::to_string(c.orders_count)); });
    scalar<Customer>(s, t, "createdAt", "DateTime",
                     [](const Customer& c) { return json::value(iso_time(c.created_at)); });
    scalar<Customer>(s, t, "updatedAt", "DateTime",
                     [](const Customer& c) { return json::value(iso_time(c.updated_at)); });
    object<Customer>(s, t, "amountSpent", "MoneyV2", [](const Customer& c) -> graphql::Result {
        return money_v2(c.total_spent, c.currency);
    });
    object<Customer>(s, t, "defaultAddress", "MailingAddress",
                     [](const Customer& c) -> graphql::Result {
                         return make_entity("MailingAddress", c.address);
                     });
    object<Customer>(
        s, t, "addresses", "MailingAddress",
        [](const Customer& c) -> graphql::Result {
            return std::vector<Entity>{make_entity("MailingAddress", c.address)};
        },
        graphql::FieldKind::list);
    object_ctx<Customer>(s, t, "lastOrder", "Order",
                         [](const Customer& c, graphql::Context& ctx) -> graphql::Result {
                             if (!c.last_order_id)
                                 return json::value(nullptr);
                             return order_entity(*services(ctx).store, *c.last_order_id);
                         });
    object<Customer>(s, t, "emailMarketingConsent", "CustomerEmailMarketingConsentState",
                     [](const Customer& c) -> graphql::Result {
                         if (!c.email)
                             return json::value(nullptr);
                         return make_entity("CustomerEmailMarketingConsentState", c);
                     });
    scalar<Customer>(s, "CustomerEmailMarketingConsentState", "marketingState",
                     "CustomerEmailMarketingState", [](const Customer& c) {
                         return json::value(c.accepts_marketing ? "SUBSCRIBED" : "NOT_SUBSCRIBED");
                     });
    scalar<Customer>(s, "CustomerEmailMarketingConsentState", "marketingOptInLevel",
                     "CustomerMarketingOptInLevel", [](const Customer& c) {
                         return c.accepts_marketing ? json::value("SINGLE_OPT_IN")
                                                    : json::value(nullptr);
                     });
    // The successors of the deprecated `email` and `phone`: null when the customer has none.
    object<Customer>(s, t, "defaultEmailAddress", "CustomerEmailAddress",
                     [](const Customer& c) -> graphql::Result {
                         if (!c.email)
                             return json::value(nullptr);
                         return make_entity("CustomerEmailAddress", c);
                     });
    const std::string e = "CustomerEmailAddress";
    scalar<Customer>(s, e, "emailAddress", "String",
                     [](const Customer& c) { return opt_string(c.email); });
    scalar<Customer>(s, e, "marketingState", "CustomerEmailAddressMarketingState",
                     [](const Customer& c) {
                         return json::value(c.accepts_marketing ? "SUBSCRIBED" : "NOT_SUBSCRIBED");
                     });
    scalar<Customer>(
        s, e, "marketingOptInLevel", "CustomerMarketingOptInLevel", [](const Customer& c) {
            return c.accepts_marketing ? json::value("SINGLE_OPT_IN") : json::value(nullptr);
        });
    // The consent was recorded at sign-up, as the REST view's accepts_marketing_updated_at.
    scalar<Customer>(s, e, "marketingUpdatedAt", "DateTime",
                     [](const Customer& c) { return json::value(iso_time(c.created_at)); });
    scalar<Customer>(s, e, "validFormat", "Boolean",
                     [](const Customer&) { return json::value(true); });
    object<Customer>(s, t, "defaultPhoneNumber", "CustomerPhoneNumber",
                     [](const Customer& c) -> graphql::Result {
                         if (!c.phone)
                             return json::value(nullptr);
                         return make_entity("CustomerPhoneNumber", c);
                     });
    scalar<Customer>(s, "CustomerPhoneNumber", "phoneNumber", "String",
                     [](const Customer& c) { return opt_string(c.phone); });
}

void register_checkout(graphql::Schema& s) {
    const std::string t = "AbandonedCheckout";
    scalar<Checkout>(s, t, "id", "ID",
                     [](const Checkout& c) { return json::value(gid("AbandonedCheckout", c.id)); });
    scalar<Checkout>(s, t, "name", "String",
                     [](const Checkout& c) { return json::value("#" + std::to_string(c.id)); });
    scalar<Checkout>(s, t, "abandonedCheckoutUrl", "URL", [](const Checkout& c) {
        return json::value("https://checkout.example.com/recover/" + c.token);
    });
    scalar<Checkout>(s, t, "createdAt", "DateTime",
                     [](const Checkout& c) { return json::value(iso_time(c.created_at)); });
    scalar<Checkout>(s, t, "updatedAt", "DateTime",
                     [](const Checkout& c) { return json::value(iso_time(c.updated_at)); });
    scalar<Checkout>(s, t, "completedAt", "DateTime",
                     [](const Checkout&) { return json::value(nullptr); });
    object<Checkout>(s, t, "totalPriceSet", "MoneyBag", [](const Checkout& c) -> graphql::Result {
        return money_bag(c.total_price, c.currency);
    });
    object<Checkout>(
        s, t, "subtotalPriceSet", "MoneyBag",
        [](const Checkout& c) -> graphql::Result { return money_bag(c.subtotal, c.currency); });
    object<Checkout>(s, t, "totalTaxSet", "MoneyBag", [](const Checkout& c) -> graphql::Result {
        return money_bag(c.total_tax, c.currency);
    });
    object_ctx<Checkout>(
        s, t, "customer", "Customer", [](const Checkout& c, graphql::Context& ctx) {
            return customer_entity(*services(ctx).store, ids::customer + c.customer_index);
        });
    object<Checkout>(s, t, "billingAddress", "MailingAddress",
                     [](const Checkout& c) -> graphql::Result {
                         return make_entity("MailingAddress", c.address);
                     });
    using CL = ChildRef<Checkout>;
    list_connection<Checkout>(s, t, "lineItems", "AbandonedCheckoutLineItem", [](const Entity& e) {
        auto c = shared_of<Checkout>(e);
        std::vector<Entity> out;
        for (std::size_t k = 0; k < c->line_items.size(); ++k)
            out.push_back(make_entity("AbandonedCheckoutLineItem", CL{c, k}));
        return out;
    });
    const std::string l = "AbandonedCheckoutLineItem";
    auto li = [](const CL& r) -> const LineItem& { return r.parent->line_items[r.index]; };
    scalar<CL>(s, l, "id", "ID", [li](const CL& r) {
        return json::value(gid("AbandonedCheckoutLineItem", li(r).id));
    });
    scalar<CL>(s, l, "title", "String", [li](const CL& r) { return json::value(li(r).title); });
    scalar<CL>(s, l, "variantTitle", "String",
               [li](const CL& r) { return json::value(li(r).variant_title); });
    scalar<CL>(s, l, "sku", "String", [li](const CL& r) { return json::value(li(r).sku); });
    scalar<CL>(s, l, "quantity", "Int", [li](const CL& r) { return json::value(li(r).quantity); });
    object<CL>(s, l, "originalUnitPriceSet", "MoneyBag", [](const CL& r) -> graphql::Result {
        return money_bag(r.parent->line_items[r.index].price, r.parent->currency);
    });
    object_ctx<CL>(s, l, "variant", "ProductVariant", [](const CL& r, graphql::Context& ctx) {
        return variant_entity(*services(ctx).store, r.parent->line_items[r.index].variant_id);
    });
}

}  // namespace

graphql::Result customer_entity(const Store& st, std::int64_t id) {
    auto i = st.customer_index(id);
    if (!i)
        return json::value(nullptr);
    return make_entity("Customer", st.customer_at(*i));
}

void register_customer_types(graphql::Schema& s) {
    register_customer(s);
    register_checkout(s);
}

}  // namespace sb::emulators::shopify
