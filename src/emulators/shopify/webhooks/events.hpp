#pragma once

#include <string>

#include "emulators/shopify/data/model.hpp"

namespace sb::emulators::shopify {

struct Services;

// Turns a change into its webhook(s), REST-shaped as Shopify sends them.
void publish_order(const Services& s, const std::string& topic, const Order& o);
void publish_inventory(const Services& s, const InventoryLevel& l);
void publish_fulfillment(const Services& s, const Order& o, const Fulfillment& f);

}  // namespace sb::emulators::shopify
