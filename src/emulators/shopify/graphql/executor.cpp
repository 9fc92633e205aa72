#include "emulators/shopify/graphql/executor.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstdio>
#include <set>

#include "emulators/shopify/graphql/validator.hpp"

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

// FNV-1a, for made-up values that depend only on the seed and where they stand.
std::uint64_t mix(std::uint64_t h, std::string_view text) {
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::string iso_date_time(std::uint64_t h) {
    // A moment in 2024–2026, to the second.
    const std::int64_t t = 1'704'067'200 + static_cast<std::int64_t>(h % 86'400'000);
    const std::int64_t days = t / 86'400, secs = t % 86'400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    const std::int64_t z = days + 719'468, era = z / 146'097, doe = z - era * 146'097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (m <= 2);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
                  static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d),
                  static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                  static_cast<long long>(secs % 60));
    return buf;
}

// A plausible value of a scalar or enum type that the store has no data for.
json::value made_up_scalar(const TypeDef& t, std::string_view parent, std::string_view field,
                           std::uint64_t h) {
    if (t.kind == TypeKind::enumeration) {
        std::vector<const std::string*> live;
        for (const auto& v : t.enum_values) {
            if (std::find(t.deprecated_enum_values.begin(), t.deprecated_enum_values.end(), v) ==
                t.deprecated_enum_values.end())
                live.push_back(&v);
        }
        if (live.empty())
            return nullptr;
        return json::string(*live[h % live.size()]);
    }
    const std::string& n = t.name;
    const std::uint64_t k = h % 1000;
    if (n == "Int")
        return static_cast<std::int64_t>(k % 100);
    if (n == "Float")
        return static_cast<double>(k % 100) + 0.5;
    if (n == "Boolean")
        return (h >> 7) % 2 == 0;
    if (n == "ID")
        return json::string("gid://shopify/" + std::string(parent) + "/" + std::to_string(k + 1));
    if (n == "DateTime")
        return json::string(iso_date_time(h));
    if (n == "Date")
        return json::string(iso_date_time(h).substr(0, 10));
    if (n == "Decimal" || n == "Money")
        return json::string(std::to_string(k / 10) + "." + std::to_string(k % 10) + "0");
    if (n == "UnsignedInt64" || n == "BigInt")
        return json::string(std::to_string(k));
    if (n == "URL")
        return json::string("https://example.com/" + std::string(field) + "/" + std::to_string(k));
    if (n == "HTML")
        return json::string("<p>" + std::string(field) + " " + std::to_string(k) + "</p>");
    if (n == "JSON")
        return json::object{};
    if (n == "Color")
        return json::string("#" + std::to_string(100000 + k * 811 % 899999));
    if (n == "UtcOffset")
        return json::string("+00:00");
    std::string f(field);
    if (f.find("mail") != std::string::npos)
        return json::string("user" + std::to_string(k) + "@example.com");
    if (f.find("hone") != std::string::npos)
        return json::string("+1555" + std::to_string(1000000 + k));
    return json::string(f + " " + std::to_string(k));
}

// ---------------------------------------------------------------- cost

// Shopify's requested cost of a validated document, and the checks Shopify makes while
// pricing it (page sizes).
class Coster {
  public:
    Coster(const Document& d, const Schema& s, const json::object& vars, bool bulk,
           json::array& errors)
        : doc_(d), schema_(s), vars_(vars), bulk_(bulk), errors_(errors) {}

    bool used_deprecated = false;

    // Returns the cost of a selection set on a named type.
    int selection_cost(const SelectionSet& set, const std::string& type, json::array path) {
        const TypeDef* t = schema_.find(type);
        if (!t)
            return 0;
        const bool abstract = t->kind != TypeKind::object;
        int total = 0;
        int fragment_max = 0;
        for (const auto& s : set) {
            if (s.kind == Selection::Kind::fragment_spread) {
                const Fragment* f = doc_.fragment(s.name);
                if (!f || spreading_.count(s.name))
                    continue;
                spreading_.insert(s.name);
                const int c = selection_cost(f->selections, f->type_condition, path);
                spreading_.erase(s.name);
                if (abstract && f->type_condition != type)
                    fragment_max = std::max(fragment_max, c);
                else
                    total += c;
                continue;
            }
            if (s.kind == Selection::Kind::inline_fragment) {
                const std::string cond = s.type_condition.empty() ? type : s.type_condition;
                const int c = selection_cost(s.selections, cond, path);
                if (abstract && cond != type)
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
    int field_cost(const Selection& s, const TypeDef& t, json::array path) {
        path.push_back(json::string(s.response_key()));
        if (s.name == "__typename")
            return 0;
        const FieldDef* f = t.field(s.name);
        if (!f)
            return 0;
        if (f->deprecated)
            used_deprecated = true;
        if (f->kind == FieldKind::scalar)
            return f->cost < 0 ? 0 : f->cost;
        const int base = f->cost < 0 ? 1 : f->cost;
        if (f->kind != FieldKind::connection) {
            if (base == 0)
                return 0;  // introspection is free
            return base + selection_cost(s.selections, named_type(f->type_ref), path);
        }
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
        if (!bulk_ && !has_size && f.arg("first")) {
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
        visit_connection(s.selections, f, path, per_node, any_node);
        return 2 + static_cast<int>(n) * (any_node ? per_node : 0);
    }

    void visit_connection(const SelectionSet& set, const FieldDef& f, json::array path,
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
                visit_connection(*inner, f, path, per_node, any_node);
                continue;
            }
            json::array p = path;
            p.push_back(json::string(c.response_key()));
            if (c.name == "edges") {
                for (const auto& e : c.selections) {
                    if (e.kind == Selection::Kind::field && e.name == "node") {
                        any_node = true;
                        per_node = std::max(per_node, 1 + selection_cost(e.selections, f.type, p));
                    }
                }
            } else if (c.name == "nodes") {
                any_node = true;
                per_node = std::max(per_node, 1 + selection_cost(c.selections, f.type, p));
            }
        }
    }

    const Document& doc_;
    const Schema& schema_;
    const json::object& vars_;
    bool bulk_;
    json::array& errors_;
    std::set<std::string> spreading_;
};

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
                } else if (const FieldDef* idf = t && !e.synthetic ? t->field("id") : nullptr;
                           idf && idf->resolve) {
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
        if (!f.resolve || parent.synthetic)
            return made_up(parent, s, f, path);
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
        json::value v = complete(r, s, f, path);
        if (f.kind == FieldKind::scalar)
            check_enum(v, f, s, path);
        return v;
    }

    // A resolver's enum value must be one the schema publishes: an answer Shopify could never
    // give is the emulator's bug, reported where a test sees it.
    void check_enum(const json::value& v, const FieldDef& f, const Selection& s,
                    const json::array& path) {
        const TypeDef* t = schema_.find(f.type);
        if (!t || t->kind != TypeKind::enumeration)
            return;
        auto check = [&](const json::value& x) {
            if (x.is_null())
                return;
            const bool ok =
                x.is_string() && std::find(t->enum_values.begin(), t->enum_values.end(),
                                           std::string_view(x.as_string())) != t->enum_values.end();
            if (!ok) {
                errors.push_back(make_error("The emulator answered " + json::serialize(x) +
                                                ", which is not a value of " + t->name,
                                            s.loc, path, {{"code", "INTERNAL_SERVER_ERROR"}}));
            }
        };
        if (v.is_array()) {
            for (const auto& x : v.as_array())
                check(x);
        } else {
            check(v);
        }
    }

    json::value complete(Result& r, const Selection& s, const FieldDef& f, json::array& path) {
        if (auto* j = std::get_if<json::value>(&r))
            return std::move(*j);
        if (auto* e = std::get_if<Entity>(&r)) {
            ctx_.actual_cost += 1;
            retype(*e, f.type);
            return object(*e, s.selections, path);
        }
        if (auto* list = std::get_if<std::vector<Entity>>(&r)) {
            json::array a;
            for (std::size_t i = 0; i < list->size(); ++i) {
                if (!(*list)[i].data && !(*list)[i].synthetic) {
                    a.push_back(nullptr);  // e.g. nodes(ids:) with an unknown id
                    continue;
                }
                path.push_back(static_cast<std::int64_t>(i));
                ctx_.actual_cost += 1;
                retype((*list)[i], f.type);
                a.push_back(object((*list)[i], s.selections, path));
                path.pop_back();
            }
            return a;
        }
        auto& c = std::get<ConnectionResult>(r);
        ctx_.actual_cost += 2;
        for (auto& n : c.nodes)
            retype(n, f.type);
        return connection(c, s.selections, f, path);
    }

    // A field declared as an object type can only return that type: the published type names
    // the entity (a mutation's UserError is its own …UserError type there). Interfaces and
    // unions keep the entity's own object type.
    void retype(Entity& e, const std::string& declared) {
        const TypeDef* d = schema_.find(declared);
        if (d && d->kind == TypeKind::object && e.type != declared)
            e.type = d->name;
    }

    // What a field answers when the store has no data for it: a value of the published type,
    // a function of the seed, the parent and the field. Nullable objects answer null, lists
    // and connections are empty, a required object is made up field by field.
    json::value made_up(const Entity& parent, const Selection& s, const FieldDef& f,
                        json::array& path) {
        std::uint64_t h = mix(ctx_.seed * 1099511628211ull + parent.seed, parent.type);
        if (!parent.synthetic)
            h = mix(h, identity(parent));
        h = mix(h, f.name);
        const TypeDef* rt = schema_.find(named_type(f.type_ref));
        if (!rt)
            return nullptr;
        if (f.kind == FieldKind::connection) {
            ConnectionResult empty;
            ctx_.actual_cost += 2;
            return connection(empty, s.selections, f, path);
        }
        if (is_list(f.type_ref))
            return f.type_ref.non_null ? json::value(json::array{}) : json::value(nullptr);
        if (!rt->is_composite())
            return made_up_scalar(*rt, parent.type, f.name, h);
        if (!f.type_ref.non_null)
            return nullptr;
        const auto kinds = schema_.possible_types(rt->name);
        if (kinds.empty())
            return nullptr;
        const TypeDef* concrete = schema_.find(kinds[h % kinds.size()]);
        Entity e{concrete->name, nullptr, h, true};
        ctx_.actual_cost += 1;
        return object(e, s.selections, path);
    }

    // The parent's id where it has one, so made-up values differ from record to record.
    std::string identity(const Entity& e) {
        const TypeDef* t = schema_.find(e.type);
        const FieldDef* idf = t ? t->field("id") : nullptr;
        if (!idf || !idf->resolve)
            return {};
        try {
            Result r = idf->resolve(e, {}, ctx_);
            if (auto* j = std::get_if<json::value>(&r); j && j->is_string())
                return std::string(j->as_string());
        } catch (const FieldError&) {
        }
        return {};
    }

    json::value connection(ConnectionResult& c, const SelectionSet& set, const FieldDef& f,
                           json::array& path) {
        const std::string& conn_type = named_type(f.type_ref);
        const TypeDef* ct = schema_.find(conn_type);
        const FieldDef* edges = ct ? ct->field("edges") : nullptr;
        const std::string edge_type = edges ? named_type(edges->type_ref) : f.type + "Edge";
        std::vector<const Selection*> fields;
        std::set<std::string> seen;
        collect(set, conn_type, fields, seen);
        json::object out;
        for (const Selection* s : fields) {
            const std::string& key = s->response_key();
            path.push_back(json::string(key));
            if (s->name == "__typename") {
                out[key] = conn_type;
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
                    collect(s->selections, edge_type, ef, seen2);
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
                            edge[ek] = edge_type;
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
        if (!f.resolve || parent.synthetic)
            return;  // nothing of the store's below a made-up object
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
    a.errors = validate(doc, schema);
    if (!a.errors.empty())
        return a;
    a.errors = coerce_variables(op, variables, schema, a.variables);
    if (!a.errors.empty())
        return a;
    const std::string& root = op.type == "mutation" ? schema.mutation_type() : schema.query_type();
    Coster coster(doc, schema, a.variables, bulk, a.errors);
    json::array path{json::string(op.type)};
    if (op.type == "mutation") {
        // Each mutation field costs 10, whatever it selects.
        int cost = 0;
        for (const auto& s : op.selections) {
            if (s.kind != Selection::Kind::field || s.name == "__typename")
                continue;
            SelectionSet one{s};
            coster.selection_cost(one, root, path);
            cost += 10;
            a.root_fields.push_back(s.name);
        }
        a.requested_cost = cost;
    } else {
        a.requested_cost = coster.selection_cost(op.selections, root, path);
        for (const auto& s : op.selections) {
            if (s.kind == Selection::Kind::field)
                a.root_fields.push_back(s.name);
        }
    }
    a.used_deprecated = coster.used_deprecated;
    return a;
}

Execution execute(const Document& doc, const Analysis& a, const Schema& schema, Context& ctx) {
    Execution out;
    ctx.schema = &schema;
    Executor ex(doc, schema, a.variables, ctx);
    const std::string& root =
        a.operation->type == "mutation" ? schema.mutation_type() : schema.query_type();
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
    ctx.schema = &schema;
    const TypeDef* root = schema.find(schema.query_type());
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
