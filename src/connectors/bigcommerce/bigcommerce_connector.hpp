#pragma once

#include <memory>

#include "connectors/connector.hpp"

namespace sb::connectors {

std::unique_ptr<Connector> make_bigcommerce_connector();

}  // namespace sb::connectors
