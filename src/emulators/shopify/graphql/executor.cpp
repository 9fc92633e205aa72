#include "emulators/shopify/graphql/executor.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <set>

namespace sb::emulators::shopify::graphql {

namespace json = boost::json;

namespace {

json::object location_of(const Location& l) {
    return {{"line", l.line}, {"column", l.column}};
}

json::object make_error(std::string message, const Location& loc, json::array path,
                        json::object ext = {}) {
    json::object e;
    e["message"] = std::move(message);
    e["locations"] = json::array{location_of(loc)};
    if (!path.empty())
        e["path"] = std::move(path);
    if (!ext.empty())
        e["extensions"] = std::move(ext);
    return e;
}

bool directives_include(const std::vector<Directive>& ds, const json::object& vars) {
    for (const auto& d : ds) {
        if (d.name != "skip" && d.name != "include")
            continue;
        for (const auto& a : d.arguments) {
            if (a.name != "if")
                continue;
            const json::value v = to_json(*a.value, vars);
            const bool cond = v.is_bool() && v.as_bool();
            if (d.name == "skip" && cond)
                return false;
            if (d.name == "include" && !cond)
                return false;
        }
    }
    return true;
}

json::object args_of(const Selection& s, const json::object& vars) {
    json::object out;
    for (const auto& a : s.arguments)
        out[a.name] = to_json(*a.value, vars);
    return out;
}

std::string connection_type_name(const std::string& node) {
    return node + "Connection";
}

// ---------------------------------------------------------------- static analysis

class Analyzer {
  public:
    Analyzer(const Document& d, const Schema& s, const json::object& vars, bool bulk,
             json::array& errors)
        : doc_(d), schema_(s), vars_(vars), bulk_(bulk), errors_(errors) {}

    // Returns the cost of a selection set on a named type.
    int selection_cost(const SelectionSet& set, const std::string& type, json::array path) {
        const TypeDef* t = schema_.find(type);
        if (!t)
            return 0;
        int total = 0;
        int fragment_max = 0;
        for (const auto& s : set) {
            if (s.kind == Selection::Kind::fragment_spread) {
                const Fragment* f = doc_.fragment(s.name);
                if (!f) {
                    errors_.push_back(
                        make_error("Fragment " + s.name + " was used, but not defined", s.loc, path,
                                   {{"code", "useAndDefineFragment"}, {"fragmentName", s.name}}));
                    continue;
                }
                if (spreading_.count(s.name)) {
                    errors_.push_back(
                        make_error("Fragment " + s.name + " contains an infinite loop", s.loc, path,
                                   {{"code", "infiniteLoop"}, {"fragmentName", s.name}}));
                    continue;
                }
                if (!check_condition(f->type_condition, f->loc, path))
                    continue;
                spreading_.insert(s.name);
                const int c =
                    selection_cost(f->selections,
                                   f->type_condition == type || !schema_.find(f->type_condition)
                                       ? type
                                       : f->type_condition,
                                   path);
                spreading_.erase(s.name);
                if (t->is_interface && f->type_condition != type)
                    fragment_max = std::max(fragment_max, c);
                else
                    total += c;
                continue;
            }
            if (s.kind == Selection::Kind::inline_fragment) {
                const std::string cond = s.type_condition.empty() ? type : s.type_condition;
                if (!check_condition(cond, s.loc, path))
                    continue;
                const int c = selection_cost(s.selections, cond, path);
                if (t->is_interface && cond != type)
                    fragment_max = std::max(fragment_max, c);
                else
                    total += c;
                continue;
            }
            total += field_cost(s, *t, path);
        }
        return total + fragment_max;
    }

  private:
    bool check_condition(const std::string& cond, const Location& loc, const json::array& path) {
        if (schema_.find(cond))
            return true;
        errors_.push_back(
            make_error("No such type " + cond + ", so it can't be a fragment condition", loc, path,
                       {{"code", "undefinedType"}, {"typeName", cond}}));
        return false;
    }

    int field_cost(const Selection& s, const TypeDef& t, json::array path) {
        path.push_back(json::string(s.response_key()));
        if (s.name == "__typename")
            return 0;
        const FieldDef* f = t.field(s.name);
        if (!f) {
            errors_.push_back(make_error(
                "Field '" + s.name + "' doesn't exist on type '" + t.name + "'", s.loc, path,
                {{"code", "undefinedField"}, {"typeName", t.name}, {"fieldName", s.name}}));
            return 0;
        }
        for (const auto& a : s.arguments) {
            if (std::find(f->arguments.begin(), f->arguments.end(), a.name) == f->arguments.end()) {
                errors_.push_back(make_error(
                    "Field '" + s.name + "' doesn't accept argument '" + a.name + "'", a.loc, path,
                    {{"code", "argumentNotAccepted"},
                     {"name", s.name},
                     {"typeName", "Field"},
                     {"argumentName", a.name}}));
            }
            check_variables(*a.value, a.loc, path);
        }
        for (const auto& r : f->required) {
            const bool given = std::any_of(s.arguments.begin(), s.arguments.end(),
                                           [&](const Argument& a) { return a.name == r; });
            if (!given) {
                errors_.push_back(make_error(
                    "Field '" + s.name + "' is missing required arguments: " + r, s.loc, path,
                    {{"code", "missingRequiredArguments"},
                     {"className", "Field"},
                     {"name", s.name},
                     {"arguments", r}}));
            }
        }
        if (f->kind == FieldKind::scalar) {
            if (!s.selections.empty()) {
                errors_.push_back(make_error(
                    "Selections can't be made on scalars (field '" + s.name + "' returns " +
                        f->type + " but has selections [" + selection_names(s.selections) + "])",
                    s.loc, path,
                    {{"code", "selectionMismatch"},
                     {"nodeName", "field '" + s.name + "'"},
                     {"typeName", f->type}}));
            }
            return f->cost < 0 ? 0 : f->cost;
        }
        if (s.selections.empty()) {
            const std::string rt =
                f->kind == FieldKind::connection ? connection_type_name(f->type) : f->type;
            errors_.push_back(
                make_error("Field must have selections (field '" + s.name + "' returns " + rt +
                               " but has no selections. Did you mean '" + s.name + " { ... }'?)",
                           s.loc, path,
                           {{"code", "selectionMismatch"},
                            {"nodeName", "field '" + s.name + "'"},
                            {"typeName", rt}}));
            return 0;
        }
        const int base = f->cost < 0 ? 1 : f->cost;
        if (f->kind != FieldKind::connection)
            return base + selection_cost(s.selections, f->type, path);
        return connection_cost(s, *f, path);
    }

    int connection_cost(const Selection& s, const FieldDef& f, json::array path) {
        const json::object args = args_of(s, vars_);
        std::int64_t n = 0;
        for (const char* k : {"first", "last"}) {
            if (const auto* v = args.if_contains(k); v && v->is_int64())
                n = std::max(n, v->as_int64());
        }
        const bool has_size = args.contains("first") || args.contains("last");
        if (!bulk_ && !has_size &&
            std::find(f.arguments.begin(), f.arguments.end(), "first") != f.arguments.end()) {
            errors_.push_back(make_error("you must provide one of first or last", s.loc, path));
        }
        if (n > 250) {
            errors_.push_back(
                make_error("The maximum page size is 250", s.loc, path, {{"code", "BAD_REQUEST"}}));
        }
        if (bulk_)
            n = 1;
        // Per node: the node object (1) and whatever is selected inside it.
        int per_node = 0;
        bool any_node = false;
        visit_connection(s.selections, f.type, path, per_node, any_node);
        return 2 + static_cast<int>(n) * (any_node ? per_node : 0);
    }

    void visit_connection(const SelectionSet& set, const std::string& node_type, json::array path,
                          int& per_node, bool& any_node) {
        for (const auto& c : set) {
            if (c.kind != Selection::Kind::field) {
                const SelectionSet* inner = &c.selections;
                if (c.kind == Selection::Kind::fragment_spread) {
                    const Fragment* fr = doc_.fragment(c.name);
                    if (!fr)
                        continue;
                    inner = &fr->selections;
                }
                visit_connection(*inner, node_type, path, per_node, any_node);
                continue;
            }
            json::array p = path;
            p.push_back(json::string(c.response_key()));
            if (c.name == "edges") {
                for (const auto& e : c.selections) {
                    if (e.kind != Selection::Kind::field)
                        continue;
                    if (e.name == "node") {
                        any_node = true;
                        per_node =
                            std::max(per_node, 1 + selection_cost(e.selections, node_type, p));
                    } else if (e.name != "cursor" && e.name != "__typename") {
                        unknown(e, node_type + "Edge", p);
                    }
                }
            } else if (c.name == "nodes") {
                any_node = true;
                per_node = std::max(per_node, 1 + selection_cost(c.selections, node_type, p));
            } else if (c.name == "pageInfo") {
                for (const auto& e : c.selections) {
                    static const std::set<std::string> ok{"hasNextPage", "hasPreviousPage",
                                                          "startCursor", "endCursor", "__typename"};
                    if (e.kind == Selection::Kind::field && !ok.count(e.name))
                        unknown(e, "PageInfo", p);
                }
            } else if (c.name != "__typename") {
                unknown(c, connection_type_name(node_type), path);
            }
        }
    }

    void unknown(const Selection& s, const std::string& type, json::array path) {
        path.push_back(json::string(s.response_key()));
        errors_.push_back(
            make_error("Field '" + s.name + "' doesn't exist on type '" + type + "'", s.loc, path,
                       {{"code", "undefinedField"}, {"typeName", type}, {"fieldName", s.name}}));
    }

    void check_variables(const Value& v, const Location& loc, const json::array& path) {
        if (v.kind == Value::Kind::variable && !vars_.contains(v.text) &&
            !declared_.count(v.text)) {
            errors_.push_back(
                make_error("Variable $" + v.text + " is used by anonymous query but not declared",
                           loc, path, {{"code", "variableNotDefined"}, {"variableName", v.text}}));
        }
        for (const auto& e : v.list)
            check_variables(*e, loc, path);
        for (const auto& [k, e] : v.fields)
            check_variables(*e, loc, path);
    }

    static std::string selection_names(const SelectionSet& set) {
        std::string out;
        for (const auto& s : set) {
            if (!out.empty())
                out += ", ";
            out += s.name;
        }
        return out;
    }

  public:
    std::set<std::string> declared_;

  private:
    const Document& doc_;
    const Schema& schema_;
    const json::object& vars_;
    bool bulk_;
    json::array& errors_;
    std::set<std::string> spreading_;
};

bool value_fits(const json::value& v, const TypeRef& t) {
    if (v.is_null())
        return !t.non_null;
    if (t.of) {
        if (!v.is_array())
            return value_fits(v, *t.of);  // input coercion of a single item
        for (const auto& e : v.as_array()) {
            if (!value_fits(e, *t.of))
                return false;
        }
        return true;
    }
    if (t.name == "Int")
        return v.is_int64() || v.is_uint64();
    if (t.name == "Float")
        return v.is_number();
    if (t.name == "Boolean")
        return v.is_bool();
    if (t.name == "String" || t.name == "ID" || t.name == "DateTime" || t.name == "URL") {
        return v.is_string() || (t.name == "ID" && v.is_int64());
    }
    return true;  // enums and input objects: checked by the resolvers
}

// ---------------------------------------------------------------- execution

class Executor {
  public:
    Executor(const Document& d, const Schema& s, const json::object& vars, Context& ctx)
        : doc_(d), schema_(s), vars_(vars), ctx_(ctx) {}

    json::array errors;
    BulkSink* sink = nullptr;
    std::vector<std::string> deferred;  // child lines waiting for the next root line

    // Fields of a selection set that apply to `type`, with fragments merged, in order.
    void collect(const SelectionSet& set, std::string_view type, std::vector<const Selection*>& out,
                 std::set<std::string>& seen_fragments) {
        for (const auto& s : set) {
            if (!directives_include(s.directives, vars_))
                continue;
            if (s.kind == Selection::Kind::field) {
                out.push_back(&s);
            } else if (s.kind == Selection::Kind::inline_fragment) {
                if (schema_.satisfies(type, s.type_condition))
                    collect(s.selections, type, out, seen_fragments);
            } else {
                const Fragment* f = doc_.fragment(s.name);
                if (!f || seen_fragments.count(s.name))
                    continue;
                if (!schema_.satisfies(type, f->type_condition))
                    continue;
                seen_fragments.insert(s.name);
                collect(f->selections, type, out, seen_fragments);
            }
        }
    }

    json::value object(const Entity& e, const SelectionSet& set, json::array& path,
                       bool bulk_root = false, const std::string* parent_id = nullptr) {
        std::vector<const Selection*> fields;
        std::set<std::string> seen;
        collect(set, e.type, fields, seen);
        const TypeDef* t = schema_.find(e.type);
        json::object out;
        std::vector<std::pair<const Selection*, const FieldDef*>>
            nested;  // bulk: child connections
        for (const Selection* s : fields) {
            const std::string& key = s->response_key();
            if (s->name == "__typename") {
                out[key] = json::string(e.type);
                continue;
            }
            const FieldDef* f = t ? t->field(s->name) : nullptr;
            if (!f)
                continue;  // validated before; interfaces may not have it at runtime
            if (sink && f->kind == FieldKind::connection) {
                nested.emplace_back(s, f);
                continue;
            }
            path.push_back(json::string(key));
            out[key] = field(e, *s, *f, path);
            path.pop_back();
        }
        if (sink) {
            if (parent_id)
                out["__parentId"] = *parent_id;
            if (!nested.empty()) {
                std::string id;
                if (auto* v = out.if_contains("id"); v && v->is_string()) {
                    id = std::string(v->as_string());
                } else if (const FieldDef* idf = t ? t->field("id") : nullptr) {
                    auto r = idf->resolve(e, {}, ctx_);
                    if (auto* j = std::get_if<json::value>(&r); j && j->is_string())
                        id = std::string(j->as_string());
                }
                for (const auto& [s, f] : nested)
                    bulk_children(e, *s, *f, id, path);
            }
        }
        (void)bulk_root;
        return out;
    }

    json::value field(const Entity& parent, const Selection& s, const FieldDef& f,
                      json::array& path) {
        Result r;
        try {
            r = f.resolve(parent, args_of(s, vars_), ctx_);
        } catch (const FieldError& fe) {
            json::object ext = fe.extensions;
            if (!fe.code.empty())
                ext["code"] = fe.code;
            errors.push_back(make_error(fe.message, s.loc, path, std::move(ext)));
            return nullptr;
        }
        return complete(r, s, f, path);
    }

    json::value complete(Result& r, const Selection& s, const FieldDef& f, json::array& path) {
        if (auto* j = std::get_if<json::value>(&r))
            return std::move(*j);
        if (auto* e = std::get_if<Entity>(&r)) {
            ctx_.actual_cost += 1;
            return object(*e, s.selections, path);
        }
        if (auto* list = std::get_if<std::vector<Entity>>(&r)) {
            json::array a;
            for (std::size_t i = 0; i < list->size(); ++i) {
                if (!(*list)[i].data) {
                    a.push_back(nullptr);  // e.g. nodes(ids:) with an unknown id
                    continue;
                }
                path.push_back(static_cast<std::int64_t>(i));
                ctx_.actual_cost += 1;
                a.push_back(object((*list)[i], s.selections, path));
                path.pop_back();
            }
            return a;
        }
        auto& c = std::get<ConnectionResult>(r);
        ctx_.actual_cost += 2;
        return connection(c, s.selections, f.type, path);
    }

    json::value connection(ConnectionResult& c, const SelectionSet& set,
                           const std::string& node_type, json::array& path) {
        std::vector<const Selection*> fields;
        std::set<std::string> seen;
        collect(set, connection_type_name(node_type), fields, seen);
        json::object out;
        for (const Selection* s : fields) {
            const std::string& key = s->response_key();
            path.push_back(json::string(key));
            if (s->name == "__typename") {
                out[key] = connection_type_name(node_type);
            } else if (s->name == "nodes") {
                json::array a;
                for (std::size_t i = 0; i < c.nodes.size(); ++i) {
                    path.push_back(static_cast<std::int64_t>(i));
                    ctx_.actual_cost += 1;
                    a.push_back(object(c.nodes[i], s->selections, path));
                    path.pop_back();
                }
                out[key] = std::move(a);
            } else if (s->name == "edges") {
                json::array a;
                for (std::size_t i = 0; i < c.nodes.size(); ++i) {
                    path.push_back(static_cast<std::int64_t>(i));
                    json::object edge;
                    std::vector<const Selection*> ef;
                    std::set<std::string> seen2;
                    collect(s->selections, node_type + "Edge", ef, seen2);
                    for (const Selection* es : ef) {
                        const std::string& ek = es->response_key();
                        if (es->name == "cursor") {
                            edge[ek] = c.cursors[i];
                        } else if (es->name == "node") {
                            path.push_back(json::string(ek));
                            ctx_.actual_cost += 1;
                            edge[ek] = object(c.nodes[i], es->selections, path);
                            path.pop_back();
                        } else if (es->name == "__typename") {
                            edge[ek] = node_type + "Edge";
                        }
                    }
                    a.push_back(std::move(edge));
                    path.pop_back();
                }
                out[key] = std::move(a);
            } else if (s->name == "pageInfo") {
                json::object pi;
                std::vector<const Selection*> pf;
                std::set<std::string> seen3;
                collect(s->selections, "PageInfo", pf, seen3);
                for (const Selection* ps : pf) {
                    const std::string& pk = ps->response_key();
                    if (ps->name == "hasNextPage")
                        pi[pk] = c.has_next;
                    else if (ps->name == "hasPreviousPage")
                        pi[pk] = c.has_previous;
                    else if (ps->name == "startCursor")
                        pi[pk] = c.cursors.empty() ? json::value(nullptr)
                                                   : json::value(c.cursors.front());
                    else if (ps->name == "endCursor")
                        pi[pk] = c.cursors.empty() ? json::value(nullptr)
                                                   : json::value(c.cursors.back());
                    else if (ps->name == "__typename")
                        pi[pk] = "PageInfo";
                }
                out[key] = std::move(pi);
            }
            path.pop_back();
        }
        return out;
    }

    // The node selection of a connection selection (edges { node } or nodes), merged.
    SelectionSet node_selection(const SelectionSet& set) {
        SelectionSet out;
        for (const auto& s : set) {
            if (s.kind == Selection::Kind::fragment_spread) {
                if (const Fragment* f = doc_.fragment(s.name)) {
                    auto inner = node_selection(f->selections);
                    out.insert(out.end(), inner.begin(), inner.end());
                }
                continue;
            }
            if (s.kind == Selection::Kind::inline_fragment) {
                auto inner = node_selection(s.selections);
                out.insert(out.end(), inner.begin(), inner.end());
                continue;
            }
            if (s.name == "nodes")
                out.insert(out.end(), s.selections.begin(), s.selections.end());
            if (s.name == "edges") {
                for (const auto& e : s.selections) {
                    if (e.kind == Selection::Kind::field && e.name == "node") {
                        out.insert(out.end(), e.selections.begin(), e.selections.end());
                    }
                }
            }
        }
        return out;
    }

    void bulk_children(const Entity& parent, const Selection& s, const FieldDef& f,
                       const std::string& parent_id, json::array& path) {
        Result r;
        ++ctx_.depth;
        try {
            r = f.resolve(parent, args_of(s, vars_), ctx_);
        } catch (const FieldError&) {
            --ctx_.depth;
            return;
        }
        --ctx_.depth;
        auto* c = std::get_if<ConnectionResult>(&r);
        if (!c)
            return;
        const SelectionSet nodes = node_selection(s.selections);
        auto emit = [&](const Entity& child) {
            json::value line = object(child, nodes, path, false, &parent_id);
            deferred.push_back(json::serialize(line));
            return true;
        };
        if (c->stream) {
            c->stream(emit);
        } else {
            for (const auto& n : c->nodes)
                emit(n);
        }
    }

  private:
    const Document& doc_;
    const Schema& schema_;
    const json::object& vars_;
    Context& ctx_;
};

}  // namespace

json::value to_json(const Value& v, const json::object& vars) {
    switch (v.kind) {
        case Value::Kind::null:
            return nullptr;
        case Value::Kind::integer: {
            std::int64_t n = 0;
            std::from_chars(v.text.data(), v.text.data() + v.text.size(), n);
            return n;
        }
        case Value::Kind::floating:
            return std::strtod(v.text.c_str(), nullptr);
        case Value::Kind::string:
        case Value::Kind::enumeration:
            return json::string(v.text);
        case Value::Kind::boolean:
            return v.boolean;
        case Value::Kind::variable: {
            const auto* x = vars.if_contains(v.text);
            return x ? *x : json::value(nullptr);
        }
        case Value::Kind::list: {
            json::array a;
            for (const auto& e : v.list)
                a.push_back(to_json(*e, vars));
            return a;
        }
        case Value::Kind::object: {
            json::object o;
            for (const auto& [k, e] : v.fields)
                o[k] = to_json(*e, vars);
            return o;
        }
    }
    return nullptr;
}

Analysis analyze(const Document& doc, const std::string& name, const json::object& variables,
                 const Schema& schema, bool bulk) {
    Analysis a;
    if (doc.operations.empty()) {
        a.errors.push_back(
            json::object{{"message", "Document must contain at least one operation"}});
        return a;
    }
    if (name.empty()) {
        if (doc.operations.size() > 1) {
            a.errors.push_back(
                json::object{{"message", "An operation name is required"},
                             {"extensions", json::object{{"code", "OPERATION_NAME_REQUIRED"}}}});
            return a;
        }
        a.operation = &doc.operations.front();
    } else {
        for (const auto& op : doc.operations) {
            if (op.name == name)
                a.operation = &op;
        }
        if (!a.operation) {
            a.errors.push_back(json::object{{"message", "No operation named \"" + name + "\""}});
            return a;
        }
    }
    const Operation& op = *a.operation;
    for (const auto& vd : op.variables) {
        const json::value* given = variables.if_contains(vd.name);
        json::value v =
            given ? *given
                  : (vd.default_value ? to_json(*vd.default_value, {}) : json::value(nullptr));
        if (!given && !vd.default_value && vd.type.non_null) {
            a.errors.push_back(make_error(
                "Variable $" + vd.name + " of type " + type_to_string(vd.type) +
                    " was provided invalid value",
                vd.loc, {},
                {{"code", "INVALID_VARIABLE"},
                 {"value", nullptr},
                 {"problems",
                  json::array{json::object{{"path", json::array{}},
                                           {"explanation", "Expected value to not be null"}}}}}));
            continue;
        }
        if (!value_fits(v, vd.type)) {
            a.errors.push_back(make_error(
                "Variable $" + vd.name + " of type " + type_to_string(vd.type) +
                    " was provided invalid value",
                vd.loc, {},
                {{"code", "INVALID_VARIABLE"},
                 {"value", v},
                 {"problems", json::array{json::object{
                                  {"path", json::array{}},
                                  {"explanation", "Could not coerce value " + json::serialize(v) +
                                                      " to " + type_to_string(vd.type)}}}}}));
            continue;
        }
        a.variables[vd.name] = std::move(v);
    }
    if (!a.errors.empty())
        return a;
    if (op.type == "subscription") {
        a.errors.push_back(json::object{{"message", "Subscriptions are not supported"}});
        return a;
    }
    const std::string root = op.type == "mutation" ? "Mutation" : "QueryRoot";
    Analyzer an(doc, schema, a.variables, bulk, a.errors);
    for (const auto& vd : op.variables)
        an.declared_.insert(vd.name);
    json::array path{json::string(op.type)};
    if (op.type == "mutation") {
        // Each mutation field costs 10, whatever it selects.
        int cost = 0;
        for (const auto& s : op.selections) {
            if (s.kind != Selection::Kind::field || s.name == "__typename")
                continue;
            json::array p = path;
            const TypeDef* t = schema.find(root);
            SelectionSet one{s};
            an.selection_cost(one, root, p);
            if (t && t->field(s.name))
                cost += 10;
            a.root_fields.push_back(s.name);
        }
        a.requested_cost = cost;
    } else {
        a.requested_cost = an.selection_cost(op.selections, root, path);
        for (const auto& s : op.selections) {
            if (s.kind == Selection::Kind::field)
                a.root_fields.push_back(s.name);
        }
    }
    for (const auto& f : doc.fragments) {
        if (!schema.find(f.type_condition)) {
            a.errors.push_back(make_error(
                "No such type " + f.type_condition + ", so it can't be a fragment condition", f.loc,
                {}, {{"code", "undefinedType"}, {"typeName", f.type_condition}}));
        }
    }
    return a;
}

Execution execute(const Document& doc, const Analysis& a, const Schema& schema, Context& ctx) {
    Execution out;
    Executor ex(doc, schema, a.variables, ctx);
    const std::string root = a.operation->type == "mutation" ? "Mutation" : "QueryRoot";
    static const int k_root = 0;
    Entity root_entity{schema.find(root)->name,
                       std::shared_ptr<const void>(&k_root, [](const void*) {})};
    json::array path;
    const double before = ctx.actual_cost;
    out.data = ex.object(root_entity, a.operation->selections, path);
    // The root object itself is not billed.
    ctx.actual_cost = std::max(before, ctx.actual_cost);
    if (a.operation->type == "mutation")
        ctx.actual_cost = a.requested_cost;
    out.errors = std::move(ex.errors);
    return out;
}

std::string execute_bulk(const Document& doc, const Analysis& a, const Schema& schema, Context& ctx,
                         BulkSink& sink) {
    if (a.operation->type != "query")
        return "Bulk operations only run queries";
    const TypeDef* root = schema.find("QueryRoot");
    Executor ex(doc, schema, a.variables, ctx);
    ex.sink = &sink;
    ctx.bulk = true;
    const Selection* conn = nullptr;
    for (const auto& s : a.operation->selections) {
        if (s.kind != Selection::Kind::field)
            continue;
        const FieldDef* f = root->field(s.name);
        if (f && f->kind == FieldKind::connection) {
            if (conn)
                return "Bulk queries cannot contain more than one top-level connection";
            conn = &s;
        }
    }
    if (!conn)
        return "Bulk queries must contain at least one connection.";
    const FieldDef* f = root->field(conn->name);
    static const int k_root = 0;
    Entity root_entity{root->name, std::shared_ptr<const void>(&k_root, [](const void*) {})};
    Result r = f->resolve(root_entity, args_of(*conn, a.variables), ctx);
    auto* c = std::get_if<ConnectionResult>(&r);
    if (!c)
        return "Bulk query root must be a connection";
    const SelectionSet nodes = ex.node_selection(conn->selections);
    json::array path;
    std::vector<std::string> pending;
    auto flush = [&](std::vector<std::string>& lines) {
        for (const auto& l : lines) {
            sink.write(l);
            ++sink.objects;
        }
        lines.clear();
    };
    bool stopped = false;
    auto visit = [&](const Entity& e) {
        if (sink.cancelled && sink.cancelled()) {
            stopped = true;
            return false;
        }
        json::value line = ex.object(e, nodes, path, true);
        sink.write(json::serialize(line));
        ++sink.objects;
        ++sink.roots;
        flush(pending);  // the previous root's children come after this root
        pending.swap(ex.deferred);
        return true;
    };
    if (c->stream) {
        c->stream(visit);
    } else {
        for (const auto& n : c->nodes) {
            if (!visit(n))
                break;
        }
    }
    flush(pending);
    return stopped ? "cancelled" : "";
}

}  // namespace sb::emulators::shopify::graphql
