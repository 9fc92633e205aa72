#pragma once

#include <boost/json/value.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

// Shopify's published Admin API schemas, embedded in the binary (schema/README.md).
namespace sb::emulators::shopify {

// The versions the emulator serves, oldest first: one per published schema it ships.
const std::vector<std::string>& served_versions();

// The version a request for `requested` is answered as: itself when served, otherwise the
// oldest served one, as Shopify answers a call to a version it no longer supports.
const std::string& resolve_version(std::string_view requested);

// The published introspection result ({"data": {"__schema": …}}) of a served version, parsed
// once per process. Throws std::out_of_range for a version that is not served.
std::shared_ptr<const boost::json::value> published_schema(std::string_view version);

// The embedded gzip bytes of a served version (for the test that compares them with shared/).
std::string_view published_schema_gzip(std::string_view version);

}  // namespace sb::emulators::shopify
