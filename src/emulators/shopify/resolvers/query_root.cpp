#include <boost/json/array.hpp>

#include "emulators/shopify/data/search_query.hpp"
#include "emulators/shopify/data/store.hpp"
#include "emulators/shopify/resolvers/common.hpp"
#include "emulators/shopify/resolvers/services.hpp"

// QueryRoot: the entry points, their scopes, search filters and sort keys.
namespace sb::emulators::shopify {

namespace json = boost::json;
using graphql::Entity;
using graphql::FieldKind;
using graphql::make_entity;

namespace {

using Matcher = std::function<bool(std::int64_t)>;
using MakeNode = std::function<Entity(const Store&, std::int64_t index)>;
using MakeCollection =
    std::function<Collection(const Store&, const std::string& sort_key,
                             const std::vector<SearchTerm>& terms, const graphql::Args& args)>;

Matcher all_of(std::vector<Matcher> ms) {
    if (ms.empty())
        return {};
    return [ms = std::move(ms)](std::int64_t i) {
        for (const auto& m : ms) {
            if (!m(i))
                return false;
        }
        return true;
    };
}

Matcher time_term(const SearchTerm& t, std::function<std::int64_t(std::int64_t)> get) {
    bool valid = true;
    time_matches(0, t, valid);
    if (!valid)
        return {};  // Shopify ignores a term it cannot read (and warns)
    return [t, get = std::move(get)](std::int64_t i) {
        bool v;
        return time_matches(get(i), t, v);
    };
}

Collection order_collection(const Store& st, const std::string& sort,
                            const std::vector<SearchTerm>& terms, const graphql::Args&) {
    Collection c = st.orders(sort == "UPDATED_AT" ? OrderSort::updated_at : OrderSort::id);
    std::vector<Matcher> ms;
    if (c.matches)
        ms.push_back(c.matches);  // deleted orders
    for (const auto& t : terms) {
        if (t.field == "updated_at") {
            if (auto m = time_term(t, [&st](std::int64_t i) { return st.order_updated_at(i); }))
                ms.push_back(m);
        } else if (t.field == "created_at" || t.field == "processed_at") {
            if (auto m = time_term(t, [&st](std::int64_t i) { return st.order_created_at(i); }))
                ms.push_back(m);
        } else if (t.field == "status") {
            if (t.value == "any")
                continue;
            ms.push_back([&st, t](std::int64_t i) { return text_matches(st.order_status(i), t); });
        } else if (t.field == "id") {
            ms.push_back([t](std::int64_t i) { return number_matches(ids::order + i, t); });
        } else if (t.field == "financial_status") {
            ms.push_back([&st, t](std::int64_t i) {
                return text_matches(st.order_at(i).financial_status, t);
            });
        } else if (t.field == "fulfillment_status") {
            ms.push_back([&st, t](std::int64_t i) {
                auto f = st.order_at(i).fulfillment_status.value_or("unfulfilled");
                if (f == "fulfilled")
                    f = "shipped";
                return text_matches(f, t) ||
                       text_matches(st.order_at(i).fulfillment_status.value_or("unshipped"), t);
            });
        } else if (t.field == "email") {
            ms.push_back([&st, t](std::int64_t i) {
                return text_matches(st.order_at(i).email.value_or(""), t);
            });
        } else if (t.field == "name") {
            ms.push_back([&st, t](std::int64_t i) {
                auto n = st.order_at(i).name;
                return text_matches(n, t) || text_matches(n.substr(1), t);
            });
        }
    }
    c.matches = all_of(std::move(ms));
    return c;
}

Collection product_collection(const Store& st, const std::string& sort,
                              const std::vector<SearchTerm>& terms, const graphql::Args&) {
    Collection c = st.products(sort == "UPDATED_AT");
    std::vector<Matcher> ms;
    for (const auto& t : terms) {
        if (t.field == "updated_at") {
            if (auto m = time_term(
                    t, [&st](std::int64_t i) { return st.catalog().product_updated_at(i); }))
                ms.push_back(m);
        } else if (t.field == "created_at") {
            if (auto m =
                    time_term(t, [&st](std::int64_t i) { return st.product_at(i).created_at; }))
                ms.push_back(m);
        } else if (t.field == "status") {
            ms.push_back([&st, t](std::int64_t i) {
                const auto s = st.product_at(i).status;
                for (std::size_t a = 0, b; a <= t.value.size(); a = b + 1) {  // "active,draft"
                    b = t.value.find(',', a);
                    if (b == std::string::npos)
                        b = t.value.size();
                    SearchTerm one = t;
                    one.value = t.value.substr(a, b - a);
                    one.negate = false;
                    if (text_matches(s, one))
                        return !t.negate;
                }
                return t.negate;
            });
        } else if (t.field == "id") {
            ms.push_back([t](std::int64_t i) { return number_matches(ids::product + i, t); });
        } else if (t.field == "vendor" || t.field == "product_type" || t.field == "title") {
            ms.push_back([&st, t](std::int64_t i) {
                const Product p = st.product_at(i);
                return text_matches(t.field == "vendor"  ? p.vendor
                                    : t.field == "title" ? p.title
                                                         : p.product_type,
                                    t);
            });
        }
    }
    c.matches = all_of(std::move(ms));
    return c;
}

Collection customer_collection(const Store& st, const std::string& sort,
                               const std::vector<SearchTerm>& terms, const graphql::Args&) {
    Collection c = st.customers(sort == "UPDATED_AT");
    std::vector<Matcher> ms;
    for (const auto& t : terms) {
        if (t.field == "updated_at") {
            if (auto m = time_term(
                    t, [&st](std::int64_t i) { return st.catalog().customer_updated_at(i); }))
                ms.push_back(m);
        } else if (t.field == "created_at") {
            if (auto m =
                    time_term(t, [&st](std::int64_t i) { return st.customer_at(i).created_at; }))
                ms.push_back(m);
        } else if (t.field == "email") {
            ms.push_back([&st, t](std::int64_t i) {
                return text_matches(st.customer_at(i).email.value_or(""), t);
            });
        } else if (t.field == "id") {
            ms.push_back([t](std::int64_t i) { return number_matches(ids::customer + i, t); });
        } else if (t.field == "state") {
            ms.push_back(
                [&st, t](std::int64_t i) { return text_matches(st.customer_at(i).state, t); });
        }
    }
    c.matches = all_of(std::move(ms));
    return c;
}

// Variants and inventory items are slots (product index × 4 + slot); unused slots never match.
Collection slot_collection(const Store& st, std::int64_t base,
                           const std::vector<SearchTerm>& terms) {
    Collection c = st.simple(st.product_count() * ids::variants_per_product, base);
    std::vector<Matcher> ms;
    ms.push_back([&st](std::int64_t i) {
        return (i % ids::variants_per_product) <
               st.catalog().variant_count(i / ids::variants_per_product);
    });
    for (const auto& t : terms) {
        if (t.field == "updated_at") {
            if (auto m = time_term(t, [&st](std::int64_t i) {
                    return st.catalog().product_updated_at(i / ids::variants_per_product);
                }))
                ms.push_back(m);
        } else if (t.field == "sku") {
            ms.push_back([&st, t](std::int64_t i) {
                const Product p = st.product_at(i / ids::variants_per_product);
                return text_matches(
                    p.variants[static_cast<std::size_t>(i % ids::variants_per_product)].sku, t);
            });
        } else if (t.field == "product_id") {
            ms.push_back([t](std::int64_t i) {
                return number_matches(ids::product + i / ids::variants_per_product, t);
            });
        }
    }
    c.matches = all_of(std::move(ms));
    return c;
}

void root_connection(graphql::Schema& s, const std::string& name, const std::string& node_type,
                     const std::string& scope, MakeCollection make_collection, MakeNode make_node) {
    graphql::FieldDef d;
    d.name = name;
    d.kind = FieldKind::connection;
    d.type = node_type;
    d.scope = scope;
    d.resolve = [name, scope, make_collection, make_node](
                    const Entity&, const graphql::Args& args,
                    graphql::Context& ctx) -> graphql::Result {
        if (!scope.empty())
            require_scope(ctx, name, scope);
        const Store& st = *services(ctx).store;
        const auto terms = parse_search(arg_string(args, "query"));
        const std::string sort = arg_string(args, "sortKey", "ID");
        Collection c = make_collection(st, sort, terms, args);
        graphql::ConnectionResult out;
        const bool reverse = arg_bool(args, "reverse");
        if (ctx.bulk) {
            out.stream = [c, make_node, &st,
                          reverse](const std::function<bool(const Entity&)>& fn) {
                for_each_match(c, reverse, [&](std::int64_t i) { return fn(make_node(st, i)); });
            };
            return out;
        }
        Page page;
        if (!paginate(c, page_request(args), page)) {
            throw graphql::FieldError{
                "Invalid cursor for current pagination sort.", "BAD_REQUEST", {}};
        }
        for (std::size_t k = 0; k < page.indexes.size(); ++k) {
            out.nodes.push_back(make_node(st, page.indexes[k]));
            out.cursors.push_back(page.cursors[k]);
        }
        out.has_next = page.has_next;
        out.has_previous = page.has_previous;
        return out;
    };
    s.field("QueryRoot", std::move(d));
}

struct CountRef {
    std::int64_t count = 0;
    bool exact = true;
};

// ordersCount, productsCount, customersCount: `Count { count precision }` of what `query`
// matches, the same search the connection takes. Counting stops at `limit` (the schema's
// default 10000; an explicit null counts everything) and the precision says AT_LEAST then.
void root_count(graphql::Schema& s, const std::string& name, const std::string& scope,
                MakeCollection make_collection) {
    graphql::FieldDef d;
    d.name = name;
    d.kind = FieldKind::object;
    d.type = "Count";
    d.scope = scope;
    d.resolve = [name, scope, make_collection](const Entity&, const graphql::Args& args,
                                               graphql::Context& ctx) -> graphql::Result {
        require_scope(ctx, name, scope);
        const Store& st = *services(ctx).store;
        const Collection c =
            make_collection(st, "ID", parse_search(arg_string(args, "query")), args);
        std::optional<std::int64_t> limit = 10000;
        if (const auto* v = args.if_contains("limit"))
            limit = v->is_int64() ? std::optional<std::int64_t>(v->as_int64()) : std::nullopt;
        CountRef out;
        for_each_match(c, false, [&](std::int64_t) {
            if (limit && out.count >= *limit) {
                out.exact = false;
                return false;
            }
            ++out.count;
            return true;
        });
        return make_entity("Count", out);
    };
    s.field("QueryRoot", std::move(d));
}

using ById = std::function<graphql::Result(const Store&, std::int64_t id)>;

void root_single(graphql::Schema& s, const std::string& name, const std::string& type,
                 const std::string& gid_type, const std::string& scope, ById by_id) {
    graphql::FieldDef d;
    d.name = name;
    d.kind = FieldKind::object;
    d.type = type;
    d.scope = scope;
    d.resolve = [name, gid_type, scope, by_id](const Entity&, const graphql::Args& args,
                                               graphql::Context& ctx) -> graphql::Result {
        if (!scope.empty())
            require_scope(ctx, name, scope);
        const std::string raw = arg_string(args, "id");
        auto g = parse_gid(raw);
        if (!g)
            throw graphql::FieldError{
                "Invalid global id '" + raw + "'", "", {{"code", "argumentLiteralsIncompatible"}}};
        if (g->first != gid_type)
            return json::value(nullptr);
        return by_id(*services(ctx).store, g->second);
    };
    s.field("QueryRoot", std::move(d));
}

// node(id:) dispatches on the GID's type, with the scope that type needs.
graphql::Result node_for(const std::string& raw, graphql::Context& ctx) {
    auto g = parse_gid(raw);
    if (!g)
        throw graphql::FieldError{
            "Invalid global id '" + raw + "'", "", {{"code", "argumentLiteralsIncompatible"}}};
    const Store& st = *services(ctx).store;
    const auto& [type, id] = *g;
    if (type == "Order") {
        require_scope(ctx, "node", "read_orders");
        return order_entity(st, id);
    }
    if (type == "Product") {
        require_scope(ctx, "node", "read_products");
        return product_entity(st, id);
    }
    if (type == "ProductVariant") {
        require_scope(ctx, "node", "read_products");
        return variant_entity(st, id);
    }
    if (type == "InventoryItem") {
        require_scope(ctx, "node", "read_inventory");
        return inventory_item_entity(st, id);
    }
    if (type == "Customer") {
        require_scope(ctx, "node", "read_customers");
        return customer_entity(st, id);
    }
    if (type == "Location") {
        require_scope(ctx, "node", "read_locations");
        return location_entity(st, id);
    }
    if (type == "Fulfillment") {
        require_scope(ctx, "node", "read_orders");
        auto f = st.fulfillment(id);
        if (!f)
            return json::value(nullptr);
        auto o = std::make_shared<const Order>(std::move(f->first));
        return make_entity("Fulfillment", ChildRef<Order>{o, f->second});
    }
    if (type == "AbandonedCheckout") {
        require_scope(ctx, "node", "read_orders");
        auto i = st.checkout_index(id);
        if (!i)
            return json::value(nullptr);
        return make_entity("AbandonedCheckout", st.checkout_at(*i));
    }
    if (type == "DeliveryCarrierService") {
        require_scope(ctx, "node", "read_shipping");
        return carrier_service_entity(st, id);
    }
    if (type == "Shop")
        return make_entity("Shop", st.shop());
    if (type == "BulkOperation")
        return bulk_operation_entity(ctx, id);
    return json::value(nullptr);
}

}  // namespace

void register_query_root(graphql::Schema& s) {
    object_ctx<int>(s, "QueryRoot", "shop", "Shop",
                    [](const int&, graphql::Context& ctx) -> graphql::Result {
                        return make_entity("Shop", services(ctx).store->shop());
                    });
    root_connection(
        s, "orders", "Order", "read_orders", order_collection,
        [](const Store& st, std::int64_t i) { return make_entity("Order", st.order_at(i)); });
    root_connection(
        s, "products", "Product", "read_products", product_collection,
        [](const Store& st, std::int64_t i) { return make_entity("Product", st.product_at(i)); });
    root_connection(
        s, "customers", "Customer", "read_customers", customer_collection,
        [](const Store& st, std::int64_t i) { return make_entity("Customer", st.customer_at(i)); });
    root_connection(
        s, "locations", "Location", "read_locations",
        [](const Store& st, const std::string&, const std::vector<SearchTerm>&,
           const graphql::Args& args) {
            Collection c = st.simple(st.location_count(), ids::location + 1);
            // Deactivated locations only when asked for, as Shopify answers.
            if (!arg_bool(args, "includeInactive"))
                c.matches = [&st](std::int64_t i) { return st.location_at(i).active; };
            return c;
        },
        [](const Store& st, std::int64_t i) { return make_entity("Location", st.location_at(i)); });
    root_connection(
        s, "abandonedCheckouts", "AbandonedCheckout", "read_orders",
        [](const Store& st, const std::string&, const std::vector<SearchTerm>& terms,
           const graphql::Args&) {
            Collection c = st.simple(st.checkout_count(), ids::checkout);
            std::vector<Matcher> ms;
            for (const auto& t : terms) {
                if (t.field == "updated_at" || t.field == "created_at") {
                    const bool upd = t.field == "updated_at";
                    if (auto m = time_term(t, [&st, upd](std::int64_t i) {
                            auto c = st.checkout_at(i);
                            return upd ? c.updated_at : c.created_at;
                        }))
                        ms.push_back(m);
                }
            }
            c.matches = all_of(std::move(ms));
            return c;
        },
        [](const Store& st, std::int64_t i) {
            return make_entity("AbandonedCheckout", st.checkout_at(i));
        });
    root_connection(
        s, "productVariants", "ProductVariant", "read_products",
        [](const Store& st, const std::string&, const std::vector<SearchTerm>& terms,
           const graphql::Args&) { return slot_collection(st, ids::variant, terms); },
        [](const Store& st, std::int64_t i) {
            auto p = std::make_shared<const Product>(st.product_at(i / ids::variants_per_product));
            return make_entity(
                "ProductVariant",
                ChildRef<Product>{p, static_cast<std::size_t>(i % ids::variants_per_product)});
        });
    root_connection(
        s, "inventoryItems", "InventoryItem", "read_inventory",
        [](const Store& st, const std::string&, const std::vector<SearchTerm>& terms,
           const graphql::Args&) { return slot_collection(st, ids::inventory_item, terms); },
        [](const Store& st, std::int64_t i) {
            auto p = std::make_shared<const Product>(st.product_at(i / ids::variants_per_product));
            return make_entity(
                "InventoryItem",
                ChildRef<Product>{p, static_cast<std::size_t>(i % ids::variants_per_product)});
        });

    root_connection(
        s, "carrierServices", "DeliveryCarrierService", "read_shipping",
        [](const Store& st, const std::string&, const std::vector<SearchTerm>& terms,
           const graphql::Args&) {
            Collection c = st.simple(static_cast<std::int64_t>(st.carrier_services().size()),
                                     ids::carrier_service);
            std::vector<Matcher> ms;
            for (const auto& t : terms) {
                if (t.field == "active") {
                    ms.push_back([&st, t](std::int64_t i) {
                        return text_matches(
                            st.carrier_services()[static_cast<std::size_t>(i)].active ? "true"
                                                                                      : "false",
                            t);
                    });
                }
            }
            c.matches = all_of(std::move(ms));
            return c;
        },
        [](const Store& st, std::int64_t i) {
            return make_entity("DeliveryCarrierService",
                               st.carrier_services()[static_cast<std::size_t>(i)]);
        });

    root_count(s, "ordersCount", "read_orders", order_collection);
    root_count(s, "productsCount", "read_products", product_collection);
    root_count(s, "customersCount", "read_customers", customer_collection);
    scalar<CountRef>(s, "Count", "count", "Int", [](const CountRef& c) { return c.count; });
    scalar<CountRef>(s, "Count", "precision", "CountPrecision",
                     [](const CountRef& c) { return c.exact ? "EXACT" : "AT_LEAST"; });

    root_single(s, "order", "Order", "Order", "read_orders", order_entity);
    root_single(s, "carrierService", "DeliveryCarrierService", "DeliveryCarrierService",
                "read_shipping", carrier_service_entity);
    root_single(s, "product", "Product", "Product", "read_products", product_entity);
    root_single(s, "productVariant", "ProductVariant", "ProductVariant", "read_products",
                variant_entity);
    root_single(s, "customer", "Customer", "Customer", "read_customers", customer_entity);
    root_single(s, "location", "Location", "Location", "read_locations", location_entity);
    root_single(s, "inventoryItem", "InventoryItem", "InventoryItem", "read_inventory",
                inventory_item_entity);
    root_single(s, "fulfillment", "Fulfillment", "Fulfillment", "read_orders",
                [](const Store& st, std::int64_t id) -> graphql::Result {
                    auto f = st.fulfillment(id);
                    if (!f)
                        return json::value(nullptr);
                    auto o = std::make_shared<const Order>(std::move(f->first));
                    return make_entity("Fulfillment", ChildRef<Order>{o, f->second});
                });

    graphql::FieldDef node;
    node.name = "node";
    node.kind = FieldKind::object;
    node.type = "Node";
    node.resolve = [](const Entity&, const graphql::Args& args,
                      graphql::Context& ctx) -> graphql::Result {
        return node_for(arg_string(args, "id"), ctx);
    };
    s.field("QueryRoot", node);
    graphql::FieldDef nodes;
    nodes.name = "nodes";
    nodes.kind = FieldKind::list;
    nodes.type = "Node";
    nodes.resolve = [](const Entity&, const graphql::Args& args,
                       graphql::Context& ctx) -> graphql::Result {
        std::vector<Entity> out;
        const auto* ids_v = args.if_contains("ids");
        if (!ids_v || !ids_v->is_array())
            return out;
        if (ids_v->as_array().size() > 250)
            throw graphql::FieldError{"The maximum number of ids is 250", "BAD_REQUEST", {}};
        for (const auto& v : ids_v->as_array()) {
            if (!v.is_string())
                continue;
            auto r = node_for(std::string(v.as_string()), ctx);
            // A null node keeps its slot; the executor renders an empty entity as null.
            if (auto* e = std::get_if<Entity>(&r))
                out.push_back(*e);
            else
                out.push_back(Entity{"", nullptr});
        }
        return out;
    };
    s.field("QueryRoot", nodes);
}

}  // namespace sb::emulators::shopify
