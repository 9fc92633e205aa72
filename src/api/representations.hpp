#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "connectors/connector.hpp"
#include "domain/credentials_service.hpp"
#include "domain/integration.hpp"
#include "domain/merchant.hpp"
#include "domain/provider_app.hpp"
#include "storage/console_reader.hpp"

// Domain objects as the API shows them. Secrets leave only as the mask.
namespace sb::api {

boost::json::object to_json(const connectors::ConnectorSpec& spec);
boost::json::object to_json(const connectors::ActionSpec& action);
boost::json::object to_json(const domain::Merchant& m, const std::string& self_href);
// `api_budget`: the store's rate-limit state, shown as "api_budget" (null when unknown).
// `data_types`: what the integration holds per data type, shown as "data_types" for every
// type of the connector and any other it has records or jobs of (absent when null).
boost::json::object to_json(const domain::Integration& i, const connectors::ConnectorSpec& spec,
                            const std::string& self_href,
                            const std::optional<domain::FieldMap>& api_budget = std::nullopt,
                            const std::vector<storage::DataTypeStat>* data_types = nullptr);
boost::json::object data_connection_json(const domain::Integration& i, const std::string& self_href,
                                         const std::string& connect_url);
boost::json::object to_json(const domain::SyncJob& j, const std::string& self_href);
boost::json::object credentials_json(const domain::CredentialEntry& e,
                                     const connectors::ConnectorSpec& spec);
boost::json::object fields_json(const domain::FieldMap& values,
                                const std::vector<domain::FieldSpec>& specs);

}  // namespace sb::api
