#pragma once

#include <cstdint>
#include <vector>

#include "emulators/shopify/data/model.hpp"

// The store's shipping settings: a handful of zones (one delivery profile) and the carrier
// services their carrier rates come from. Small and fixed in shape; the seed picks the prices.
namespace sb::emulators::shopify {

std::vector<CarrierService> generate_carrier_services();
// Carrier rate providers point at generate_carrier_services()[0].
std::vector<ShippingZone> generate_shipping_zones(std::uint64_t seed);

}  // namespace sb::emulators::shopify
