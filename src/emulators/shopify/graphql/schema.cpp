#include "emulators/shopify/graphql/schema.hpp"

#include <algorithm>

namespace sb::emulators::shopify::graphql {

TypeDef& Schema::type(const std::string& name) {
    auto& t = types_[name];
    if (t.name.empty())
        t.name = name;
    return t;
}

const TypeDef* Schema::find(std::string_view name) const {
    auto it = types_.find(name);
    return it == types_.end() ? nullptr : &it->second;
}

bool Schema::satisfies(std::string_view runtime, std::string_view condition) const {
    if (condition.empty() || runtime == condition)
        return true;
    const TypeDef* t = find(runtime);
    return t &&
           std::find(t->interfaces.begin(), t->interfaces.end(), condition) != t->interfaces.end();
}

void Schema::field(const std::string& type_name, FieldDef def) {
    auto& t = type(type_name);
    t.fields[def.name] = std::move(def);
}

}  // namespace sb::emulators::shopify::graphql
