#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/data_types.hpp"
#include "domain/fields.hpp"

namespace sb::connectors {

struct ActionSpec {
    std::string id;
    std::string name;
    std::string description;
    std::vector<domain::FieldSpec> input;
};

enum class Category { shop, payment, shipping };
std::string_view category_name(Category c);

// What a connector is, published by the connector itself so catalog and behaviour agree.
struct ConnectorSpec {
    std::string id;    // "shopify"
    std::string name;  // "Shopify"
    Category category = Category::shop;
    std::string auth_kind;  // "oauth2", "api_key", "basic", "push"
    std::vector<domain::DataType> data_types;
    std::vector<ActionSpec> actions;
    std::vector<domain::FieldSpec> credential_fields;
    std::vector<domain::FieldSpec> settings_fields;
    bool supports(domain::DataType t) const;
    const ActionSpec* action(std::string_view id) const;
};

struct ActionOutcome {
    domain::FieldMap result;
};

// One platform. Behaviour arrives per platform; until then a connector answers
// connector_not_implemented (501) instead of pretending.
class Connector {
  public:
    virtual ~Connector() = default;
    virtual const ConnectorSpec& spec() const = 0;
    // Throws ApiError for expected failures.
    virtual ActionOutcome execute_action(const ActionSpec& action,
                                         const domain::FieldMap& input) = 0;
};

class Registry {
  public:
    void add(std::unique_ptr<Connector> connector);
    Connector* find(std::string_view id) const;
    std::vector<const Connector*> all() const;

  private:
    std::vector<std::unique_ptr<Connector>> connectors_;
};

// Every connector the hub ships, registered once.
std::unique_ptr<Registry> make_registry();

}  // namespace sb::connectors
