#include "emulators/shopify/graphql/introspection.hpp"

namespace sb::emulators::shopify::graphql {

namespace json = boost::json;

namespace {

// An introspection object: a JSON object inside the published document.
Entity node(std::string_view type, const json::object* o) {
    // The schema outlives every request, so the entity need not own the document.
    return Entity{type, std::shared_ptr<const void>(std::shared_ptr<const void>(), o)};
}

const json::object& obj(const Entity& e) {
    return e.as<json::object>();
}

const Schema& schema_of(const Context& ctx) {
    return *ctx.schema;
}

bool include_deprecated(const Args& args) {
    const auto* v = args.if_contains("includeDeprecated");
    return v && v->is_bool() && v->as_bool();
}

bool deprecated(const json::value& v) {
    const auto* d = v.as_object().if_contains("isDeprecated");
    return d && d->is_bool() && d->as_bool();
}

Result value_of(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v ? *v : json::value(nullptr);
}

Result list_of(const json::object* o, std::string_view key, std::string_view type,
               bool filter_deprecated) {
    if (!o)
        return json::value(nullptr);
    const auto* v = o->if_contains(key);
    if (!v || !v->is_array())
        return json::value(nullptr);
    std::vector<Entity> out;
    for (const auto& e : v->as_array()) {
        if (filter_deprecated && deprecated(e))
            continue;
        out.push_back(node(type, &e.as_object()));
    }
    return out;
}

// A type reference ({kind, name, ofType}) resolves its other fields through the full type.
const json::object* full_type(const Entity& e, const Context& ctx) {
    const auto* name = obj(e).if_contains("name");
    if (!name || !name->is_string())
        return nullptr;  // a LIST or NON_NULL wrapper
    return schema_of(ctx).introspection_type(name->as_string());
}

Resolver of_key(std::string key) {
    return
        [key](const Entity& e, const Args&, Context&) -> Result { return value_of(obj(e), key); };
}

Resolver type_key(std::string key) {
    return [key](const Entity& e, const Args&, Context&) -> Result {
        const auto* v = obj(e).if_contains(key);
        if (!v || !v->is_object())
            return json::value(nullptr);
        return node("__Type", &v->as_object());
    };
}

void attach(Schema& s, const std::string& type, const std::string& field, Resolver r) {
    FieldDef d;
    d.name = field;
    d.resolve = std::move(r);
    s.field(type, std::move(d));
}

}  // namespace

void add_introspection(Schema& s, TypeDef& query_root) {
    FieldDef schema_field;
    schema_field.name = "__schema";
    schema_field.kind = FieldKind::object;
    schema_field.type = "__Schema";
    schema_field.type_ref.name = "__Schema";
    schema_field.type_ref.non_null = true;
    schema_field.cost = 0;
    schema_field.resolve = [](const Entity&, const Args&, Context& ctx) -> Result {
        return node("__Schema", &schema_of(ctx).introspection());
    };
    query_root.fields["__schema"] = std::move(schema_field);

    FieldDef type_field;
    type_field.name = "__type";
    type_field.kind = FieldKind::object;
    type_field.type = "__Type";
    type_field.type_ref.name = "__Type";
    type_field.cost = 0;
    TypeRef string_ref;
    string_ref.name = "String";
    string_ref.non_null = true;
    type_field.args.push_back({"name", string_ref, false});
    type_field.resolve = [](const Entity&, const Args& args, Context& ctx) -> Result {
        const auto* n = args.if_contains("name");
        const json::object* t =
            n && n->is_string() ? schema_of(ctx).introspection_type(n->as_string()) : nullptr;
        if (!t)
            return json::value(nullptr);
        return node("__Type", t);
    };
    query_root.fields["__type"] = std::move(type_field);

    // __Schema
    attach(s, "__Schema", "description", of_key("description"));
    attach(s, "__Schema", "types", [](const Entity& e, const Args&, Context&) -> Result {
        return list_of(&obj(e), "types", "__Type", false);
    });
    for (const char* k : {"queryType", "mutationType", "subscriptionType"}) {
        attach(s, "__Schema", k, [k = std::string(k)](const Entity& e, const Args&, Context& ctx) {
            const auto* v = obj(e).if_contains(k);
            if (!v || !v->is_object())
                return Result(json::value(nullptr));
            const auto* name = v->as_object().if_contains("name");
            const json::object* t = name && name->is_string()
                                        ? schema_of(ctx).introspection_type(name->as_string())
                                        : nullptr;
            return t ? Result(node("__Type", t)) : Result(json::value(nullptr));
        });
    }
    attach(s, "__Schema", "directives", [](const Entity& e, const Args&, Context&) -> Result {
        return list_of(&obj(e), "directives", "__Directive", false);
    });

    // __Type: kind, name and ofType from the reference itself, the rest from the full type.
    attach(s, "__Type", "kind", of_key("kind"));
    attach(s, "__Type", "name", of_key("name"));
    attach(s, "__Type", "ofType", type_key("ofType"));
    for (const char* k : {"description", "specifiedByURL", "isOneOf"}) {
        attach(s, "__Type", k, [k = std::string(k)](const Entity& e, const Args&, Context& ctx) {
            const json::object* t = full_type(e, ctx);
            return t ? value_of(*t, k) : Result(json::value(nullptr));
        });
    }
    const std::pair<const char*, const char*> lists[] = {{"fields", "__Field"},
                                                         {"interfaces", "__Type"},
                                                         {"possibleTypes", "__Type"},
                                                         {"enumValues", "__EnumValue"},
                                                         {"inputFields", "__InputValue"}};
    for (const auto& [k, type] : lists) {
        const bool filtered = std::string_view(type) != "__Type";
        attach(s, "__Type", k,
               [k = std::string(k), type = std::string_view(type), filtered](
                   const Entity& e, const Args& args, Context& ctx) {
                   return list_of(full_type(e, ctx), k, type,
                                  filtered && !include_deprecated(args));
               });
    }

    // __Field, __InputValue, __EnumValue, __Directive: plain reads.
    for (const char* type : {"__Field", "__InputValue", "__EnumValue", "__Directive"}) {
        for (const char* k : {"name", "description", "isDeprecated", "deprecationReason",
                              "defaultValue", "locations", "isRepeatable"}) {
            if (s.find(type) && s.find(type)->field(k))
                attach(s, type, k, of_key(k));
        }
        if (s.find(type) && s.find(type)->field("type"))
            attach(s, type, "type", type_key("type"));
        if (s.find(type) && s.find(type)->field("args")) {
            attach(s, type, "args", [](const Entity& e, const Args& args, Context&) {
                return list_of(&obj(e), "args", "__InputValue", !include_deprecated(args));
            });
        }
    }
}

}  // namespace sb::emulators::shopify::graphql
