#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "connectors/connector.hpp"
#include "connectors/shopify/graphql_client.hpp"

// Shipping services: the rates of the shop's shipping zones and the carrier services that
// calculate rates, read from the REST Admin API (shipping_zones.json, carrier_services.json;
// small, unpaginated lists) and normalized one record per rate (docs/records.md).
namespace sb::connectors::shopify {

// GET /admin/api/{version}/{path} with the shop's token, through the GraphQL client's
// kit::PlatformClient and retry policy (no cost budget: REST has its own bucket, whose 429s
// the kit waits out). Throws the kit's PlatformError.
boost::json::object rest_get(GraphqlClient& gql, const std::string& path);

// The normalized records of one shipping_zones.json + carrier_services.json answer.
std::vector<domain::Record> map_shipping_services(const boost::json::object& zones,
                                                  const boost::json::object& carriers,
                                                  const std::string& currency);

// Reads every shipping service as one batch (a full read: the lists carry no updated_at).
void fetch_shipping_services(GraphqlClient& gql, RecordSink& sink);

}  // namespace sb::connectors::shopify
