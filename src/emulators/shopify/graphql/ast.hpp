#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

// The executable subset of the GraphQL document grammar (October 2021 spec): operations,
// variables, fragments, inline fragments, aliases, arguments and directives.
namespace sb::emulators::shopify::graphql {

struct Location {
    int line = 1;
    int column = 1;
};

struct Value;
using ValuePtr = std::shared_ptr<Value>;

struct Value {
    enum class Kind {
        null,
        integer,
        floating,
        string,
        boolean,
        enumeration,
        list,
        object,
        variable
    };
    Kind kind = Kind::null;
    std::string text;  // int/float literal text, string contents, enum or variable name
    bool boolean = false;
    std::vector<ValuePtr> list;
    std::vector<std::pair<std::string, ValuePtr>> fields;
    Location loc;
};

struct Argument {
    std::string name;
    ValuePtr value;
    Location loc;
};

struct Directive {
    std::string name;
    std::vector<Argument> arguments;
};

struct Selection;
using SelectionSet = std::vector<Selection>;

struct Selection {
    enum class Kind { field, fragment_spread, inline_fragment };
    Kind kind = Kind::field;
    std::string alias;           // empty: the response key is the name
    std::string name;            // field name, or fragment name for spreads
    std::string type_condition;  // inline fragments; empty: none
    std::vector<Argument> arguments;
    std::vector<Directive> directives;
    SelectionSet selections;
    Location loc;
    const std::string& response_key() const { return alias.empty() ? name : alias; }
};

struct TypeRef {
    std::string name;             // named type, or empty for a list
    std::shared_ptr<TypeRef> of;  // list element
    bool non_null = false;
};

struct VariableDefinition {
    std::string name;
    TypeRef type;
    ValuePtr default_value;
    Location loc;
};

struct Operation {
    std::string type = "query";  // query | mutation | subscription
    std::string name;
    std::vector<VariableDefinition> variables;
    std::vector<Directive> directives;
    SelectionSet selections;
    Location loc;
};

struct Fragment {
    std::string name;
    std::string type_condition;
    SelectionSet selections;
    Location loc;
};

struct Document {
    std::vector<Operation> operations;
    std::vector<Fragment> fragments;
    const Fragment* fragment(const std::string& name) const {
        for (const auto& f : fragments) {
            if (f.name == name)
                return &f;
        }
        return nullptr;
    }
};

std::string type_to_string(const TypeRef& t);

}  // namespace sb::emulators::shopify::graphql
