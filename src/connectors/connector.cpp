#include "connectors/connector.hpp"

#include <algorithm>
#include <stdexcept>

namespace sb::connectors {

std::string_view category_name(Category c) {
    switch (c) {
        case Category::shop:
            return "shop";
        case Category::payment:
            return "payment";
        case Category::shipping:
            return "shipping";
    }
    return "shop";
}

bool ConnectorSpec::supports(domain::DataType t) const {
    return std::find(data_types.begin(), data_types.end(), t) != data_types.end();
}

const ActionSpec* ConnectorSpec::action(std::string_view id) const {
    for (const auto& a : actions) {
        if (a.id == id)
            return &a;
    }
    return nullptr;
}

void Registry::add(std::unique_ptr<Connector> connector) {
    if (find(connector->spec().id))
        throw std::invalid_argument("connector registered twice: " + connector->spec().id);
    connectors_.push_back(std::move(connector));
}

Connector* Registry::find(std::string_view id) const {
    for (const auto& c : connectors_) {
        if (c->spec().id == id)
            return c.get();
    }
    return nullptr;
}

std::vector<const Connector*> Registry::all() const {
    std::vector<const Connector*> out;
    for (const auto& c : connectors_)
        out.push_back(c.get());
    return out;
}

}  // namespace sb::connectors
