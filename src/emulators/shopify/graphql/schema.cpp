#include "emulators/shopify/graphql/schema.hpp"

#include <algorithm>
#include <stdexcept>

#include "emulators/shopify/graphql/introspection.hpp"

namespace sb::emulators::shopify::graphql {

namespace json = boost::json;

namespace {

std::string text(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

const json::array* array_of(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_array() ? &v->as_array() : nullptr;
}

bool flag(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_bool() && v->as_bool();
}

TypeRef ref_of(const json::value& v) {
    const auto& o = v.as_object();
    const std::string kind = text(o, "kind");
    if (kind == "NON_NULL") {
        TypeRef t = ref_of(o.at("ofType"));
        t.non_null = true;
        return t;
    }
    TypeRef t;
    if (kind == "LIST")
        t.of = std::make_shared<TypeRef>(ref_of(o.at("ofType")));
    else
        t.name = text(o, "name");
    return t;
}

TypeKind kind_of(const std::string& k) {
    if (k == "OBJECT")
        return TypeKind::object;
    if (k == "INTERFACE")
        return TypeKind::interface;
    if (k == "UNION")
        return TypeKind::union_type;
    if (k == "ENUM")
        return TypeKind::enumeration;
    if (k == "INPUT_OBJECT")
        return TypeKind::input_object;
    return TypeKind::scalar;
}

std::vector<InputValueDef> input_values(const json::array* a) {
    std::vector<InputValueDef> out;
    if (!a)
        return out;
    for (const auto& v : *a) {
        const auto& o = v.as_object();
        const auto* d = o.if_contains("defaultValue");
        out.push_back({text(o, "name"), ref_of(o.at("type")), d && !d->is_null()});
    }
    return out;
}

// A connection: an object named …Connection with pageInfo and nodes or edges.
std::string connection_node_type(const TypeDef& t) {
    const std::string_view suffix = "Connection";
    if (t.kind != TypeKind::object || t.name.size() <= suffix.size() ||
        t.name.compare(t.name.size() - suffix.size(), suffix.size(), suffix) != 0 ||
        !t.field("pageInfo"))
        return {};
    if (const FieldDef* n = t.field("nodes"))
        return named_type(n->type_ref);
    return {};
}

}  // namespace

const std::string& named_type(const TypeRef& t) {
    return t.of ? named_type(*t.of) : t.name;
}

bool is_list(const TypeRef& t) {
    return t.of != nullptr;
}

const InputValueDef* FieldDef::arg(std::string_view n) const {
    for (const auto& a : args) {
        if (a.name == n)
            return &a;
    }
    return nullptr;
}

Schema Schema::from_introspection(std::shared_ptr<const json::value> published) {
    Schema s;
    s.published_ = std::move(published);
    const json::object* root = &s.published_->as_object();
    if (const auto* d = root->if_contains("data"); d && d->is_object())
        root = &d->as_object();
    if (const auto* sc = root->if_contains("__schema"); sc && sc->is_object())
        root = &sc->as_object();
    s.schema_object_ = root;
    if (const auto* q = root->if_contains("queryType"); q && q->is_object())
        s.query_type_ = text(q->as_object(), "name");
    if (const auto* m = root->if_contains("mutationType"); m && m->is_object())
        s.mutation_type_ = text(m->as_object(), "name");
    const json::array* types = array_of(*root, "types");
    if (!types)
        throw std::invalid_argument("introspection result without types");
    // Pass 1: every type with its kind and the parts that name other types only.
    for (const auto& v : *types) {
        const auto& o = v.as_object();
        TypeDef t;
        t.name = text(o, "name");
        t.kind = kind_of(text(o, "kind"));
        if (const auto* a = array_of(o, "interfaces")) {
            for (const auto& i : *a)
                t.interfaces.push_back(text(i.as_object(), "name"));
        }
        if (const auto* a = array_of(o, "possibleTypes")) {
            for (const auto& i : *a)
                t.possible_types.push_back(text(i.as_object(), "name"));
        }
        if (const auto* a = array_of(o, "enumValues")) {
            for (const auto& e : *a) {
                const auto& eo = e.as_object();
                t.enum_values.push_back(text(eo, "name"));
                if (flag(eo, "isDeprecated"))
                    t.deprecated_enum_values.push_back(text(eo, "name"));
            }
        }
        for (auto& iv : input_values(array_of(o, "inputFields")))
            t.input_fields.emplace(iv.name, std::move(iv));
        s.published_types_[t.name] = &o;
        std::string name = t.name;
        s.types_.emplace(std::move(name), std::move(t));
    }
    // Pass 2: fields, whose kind depends on the type they return.
    for (const auto& v : *types) {
        const auto& o = v.as_object();
        const json::array* fields = array_of(o, "fields");
        if (!fields)
            continue;
        TypeDef& t = s.types_.at(text(o, "name"));
        for (const auto& fv : *fields) {
            const auto& fo = fv.as_object();
            FieldDef f;
            f.name = text(fo, "name");
            f.type_ref = ref_of(fo.at("type"));
            f.args = input_values(array_of(fo, "args"));
            f.deprecated = flag(fo, "isDeprecated");
            f.type = named_type(f.type_ref);
            t.fields.emplace(f.name, std::move(f));
        }
    }
    for (auto& [name, t] : s.types_) {
        for (auto& [fname, f] : t.fields) {
            const TypeDef* rt = s.find(f.type);
            if (!rt || !rt->is_composite()) {
                f.kind = FieldKind::scalar;
            } else if (is_list(f.type_ref)) {
                f.kind = FieldKind::list;
            } else if (std::string node = connection_node_type(*rt); !node.empty()) {
                f.kind = FieldKind::connection;
                f.type = std::move(node);
            } else {
                f.kind = FieldKind::object;
            }
        }
    }
    add_introspection(s, s.types_.at(s.query_type_));
    return s;
}

const TypeDef* Schema::find(std::string_view name) const {
    auto it = types_.find(name);
    return it == types_.end() ? nullptr : &it->second;
}

const json::object* Schema::introspection_type(std::string_view name) const {
    auto it = published_types_.find(name);
    return it == published_types_.end() ? nullptr : it->second;
}

bool Schema::satisfies(std::string_view runtime, std::string_view condition) const {
    if (condition.empty() || runtime == condition)
        return true;
    const TypeDef* c = find(condition);
    if (!c)
        return false;
    return std::find(c->possible_types.begin(), c->possible_types.end(), runtime) !=
           c->possible_types.end();
}

std::vector<std::string> Schema::possible_types(std::string_view type) const {
    const TypeDef* t = find(type);
    if (!t)
        return {};
    if (t->kind == TypeKind::object)
        return {t->name};
    return t->possible_types;
}

// A resolver registered for `registered` serves the published field when the names agree
// (list and non-null markers aside), when the published type is an interface or union the
// registered one belongs to, or when both implement one interface (Shopify's UserError and a
// mutation's own …UserError are both DisplayableErrors).
bool Schema::compatible(std::string_view registered, const FieldDef& published) const {
    std::string name;
    for (char c : registered) {
        if (c != '[' && c != ']' && c != '!')
            name += c;
    }
    if (name == published.type)
        return true;
    if (satisfies(name, published.type))
        return true;
    const TypeDef* a = find(name);
    const TypeDef* b = find(published.type);
    if (!a || !b)
        return false;
    return std::any_of(a->interfaces.begin(), a->interfaces.end(), [&](const std::string& i) {
        return std::find(b->interfaces.begin(), b->interfaces.end(), i) != b->interfaces.end();
    });
}

void Schema::field(const std::string& type_name, FieldDef def) {
    auto it = types_.find(type_name);
    FieldDef* f = nullptr;
    if (it != types_.end()) {
        auto fit = it->second.fields.find(def.name);
        if (fit != it->second.fields.end())
            f = &fit->second;
    }
    if (!f) {
        unpublished_.push_back(type_name + "." + def.name);
        return;
    }
    if (!def.type.empty() && !compatible(def.type, *f))
        mismatched_.push_back(type_name + "." + def.name + ": " + def.type + " registered, " +
                              f->type + " published");
    f->resolve = std::move(def.resolve);
    if (def.cost >= 0)
        f->cost = def.cost;
    if (!def.scope.empty())
        f->scope = std::move(def.scope);
}

void Schema::interface_field(const std::string& type_name, const std::string& name,
                             Resolver resolve) {
    for (auto& [tn, t] : types_) {
        const bool applies = tn == type_name || std::find(t.interfaces.begin(), t.interfaces.end(),
                                                          type_name) != t.interfaces.end();
        if (!applies)
            continue;
        auto fit = t.fields.find(name);
        if (fit != t.fields.end() && !fit->second.resolve)
            fit->second.resolve = resolve;
    }
}

}  // namespace sb::emulators::shopify::graphql
