#include "emulators/shopify/data/store.hpp"
#include "emulators/shopify/resolvers/common.hpp"
#include "emulators/shopify/resolvers/services.hpp"

// DeliveryCarrierService: the carrier services behind the shipping zones' carrier rates.
namespace sb::emulators::shopify {

namespace json = boost::json;

void register_shipping_types(graphql::Schema& s) {
    using C = CarrierService;
    const std::string t = "DeliveryCarrierService";
    scalar<C>(s, t, "id", "ID",
              [](const C& c) { return json::value(gid("DeliveryCarrierService", c.id)); });
    scalar<C>(s, t, "name", "String", [](const C& c) { return json::value(c.name); });
    // "The properly formatted name … ready to display"; the exact suffix is the emulator's.
    scalar<C>(s, t, "formattedName", "String",
              [](const C& c) { return json::value(c.name + " (Rates provided by app)"); });
    scalar<C>(s, t, "active", "Boolean", [](const C& c) { return json::value(c.active); });
    scalar<C>(s, t, "callbackUrl", "URL", [](const C& c) { return json::value(c.callback_url); });
    scalar<C>(s, t, "supportsServiceDiscovery", "Boolean",
              [](const C& c) { return json::value(c.service_discovery); });
}

graphql::Result carrier_service_entity(const Store& st, std::int64_t id) {
    const CarrierService* c = st.carrier_service(id);
    if (!c)
        return json::value(nullptr);
    return graphql::make_entity("DeliveryCarrierService", *c);
}

}  // namespace sb::emulators::shopify
