#include "emulators/shopify/graphql/validator.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <set>

#include "emulators/shopify/graphql/executor.hpp"

namespace sb::emulators::shopify::graphql {

namespace json = boost::json;

namespace {

json::object error(std::string message, const Location& loc, const json::array& path,
                   json::object ext) {
    json::object e;
    e["message"] = std::move(message);
    e["locations"] = json::array{json::object{{"line", loc.line}, {"column", loc.column}}};
    if (!path.empty())
        e["path"] = path;
    e["extensions"] = std::move(ext);
    return e;
}

std::string names_of(const SelectionSet& set) {
    std::string out;
    for (const auto& s : set)
        out += (out.empty() ? "" : ", ") + s.name;
    return out;
}

std::string literal_text(const Value& v) {
    switch (v.kind) {
        case Value::Kind::null:
            return "null";
        case Value::Kind::string:
            return json::serialize(json::string(v.text));
        case Value::Kind::boolean:
            return v.boolean ? "true" : "false";
        case Value::Kind::variable:
            return "$" + v.text;
        case Value::Kind::list: {
            std::string out = "[";
            for (const auto& e : v.list)
                out += (out.size() > 1 ? ", " : "") + literal_text(*e);
            return out + "]";
        }
        case Value::Kind::object: {
            std::string out = "{";
            for (const auto& [k, e] : v.fields)
                out += (out.size() > 1 ? ", " : "") + k + ": " + literal_text(*e);
            return out + "}";
        }
        default:
            return v.text;
    }
}

bool numeric_scalar(std::string_view n) {
    return n == "Decimal" || n == "Money" || n == "UnsignedInt64" || n == "BigInt";
}

// Whether a variable of type `var` may stand where `loc` is expected (spec 5.8.5).
bool subtype(const TypeRef& var, const TypeRef& loc) {
    if (loc.non_null) {
        if (!var.non_null)
            return false;
        TypeRef v = var, l = loc;
        v.non_null = l.non_null = false;
        return subtype(v, l);
    }
    if (var.non_null) {
        TypeRef v = var;
        v.non_null = false;
        return subtype(v, loc);
    }
    if (loc.of)
        return var.of && subtype(*var.of, *loc.of);
    if (var.of)
        return false;
    return var.name == loc.name;
}

class Validator {
  public:
    Validator(const Document& d, const Schema& s, json::array& errors)
        : doc_(d), schema_(s), errors_(errors) {}

    std::set<std::string> deprecated;  // "Type.field" of every deprecated field selected
    std::set<std::string> unresolved;  // "Type.field" selected that no resolver backs

    void run() {
        std::set<std::string> op_names;
        for (const auto& op : doc_.operations) {
            if (!op.name.empty() && !op_names.insert(op.name).second) {
                errors_.push_back(
                    error("Operation name \"" + op.name + "\" must be unique", op.loc, {},
                          {{"code", "uniquelyNamedOperations"}, {"operationName", op.name}}));
            }
            if (op.name.empty() && doc_.operations.size() > 1) {
                errors_.push_back(
                    error("Operation name is required when multiple operations "
                          "are present",
                          op.loc, {}, {{"code", "uniquelyNamedOperations"}}));
            }
            operation(op);
        }
        for (const auto& f : doc_.fragments) {
            if (!used_fragments_.count(f.name)) {
                errors_.push_back(
                    error("Fragment " + f.name + " was defined, but not used", f.loc, {},
                          {{"code", "useAndDefineFragment"}, {"fragmentName", f.name}}));
            }
        }
    }

  private:
    void operation(const Operation& op) {
        op_ = &op;
        vars_.clear();
        used_vars_.clear();
        const std::string root = op.type == "mutation" ? schema_.mutation_type()
                                 : op.type == "query"  ? schema_.query_type()
                                                       : std::string();
        const TypeDef* rt = root.empty() ? nullptr : schema_.find(root);
        if (!rt) {
            errors_.push_back(error("Schema is not configured for " + op.type + "s", op.loc, {},
                                    {{"code", "missingRootType"}, {"operationName", op.name}}));
            return;
        }
        for (const auto& vd : op.variables) {
            if (vars_.count(vd.name)) {
                errors_.push_back(
                    error("There can only be one variable named \"" + vd.name + "\"", vd.loc, {},
                          {{"code", "variableNotUnique"}, {"variableName", vd.name}}));
            }
            vars_[vd.name] = &vd;
            const TypeDef* t = schema_.find(named_type(vd.type));
            if (!t) {
                errors_.push_back(
                    error(named_type(vd.type) + " isn't a defined input type (on $" + vd.name + ")",
                          vd.loc, {},
                          {{"code", "variableRequiresValidType"},
                           {"typeName", named_type(vd.type)},
                           {"variableName", vd.name}}));
            } else if (!t->is_input()) {
                errors_.push_back(
                    error(named_type(vd.type) + " isn't a valid input type (on $" + vd.name + ")",
                          vd.loc, {},
                          {{"code", "variableRequiresValidType"},
                           {"typeName", named_type(vd.type)},
                           {"variableName", vd.name}}));
            } else if (vd.default_value) {
                literal(*vd.default_value, vd.type, vd.loc, {}, "$" + vd.name, "Variable");
            }
        }
        directives(op.directives, {});
        selections(op.selections, *rt, json::array{json::string(op.type)});
        for (const auto& vd : op.variables) {
            if (!used_vars_.count(vd.name)) {
                errors_.push_back(error(
                    "Variable $" + vd.name + " is declared by " + op_label() + " but not used",
                    vd.loc, json::array{json::string(op.type)},
                    {{"code", "variableNotUsed"}, {"variableName", vd.name}}));
            }
        }
    }

    std::string op_label() const {
        return op_->name.empty() ? "anonymous " + op_->type : op_->name;
    }

    void selections(const SelectionSet& set, const TypeDef& parent, const json::array& path) {
        for (const auto& s : set) {
            directives(s.directives, path);
            if (s.kind == Selection::Kind::field) {
                field(s, parent, path);
            } else if (s.kind == Selection::Kind::inline_fragment) {
                const std::string cond = s.type_condition.empty() ? parent.name : s.type_condition;
                if (const TypeDef* t = condition(cond, parent, s.loc, path))
                    selections(s.selections, *t, path);
            } else {
                spread(s, parent, path);
            }
        }
    }

    void spread(const Selection& s, const TypeDef& parent, const json::array& path) {
        const Fragment* f = doc_.fragment(s.name);
        if (!f) {
            errors_.push_back(error("Fragment " + s.name + " was used, but not defined", s.loc,
                                    path,
                                    {{"code", "useAndDefineFragment"}, {"fragmentName", s.name}}));
            return;
        }
        used_fragments_.insert(f->name);
        if (std::find(spreading_.begin(), spreading_.end(), f->name) != spreading_.end()) {
            errors_.push_back(error("Fragment " + f->name + " contains an infinite loop", s.loc,
                                    path, {{"code", "infiniteLoop"}, {"fragmentName", f->name}}));
            return;
        }
        const TypeDef* t = condition(f->type_condition, parent, f->loc, path);
        if (!t)
            return;
        spreading_.push_back(f->name);
        selections(f->selections, *t, path);
        spreading_.pop_back();
    }

    const TypeDef* condition(const std::string& cond, const TypeDef& parent, const Location& loc,
                             const json::array& path) {
        const TypeDef* t = schema_.find(cond);
        if (!t) {
            errors_.push_back(
                error("No such type " + cond + ", so it can't be a fragment condition", loc, path,
                      {{"code", "undefinedType"}, {"typeName", cond}}));
            return nullptr;
        }
        if (!t->is_composite()) {
            errors_.push_back(error("Invalid fragment on type " + cond +
                                        " (must be Union, "
                                        "Interface or Object)",
                                    loc, path,
                                    {{"code", "fragmentOnNonCompositeType"}, {"typeName", cond}}));
            return nullptr;
        }
        const auto a = schema_.possible_types(cond);
        const auto b = schema_.possible_types(parent.name);
        const bool overlap = std::any_of(a.begin(), a.end(), [&](const std::string& x) {
            return std::find(b.begin(), b.end(), x) != b.end();
        });
        if (!overlap) {
            errors_.push_back(
                error("Fragment on " + cond + " can't be spread inside " + parent.name, loc, path,
                      {{"code", "cannotSpreadFragment"},
                       {"typeName", cond},
                       {"parentName", parent.name}}));
            return nullptr;
        }
        return t;
    }

    void field(const Selection& s, const TypeDef& parent, json::array path) {
        path.push_back(json::string(s.response_key()));
        if (s.name == "__typename") {
            if (!s.selections.empty())
                leaf_error(s, "String", path);
            return;
        }
        const FieldDef* f = parent.field(s.name);
        if (f && f->deprecated)
            deprecated.insert(parent.name + "." + s.name);
        // Connections, their edges and page info are the executor's own.
        if (f && !f->resolve && !parent.name.ends_with("Connection") &&
            !parent.name.ends_with("Edge") && parent.name != "PageInfo")
            unresolved.insert(parent.name + "." + s.name);
        if (!f) {
            const std::string msg =
                parent.kind == TypeKind::union_type
                    ? "Selections can't be made directly on unions (see selections on " +
                          parent.name + ")"
                    : "Field '" + s.name + "' doesn't exist on type '" + parent.name + "'";
            errors_.push_back(
                error(msg, s.loc, path,
                      {{"code", parent.kind == TypeKind::union_type ? "selectionMismatch"
                                                                    : "undefinedField"},
                       {"typeName", parent.name},
                       {"fieldName", s.name}}));
            return;
        }
        std::set<std::string> given;
        for (const auto& a : s.arguments) {
            if (!given.insert(a.name).second) {
                errors_.push_back(error("There can be only one argument named \"" + a.name + "\"",
                                        a.loc, path,
                                        {{"code", "argumentNotUnique"}, {"argumentName", a.name}}));
            }
            const InputValueDef* def = f->arg(a.name);
            if (!def) {
                errors_.push_back(error(
                    "Field '" + s.name + "' doesn't accept argument '" + a.name + "'", a.loc, path,
                    {{"code", "argumentNotAccepted"},
                     {"name", s.name},
                     {"typeName", "Field"},
                     {"argumentName", a.name}}));
                continue;
            }
            argument(*a.value, *def, a.loc, path, s.name);
        }
        std::string missing;
        for (const auto& def : f->args) {
            if (def.type.non_null && !def.has_default && !given.count(def.name))
                missing += (missing.empty() ? "" : ", ") + def.name;
        }
        if (!missing.empty()) {
            errors_.push_back(error(
                "Field '" + s.name + "' is missing required arguments: " + missing, s.loc, path,
                {{"code", "missingRequiredArguments"},
                 {"className", "Field"},
                 {"name", s.name},
                 {"arguments", missing}}));
        }
        const TypeDef* rt = schema_.find(named_type(f->type_ref));
        if (rt && rt->is_composite()) {
            if (s.selections.empty()) {
                errors_.push_back(error("Field must have selections (field '" + s.name +
                                            "' returns " + type_to_string(f->type_ref) +
                                            " but has no selections. Did you mean '" + s.name +
                                            " { ... }'?)",
                                        s.loc, path,
                                        {{"code", "selectionMismatch"},
                                         {"nodeName", "field '" + s.name + "'"},
                                         {"typeName", type_to_string(f->type_ref)}}));
                return;
            }
            selections(s.selections, *rt, path);
        } else if (!s.selections.empty()) {
            leaf_error(s, type_to_string(f->type_ref), path);
        }
    }

    void leaf_error(const Selection& s, const std::string& type, const json::array& path) {
        errors_.push_back(error("Selections can't be made on scalars (field '" + s.name +
                                    "' returns " + type + " but has selections [" +
                                    names_of(s.selections) + "])",
                                s.loc, path,
                                {{"code", "selectionMismatch"},
                                 {"nodeName", "field '" + s.name + "'"},
                                 {"typeName", type}}));
    }

    void argument(const Value& v, const InputValueDef& def, const Location& loc,
                  const json::array& path, const std::string& field_name) {
        literal(v, def.type, loc, path, def.name, field_name, def.has_default);
    }

    // Checks a literal (or a variable) where `expected` stands; `where` names it for errors.
    void literal(const Value& v, const TypeRef& expected, const Location& loc,
                 const json::array& path, const std::string& arg, const std::string& field_name,
                 bool has_default = false) {
        if (v.kind == Value::Kind::variable) {
            variable_use(v, expected, has_default, loc, path, arg);
            return;
        }
        if (!fits(v, expected)) {
            errors_.push_back(
                error("Argument '" + arg + "' on " +
                          (field_name == "Variable" ? "Variable" : "Field '" + field_name + "'") +
                          " has an invalid value (" + literal_text(v) + "). Expected type '" +
                          type_to_string(expected) + "'.",
                      loc, path,
                      {{"code", "argumentLiteralsIncompatible"},
                       {"typeName", field_name == "Variable" ? "Variable" : "Field"},
                       {"argumentName", arg}}));
        }
    }

    void variable_use(const Value& v, const TypeRef& expected, bool loc_default,
                      const Location& loc, const json::array& path, const std::string& arg) {
        used_vars_.insert(v.text);
        auto it = vars_.find(v.text);
        if (it == vars_.end()) {
            errors_.push_back(
                error("Variable $" + v.text + " is used by " + op_label() + " but not declared",
                      loc, path, {{"code", "variableNotDefined"}, {"variableName", v.text}}));
            return;
        }
        const VariableDefinition& vd = *it->second;
        TypeRef var = vd.type;
        // A nullable variable with a default may stand where a non-null value is expected.
        if (expected.non_null && !var.non_null && (vd.default_value || loc_default))
            var.non_null = true;
        if (!subtype(var, expected)) {
            errors_.push_back(error("Type mismatch on variable $" + v.text + " and argument " +
                                        arg + " (" + type_to_string(vd.type) + " / " +
                                        type_to_string(expected) + ")",
                                    loc, path,
                                    {{"code", "variableMismatch"},
                                     {"variableName", v.text},
                                     {"typeName", type_to_string(vd.type)},
                                     {"argumentName", arg},
                                     {"errorMessage", "Type mismatch"}}));
        }
    }

    // Literal values (spec 5.6.1); variables nested inside lists and objects are checked
    // for their position as well.
    bool fits(const Value& v, const TypeRef& t) {
        if (v.kind == Value::Kind::variable) {
            variable_use(v, t, false, v.loc, {}, "$" + v.text);
            return true;
        }
        if (v.kind == Value::Kind::null)
            return !t.non_null;
        if (t.of) {
            if (v.kind != Value::Kind::list)
                return fits(v, *t.of);
            for (const auto& e : v.list) {
                if (!fits(*e, *t.of))
                    return false;
            }
            return true;
        }
        const TypeDef* td = schema_.find(t.name);
        if (!td)
            return false;
        switch (td->kind) {
            case TypeKind::enumeration:
                return v.kind == Value::Kind::enumeration &&
                       std::find(td->enum_values.begin(), td->enum_values.end(), v.text) !=
                           td->enum_values.end();
            case TypeKind::input_object: {
                if (v.kind != Value::Kind::object)
                    return false;
                bool ok = true;
                for (const auto& [k, e] : v.fields) {
                    auto it = td->input_fields.find(k);
                    if (it == td->input_fields.end() || !fits(*e, it->second.type))
                        ok = false;
                }
                for (const auto& [k, def] : td->input_fields) {
                    if (!def.type.non_null || def.has_default)
                        continue;
                    const bool given = std::any_of(v.fields.begin(), v.fields.end(),
                                                   [&](const auto& f) { return f.first == k; });
                    if (!given)
                        ok = false;
                }
                return ok;
            }
            case TypeKind::scalar:
                break;
            default:
                return false;
        }
        const std::string& n = t.name;
        if (n == "Int")
            return v.kind == Value::Kind::integer;
        if (n == "Float")
            return v.kind == Value::Kind::integer || v.kind == Value::Kind::floating;
        if (n == "Boolean")
            return v.kind == Value::Kind::boolean;
        if (n == "ID")
            return v.kind == Value::Kind::string || v.kind == Value::Kind::integer;
        if (n == "JSON")
            return true;
        if (numeric_scalar(n)) {
            return v.kind == Value::Kind::string || v.kind == Value::Kind::integer ||
                   v.kind == Value::Kind::floating;
        }
        return v.kind == Value::Kind::string;
    }

    void directives(const std::vector<Directive>& ds, const json::array& path) {
        for (const auto& d : ds) {
            const auto& all = schema_.introspection();
            const json::object* def = nullptr;
            if (const auto* a = all.if_contains("directives"); a && a->is_array()) {
                for (const auto& x : a->as_array()) {
                    const auto* n = x.as_object().if_contains("name");
                    if (n && n->is_string() && n->as_string() == d.name)
                        def = &x.as_object();
                }
            }
            if (!def) {
                errors_.push_back(
                    error("Directive @" + d.name + " is not defined", {}, path,
                          {{"code", "undefinedDirective"}, {"directiveName", d.name}}));
                continue;
            }
            for (const auto& a : d.arguments) {
                if (a.value->kind == Value::Kind::variable)
                    used_vars_.insert(a.value->text);
            }
        }
    }

    const Document& doc_;
    const Schema& schema_;
    json::array& errors_;
    const Operation* op_ = nullptr;
    std::map<std::string, const VariableDefinition*> vars_;
    std::set<std::string> used_vars_;
    std::set<std::string> used_fragments_;
    std::vector<std::string> spreading_;
};

// ------------------------------------------------------------------ variable coercion

struct Problem {
    json::array path;
    std::string explanation;
};

void coerce(const json::value& v, const TypeRef& t, const Schema& schema, json::array path,
            std::vector<Problem>& problems) {
    if (v.is_null()) {
        if (t.non_null)
            problems.push_back({path, "Expected value to not be null"});
        return;
    }
    if (t.of) {
        if (!v.is_array()) {
            coerce(v, *t.of, schema, path, problems);
            return;
        }
        std::int64_t i = 0;
        for (const auto& e : v.as_array()) {
            json::array p = path;
            p.push_back(i++);
            coerce(e, *t.of, schema, p, problems);
        }
        return;
    }
    const TypeDef* td = schema.find(t.name);
    const std::string bad = "Could not coerce value " + json::serialize(v) + " to " + t.name;
    if (!td) {
        problems.push_back({path, bad});
        return;
    }
    if (td->kind == TypeKind::enumeration) {
        const bool ok =
            v.is_string() && std::find(td->enum_values.begin(), td->enum_values.end(),
                                       std::string_view(v.as_string())) != td->enum_values.end();
        if (!ok) {
            problems.push_back({path, "Expected " + json::serialize(v) + " to be one of: " + [&] {
                                    std::string all;
                                    for (const auto& e : td->enum_values)
                                        all += (all.empty() ? "" : ", ") + e;
                                    return all;
                                }()});
        }
        return;
    }
    if (td->kind == TypeKind::input_object) {
        if (!v.is_object()) {
            problems.push_back({path, bad});
            return;
        }
        for (const auto& [k, e] : v.as_object()) {
            json::array p = path;
            p.push_back(json::string(k));
            auto it = td->input_fields.find(std::string_view(k));
            if (it == td->input_fields.end()) {
                problems.push_back({p, "Field is not defined on " + td->name});
                continue;
            }
            coerce(e, it->second.type, schema, p, problems);
        }
        for (const auto& [k, def] : td->input_fields) {
            if (def.type.non_null && !def.has_default && !v.as_object().contains(k)) {
                json::array p = path;
                p.push_back(json::string(k));
                problems.push_back({p, "Expected value to not be null"});
            }
        }
        return;
    }
    const std::string& n = t.name;
    bool ok = false;
    if (n == "Int")
        ok = v.is_int64() || v.is_uint64() ||
             (v.is_double() && std::floor(v.as_double()) == v.as_double());
    else if (n == "Float")
        ok = v.is_number();
    else if (n == "Boolean")
        ok = v.is_bool();
    else if (n == "ID")
        ok = v.is_string() || v.is_int64() || v.is_uint64();
    else if (n == "JSON")
        ok = true;
    else if (numeric_scalar(n))
        ok = v.is_string() || v.is_number();
    else
        ok = v.is_string();
    if (!ok)
        problems.push_back({path, bad});
}

}  // namespace

json::array validate(const Document& doc, const Schema& schema) {
    json::array errors;
    if (doc.operations.empty()) {
        errors.push_back(json::object{{"message", "Document must contain at least one operation"}});
        return errors;
    }
    Validator(doc, schema, errors).run();
    return errors;
}

std::vector<std::string> deprecated_fields(const Document& doc, const Schema& schema) {
    json::array errors;
    Validator v(doc, schema, errors);
    v.run();
    return {v.deprecated.begin(), v.deprecated.end()};
}

std::vector<std::string> unresolved_fields(const Document& doc, const Schema& schema) {
    json::array errors;
    Validator v(doc, schema, errors);
    v.run();
    return {v.unresolved.begin(), v.unresolved.end()};
}

json::array coerce_variables(const Operation& op, const json::object& given, const Schema& schema,
                             json::object& out) {
    json::array errors;
    for (const auto& vd : op.variables) {
        const json::value* g = given.if_contains(vd.name);
        json::value v =
            g ? *g : (vd.default_value ? to_json(*vd.default_value, {}) : json::value(nullptr));
        std::vector<Problem> problems;
        if (g || vd.default_value || vd.type.non_null)
            coerce(v, vd.type, schema, {}, problems);
        if (!problems.empty()) {
            json::array ps;
            for (auto& p : problems)
                ps.push_back(json::object{{"path", std::move(p.path)},
                                          {"explanation", std::move(p.explanation)}});
            json::object e;
            e["message"] = "Variable $" + vd.name + " of type " + type_to_string(vd.type) +
                           " was provided invalid value";
            e["locations"] =
                json::array{json::object{{"line", vd.loc.line}, {"column", vd.loc.column}}};
            e["extensions"] = json::object{
                {"code", "INVALID_VARIABLE"}, {"value", v}, {"problems", std::move(ps)}};
            errors.push_back(std::move(e));
            continue;
        }
        if (g || vd.default_value)
            out[vd.name] = std::move(v);
    }
    return errors;
}

}  // namespace sb::emulators::shopify::graphql
