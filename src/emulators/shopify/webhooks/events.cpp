#include "emulators/shopify/webhooks/events.hpp"

#include <boost/json/serialize.hpp>

#include "emulators/shopify/resolvers/services.hpp"
#include "emulators/shopify/rest/rest_json.hpp"
#include "emulators/shopify/webhooks/webhooks.hpp"

namespace sb::emulators::shopify {

void publish_order(const Services& s, const std::string& topic, const Order& o) {
    if (!s.webhooks)
        return;
    std::optional<Customer> c;
    if (o.customer_index)
        c = s.store->customer_at(*o.customer_index);
    s.webhooks->publish(topic, boost::json::serialize(rest_order(
                                   o, c ? &*c : nullptr, s.store->shop().myshopify_domain)));
}

void publish_inventory(const Services& s, const InventoryLevel& l) {
    if (!s.webhooks)
        return;
    s.webhooks->publish("inventory_levels/update", boost::json::serialize(rest_inventory_level(l)));
}

void publish_fulfillment(const Services& s, const Order& o, const Fulfillment& f) {
    if (!s.webhooks)
        return;
    s.webhooks->publish("fulfillments/update", boost::json::serialize(rest_fulfillment(o, f)));
}

}  // namespace sb::emulators::shopify
