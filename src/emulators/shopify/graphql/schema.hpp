#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "emulators/shopify/graphql/ast.hpp"

// A dynamic schema loaded from a published introspection result: every type, field,
// argument, enum value and nullability as published. Resolvers attach to published fields;
// a field without one answers a plausible value of its type (executor.cpp). The executor
// knows nothing of Shopify.
namespace sb::emulators::shopify::graphql {

struct Context;

// A resolved object: its GraphQL type name and the record behind it. A synthetic entity has
// no record: every field of it is made up from `seed`.
struct Entity {
    std::string_view type;
    std::shared_ptr<const void> data;
    std::uint64_t seed = 0;
    bool synthetic = false;
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
enum class TypeKind { scalar, object, interface, union_type, enumeration, input_object };

// A field error raised by a resolver; becomes an entry of "errors" with the field's path.
struct FieldError {
    std::string message;
    std::string code;  // extensions.code, may be empty
    boost::json::object extensions;
};

using Args = boost::json::object;
using Resolver = std::function<Result(const Entity& parent, const Args& args, Context& ctx)>;

// An argument or an input object's field.
struct InputValueDef {
    std::string name;
    TypeRef type;
    bool has_default = false;
};

struct FieldDef {
    std::string name;
    FieldKind kind = FieldKind::scalar;
    std::string type;  // the named return type (node type for connections)
    TypeRef type_ref;  // the return type as published, with its list and non-null wrappers
    std::vector<InputValueDef> args;  // as published
    bool deprecated = false;
    Resolver resolve;   // empty: the executor makes up a value of the field's type
    int cost = -1;      // -1: the default for the kind
    std::string scope;  // access scope needed (root fields), e.g. "read_orders"
    const InputValueDef* arg(std::string_view n) const;
};

struct TypeDef {
    std::string name;
    TypeKind kind = TypeKind::object;
    std::map<std::string, FieldDef, std::less<>> fields;
    std::vector<std::string> interfaces;      // objects and interfaces: what they implement
    std::vector<std::string> possible_types;  // interfaces and unions: the object types
    std::vector<std::string> enum_values;     // enums: every value, deprecated ones too
    std::vector<std::string> deprecated_enum_values;
    std::map<std::string, InputValueDef, std::less<>> input_fields;
    bool is_composite() const {
        return kind == TypeKind::object || kind == TypeKind::interface ||
               kind == TypeKind::union_type;
    }
    bool is_input() const {
        return kind == TypeKind::scalar || kind == TypeKind::enumeration ||
               kind == TypeKind::input_object;
    }
    const FieldDef* field(std::string_view n) const {
        auto it = fields.find(n);
        return it == fields.end() ? nullptr : &it->second;
    }
};

class Schema {
  public:
    // Loads every type of a published introspection result ({"data": {"__schema": …}} or the
    // `__schema` object itself) and answers introspection (`__schema`, `__type`) from it.
    static Schema from_introspection(std::shared_ptr<const boost::json::value> published);

    const TypeDef* find(std::string_view name) const;
    const std::string& query_type() const { return query_type_; }
    const std::string& mutation_type() const { return mutation_type_; }
    // True when an object of `runtime` satisfies a fragment on `condition`.
    bool satisfies(std::string_view runtime, std::string_view condition) const;
    // The object types an object, interface or union type may be at run time.
    std::vector<std::string> possible_types(std::string_view type) const;

    // Attaches a resolver (and cost and scope) to the published field `type.name`. A field
    // this version does not publish is not added: it is remembered in unpublished(), so a
    // test can show which resolvers a version leaves out.
    void field(const std::string& type_name, FieldDef def);
    // Attaches `resolve` to every published field of that name on `type_name` and on every
    // type that implements it (an interface's shared fields, such as Node.id).
    void interface_field(const std::string& type_name, const std::string& name, Resolver resolve);
    const std::vector<std::string>& unpublished() const { return unpublished_; }
    // Resolvers registered with another return type than the published one (the executor
    // answers with the published type's fields).
    const std::vector<std::string>& mismatched() const { return mismatched_; }

    // The published introspection document (`__schema` object).
    const boost::json::object& introspection() const { return *schema_object_; }
    const boost::json::object* introspection_type(std::string_view name) const;

  private:
    bool compatible(std::string_view registered, const FieldDef& published) const;

    std::map<std::string, TypeDef, std::less<>> types_;
    std::map<std::string, const boost::json::object*, std::less<>> published_types_;
    std::shared_ptr<const boost::json::value> published_;
    const boost::json::object* schema_object_ = nullptr;
    std::string query_type_ = "QueryRoot";
    std::string mutation_type_ = "Mutation";
    std::vector<std::string> unpublished_;
    std::vector<std::string> mismatched_;
};

// The named type at the bottom of a type reference.
const std::string& named_type(const TypeRef& t);
bool is_list(const TypeRef& t);

// Per request: what the executor records and what resolvers may read.
struct Context {
    const void* env = nullptr;  // the application's services, cast by its resolvers
    const Schema* schema = nullptr;
    std::uint64_t seed = 1;  // made-up values are a function of it
    bool bulk = false;       // inside a bulk run: connections are unbounded
    int depth = 0;           // connection nesting during bulk runs
    double actual_cost = 0;
    std::vector<std::string> scopes;  // granted access scopes
    bool used_deprecated = false;     // the request selected a deprecated field
};

}  // namespace sb::emulators::shopify::graphql
