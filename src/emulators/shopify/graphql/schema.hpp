#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

// A small dynamic schema: types are tables of fields, each with a return kind (for
// validation and the cost model) and a resolver. The executor knows nothing of Shopify.
namespace sb::emulators::shopify::graphql {

struct Context;

// A resolved object: its GraphQL type name and the record behind it.
struct Entity {
    std::string_view type;
    std::shared_ptr<const void> data;
    template <class T>
    const T& as() const {
        return *static_cast<const T*>(data.get());
    }
};

template <class T>
Entity make_entity(std::string_view type, T value) {
    return Entity{type, std::make_shared<const T>(std::move(value))};
}

struct ConnectionResult {
    std::vector<Entity> nodes;
    std::vector<std::string> cursors;
    bool has_next = false;
    bool has_previous = false;
    // Bulk runs: visits every node instead of a page; stops when the visitor returns false.
    std::function<void(const std::function<bool(const Entity&)>&)> stream;
};

// null (json null), a scalar (json), an object, a list of objects, or a connection.
using Result = std::variant<boost::json::value, Entity, std::vector<Entity>, ConnectionResult>;

enum class FieldKind { scalar, object, list, connection };

// A field error raised by a resolver; becomes an entry of "errors" with the field's path.
struct FieldError {
    std::string message;
    std::string code;  // extensions.code, may be empty
    boost::json::object extensions;
};

using Args = boost::json::object;
using Resolver = std::function<Result(const Entity& parent, const Args& args, Context& ctx)>;

struct FieldDef {
    std::string name;
    FieldKind kind = FieldKind::scalar;
    std::string type;                    // the named return type (node type for connections)
    std::vector<std::string> arguments;  // accepted argument names
    std::vector<std::string> required;   // arguments that must be given
    Resolver resolve;
    int cost = -1;      // -1: the default for the kind
    std::string scope;  // access scope needed (root fields), e.g. "read_orders"
};

struct TypeDef {
    std::string name;
    bool is_interface = false;
    std::map<std::string, FieldDef, std::less<>> fields;
    std::vector<std::string> interfaces;
    const FieldDef* field(std::string_view n) const {
        auto it = fields.find(n);
        return it == fields.end() ? nullptr : &it->second;
    }
};

class Schema {
  public:
    TypeDef& type(const std::string& name);  // creates on first use
    const TypeDef* find(std::string_view name) const;
    // True when an object of `runtime` satisfies a fragment on `condition`.
    bool satisfies(std::string_view runtime, std::string_view condition) const;
    // Adds a field to a type (replacing one of the same name).
    void field(const std::string& type_name, FieldDef def);

  private:
    std::map<std::string, TypeDef, std::less<>> types_;
};

// Per request: what the executor records and what resolvers may read.
struct Context {
    const void* env = nullptr;  // the application's services, cast by its resolvers
    bool bulk = false;          // inside a bulk run: connections are unbounded
    int depth = 0;              // connection nesting during bulk runs
    double actual_cost = 0;
    std::vector<std::string> scopes;  // granted access scopes
};

}  // namespace sb::emulators::shopify::graphql
