#include <algorithm>
#include <boost/json/array.hpp>

#include "emulators/shopify/data/money.hpp"
#include "emulators/shopify/data/store.hpp"
#include "emulators/shopify/resolvers/common.hpp"
#include "emulators/shopify/resolvers/services.hpp"

// Products, variants, inventory items and levels, locations and the shop.
namespace sb::emulators::shopify {

namespace json = boost::json;
using graphql::Entity;
using graphql::FieldKind;
using graphql::make_entity;
using VariantRef = ChildRef<Product>;

namespace {

const char* const k_quantity_names[] = {"available", "on_hand", "committed",    "incoming",
                                        "reserved",  "damaged", "safety_stock", "quality_control"};

std::string upper(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// A variant's value of one option (SelectedOption), and the product's option behind it.
struct SelectedRef {
    std::shared_ptr<const Product> product;
    int position = 1;  // 1–3
    std::string value;
};

std::vector<std::string> option_names(const Product& p) {
    std::vector<std::string> out{p.option1_name};
    if (p.option2_name)
        out.push_back(*p.option2_name);
    if (p.option3_name)
        out.push_back(*p.option3_name);
    return out;
}

std::optional<std::string> variant_option(const Variant& v, int position) {
    return position == 1 ? std::optional<std::string>(v.option1)
                         : (position == 2 ? v.option2 : v.option3);
}

// An option's values in the order the variants first use them.
std::vector<std::string> option_values(const Product& p, int position) {
    std::vector<std::string> out;
    for (const auto& v : p.variants) {
        auto x = variant_option(v, position);
        if (x && std::find(out.begin(), out.end(), *x) == out.end())
            out.push_back(*x);
    }
    return out;
}

std::int64_t option_value_id(const Product& p, int position, const std::string& value) {
    const auto values = option_values(p, position);
    const auto k = std::find(values.begin(), values.end(), value) - values.begin();
    return ids::product_option(p.id, position) * 100 + k;
}

std::vector<Entity> levels_of(const Store& store, std::int64_t product_id, int slot) {
    std::vector<Entity> out;
    const auto p = product_id - ids::product;
    for (std::int64_t l = 0; l < store.location_count(); ++l) {
        out.push_back(make_entity("InventoryLevel", store.inventory_level(p, slot, l)));
    }
    return out;
}

void register_product(graphql::Schema& s) {
    const std::string t = "Product";
    scalar<Product>(s, t, "id", "ID",
                    [](const Product& p) { return json::value(gid("Product", p.id)); });
    scalar<Product>(s, t, "legacyResourceId", "UnsignedInt64",
                    [](const Product& p) { return json::value(std::to_string(p.id)); });
    scalar<Product>(s, t, "title", "String", [](const Product& p) { return json::value(p.title); });
    scalar<Product>(s, t, "handle", "String",
                    [](const Product& p) { return json::value(p.handle); });
    scalar<Product>(s, t, "descriptionHtml", "HTML",
                    [](const Product& p) { return json::value(p.body_html); });
    scalar<Product>(s, t, "vendor", "String",
                    [](const Product& p) { return json::value(p.vendor); });
    scalar<Product>(s, t, "productType", "String",
                    [](const Product& p) { return json::value(p.product_type); });
    scalar<Product>(s, t, "status", "ProductStatus",
                    [](const Product& p) { return json::value(upper(p.status)); });
    scalar<Product>(s, t, "tags", "[String!]!",
                    [](const Product& p) { return string_list(p.tags); });
    scalar<Product>(s, t, "createdAt", "DateTime",
                    [](const Product& p) { return json::value(iso_time(p.created_at)); });
    scalar<Product>(s, t, "updatedAt", "DateTime",
                    [](const Product& p) { return json::value(iso_time(p.updated_at)); });
    scalar<Product>(s, t, "publishedAt", "DateTime",
                    [](const Product& p) { return opt_time(p.published_at); });
    object_ctx<Product>(
        s, t, "totalInventory", "Int",
        [](const Product& p, graphql::Context& ctx) -> graphql::Result {
            const Store& st = *services(ctx).store;
            std::int64_t sum = 0;
            for (std::size_t k = 0; k < p.variants.size(); ++k) {
                for (std::int64_t l = 0; l < st.location_count(); ++l) {
                    sum +=
                        st.inventory_level(p.id - ids::product, static_cast<int>(k), l).available;
                }
            }
            return json::value(sum);
        },
        FieldKind::scalar);
    graphql::FieldDef options;
    options.name = "options";
    options.kind = FieldKind::list;
    options.type = "ProductOption";
    options.resolve = [](const Entity& e, const graphql::Args& args,
                         graphql::Context&) -> graphql::Result {
        auto p = shared_of<Product>(e);
        std::vector<Entity> out;
        const auto n = static_cast<std::int64_t>(option_names(*p).size());
        for (std::int64_t k = 0; k < std::min(n, arg_int(args, "first").value_or(n)); ++k)
            out.push_back(make_entity("ProductOption", VariantRef{p, static_cast<std::size_t>(k)}));
        return out;
    };
    s.field(t, std::move(options));
    const std::string o = "ProductOption";
    auto position = [](const VariantRef& r) { return static_cast<int>(r.index) + 1; };
    scalar<VariantRef>(s, o, "id", "ID", [position](const VariantRef& r) {
        return json::value(gid("ProductOption", ids::product_option(r.parent->id, position(r))));
    });
    scalar<VariantRef>(s, o, "name", "String", [](const VariantRef& r) {
        return json::value(option_names(*r.parent)[r.index]);
    });
    scalar<VariantRef>(s, o, "position", "Int",
                       [position](const VariantRef& r) { return json::value(position(r)); });
    scalar<VariantRef>(s, o, "values", "[String!]!", [position](const VariantRef& r) {
        return string_list(option_values(*r.parent, position(r)));
    });
    object<VariantRef>(
        s, o, "optionValues", "ProductOptionValue",
        [position](const VariantRef& r) -> graphql::Result {
            std::vector<Entity> out;
            for (auto& v : option_values(*r.parent, position(r))) {
                out.push_back(make_entity("ProductOptionValue",
                                          SelectedRef{r.parent, position(r), std::move(v)}));
            }
            return out;
        },
        FieldKind::list);
    const std::string ov = "ProductOptionValue";
    scalar<SelectedRef>(s, ov, "id", "ID", [](const SelectedRef& x) {
        return json::value(
            gid("ProductOptionValue", option_value_id(*x.product, x.position, x.value)));
    });
    scalar<SelectedRef>(s, ov, "name", "String",
                        [](const SelectedRef& x) { return json::value(x.value); });
    scalar<SelectedRef>(s, ov, "hasVariants", "Boolean",
                        [](const SelectedRef&) { return json::value(true); });
    scalar<Product>(s, t, "hasOnlyDefaultVariant", "Boolean", [](const Product& p) {
        return json::value(p.variants.size() == 1 && p.variants[0].title == "Default Title");
    });
    list_connection<Product>(s, t, "variants", "ProductVariant", [](const Entity& e) {
        auto p = shared_of<Product>(e);
        std::vector<Entity> out;
        for (std::size_t k = 0; k < p->variants.size(); ++k)
            out.push_back(make_entity("ProductVariant", VariantRef{p, k}));
        return out;
    });
}

void register_variant(graphql::Schema& s) {
    const std::string t = "ProductVariant";
    auto v = [](const VariantRef& r) -> const Variant& { return r.parent->variants[r.index]; };
    scalar<VariantRef>(s, t, "id", "ID", [v](const VariantRef& r) {
        return json::value(gid("ProductVariant", v(r).id));
    });
    scalar<VariantRef>(s, t, "legacyResourceId", "UnsignedInt64",
                       [v](const VariantRef& r) { return json::value(std::to_string(v(r).id)); });
    scalar<VariantRef>(s, t, "title", "String",
                       [v](const VariantRef& r) { return json::value(v(r).title); });
    scalar<VariantRef>(s, t, "displayName", "String", [v](const VariantRef& r) {
        return json::value(r.parent->title + " - " + v(r).title);
    });
    scalar<VariantRef>(s, t, "sku", "String",
                       [v](const VariantRef& r) { return json::value(v(r).sku); });
    scalar<VariantRef>(s, t, "barcode", "String",
                       [v](const VariantRef& r) { return opt_string(v(r).barcode); });
    scalar<VariantRef>(s, t, "position", "Int",
                       [v](const VariantRef& r) { return json::value(v(r).position); });
    scalar<VariantRef>(s, t, "price", "Money",
                       [v](const VariantRef& r) { return json::value(format_money(v(r).price)); });
    scalar<VariantRef>(s, t, "compareAtPrice", "Money", [v](const VariantRef& r) {
        return v(r).compare_at_price ? json::value(format_money(*v(r).compare_at_price))
                                     : json::value(nullptr);
    });
    scalar<VariantRef>(s, t, "taxable", "Boolean",
                       [v](const VariantRef& r) { return json::value(v(r).taxable); });
    scalar<VariantRef>(
        s, t, "inventoryPolicy", "ProductVariantInventoryPolicy",
        [v](const VariantRef& r) { return json::value(upper(v(r).inventory_policy)); });
    scalar<VariantRef>(s, t, "createdAt", "DateTime",
                       [v](const VariantRef& r) { return json::value(iso_time(v(r).created_at)); });
    scalar<VariantRef>(s, t, "updatedAt", "DateTime",
                       [v](const VariantRef& r) { return json::value(iso_time(v(r).updated_at)); });
    object_ctx<VariantRef>(
        s, t, "inventoryQuantity", "Int",
        [v](const VariantRef& r, graphql::Context& ctx) -> graphql::Result {
            const Store& st = *services(ctx).store;
            std::int64_t sum = 0;
            for (std::int64_t l = 0; l < st.location_count(); ++l) {
                sum += st.inventory_level(r.parent->id - ids::product, static_cast<int>(r.index), l)
                           .available;
            }
            return json::value(sum);
        },
        FieldKind::scalar);
    object<VariantRef>(
        s, t, "selectedOptions", "SelectedOption",
        [](const VariantRef& r) -> graphql::Result {
            std::vector<Entity> out;
            const auto names = option_names(*r.parent);
            for (int k = 1; k <= static_cast<int>(names.size()); ++k) {
                if (auto value = variant_option(r.parent->variants[r.index], k))
                    out.push_back(make_entity("SelectedOption", SelectedRef{r.parent, k, *value}));
            }
            return out;
        },
        FieldKind::list);
    const std::string so = "SelectedOption";
    scalar<SelectedRef>(s, so, "name", "String", [](const SelectedRef& x) {
        return json::value(option_names(*x.product)[static_cast<std::size_t>(x.position - 1)]);
    });
    scalar<SelectedRef>(s, so, "value", "String",
                        [](const SelectedRef& x) { return json::value(x.value); });
    object<SelectedRef>(s, so, "optionValue", "ProductOptionValue",
                        [](const SelectedRef& x) -> graphql::Result {
                            return make_entity("ProductOptionValue", x);
                        });
    object<VariantRef>(s, t, "product", "Product", [](const VariantRef& r) -> graphql::Result {
        return Entity{"Product", r.parent};
    });
    object<VariantRef>(
        s, t, "inventoryItem", "InventoryItem",
        [](const VariantRef& r) -> graphql::Result { return make_entity("InventoryItem", r); });
}

void register_inventory(graphql::Schema& s) {
    const std::string t = "InventoryItem";
    auto v = [](const VariantRef& r) -> const Variant& { return r.parent->variants[r.index]; };
    scalar<VariantRef>(s, t, "id", "ID", [v](const VariantRef& r) {
        return json::value(gid("InventoryItem", v(r).inventory_item_id));
    });
    scalar<VariantRef>(s, t, "legacyResourceId", "UnsignedInt64", [v](const VariantRef& r) {
        return json::value(std::to_string(v(r).inventory_item_id));
    });
    scalar<VariantRef>(s, t, "sku", "String",
                       [v](const VariantRef& r) { return json::value(v(r).sku); });
    scalar<VariantRef>(s, t, "tracked", "Boolean",
                       [](const VariantRef&) { return json::value(true); });
    scalar<VariantRef>(s, t, "requiresShipping", "Boolean",
                       [v](const VariantRef& r) { return json::value(v(r).requires_shipping); });
    scalar<VariantRef>(s, t, "createdAt", "DateTime",
                       [v](const VariantRef& r) { return json::value(iso_time(v(r).created_at)); });
    scalar<VariantRef>(s, t, "updatedAt", "DateTime",
                       [v](const VariantRef& r) { return json::value(iso_time(v(r).updated_at)); });
    object<VariantRef>(s, t, "unitCost", "MoneyV2", [v](const VariantRef& r) -> graphql::Result {
        return money_v2(v(r).price * 4 / 10, "USD");
    });
    object<VariantRef>(
        s, t, "variant", "ProductVariant",
        [](const VariantRef& r) -> graphql::Result { return make_entity("ProductVariant", r); });
    // The successor of the deprecated `variant`: every item belongs to exactly one variant.
    list_connection<VariantRef>(s, t, "variants", "ProductVariant", [](const Entity& e) {
        return std::vector<Entity>{make_entity("ProductVariant", e.as<VariantRef>())};
    });
    graphql::FieldDef levels;
    levels.name = "inventoryLevels";
    levels.kind = FieldKind::connection;
    levels.type = "InventoryLevel";
    levels.resolve = [](const Entity& e, const graphql::Args& args,
                        graphql::Context& ctx) -> graphql::Result {
        const auto& r = e.as<VariantRef>();
        auto all = levels_of(*services(ctx).store, r.parent->id, static_cast<int>(r.index));
        if (ctx.bulk) {
            graphql::ConnectionResult c;
            for (std::size_t i = 0; i < all.size(); ++i)
                c.cursors.push_back(std::to_string(i));
            c.nodes = std::move(all);
            return c;
        }
        return slice_connection(std::move(all), args);
    };
    s.field(t, levels);
    graphql::FieldDef one;
    one.name = "inventoryLevel";
    one.kind = FieldKind::object;
    one.type = "InventoryLevel";
    one.resolve = [](const Entity& e, const graphql::Args& args,
                     graphql::Context& ctx) -> graphql::Result {
        const auto& r = e.as<VariantRef>();
        const Store& st = *services(ctx).store;
        auto g = parse_gid(arg_string(args, "locationId"));
        auto li = g ? st.location_index(g->second) : std::nullopt;
        if (!li)
            return json::value(nullptr);
        return make_entity("InventoryLevel", st.inventory_level(r.parent->id - ids::product,
                                                                static_cast<int>(r.index), *li));
    };
    s.field(t, one);

    const std::string l = "InventoryLevel";
    scalar<InventoryLevel>(s, l, "id", "ID", [](const InventoryLevel& x) {
        return json::value("gid://shopify/InventoryLevel/" + std::to_string(x.inventory_item_id) +
                           "?inventory_item_id=" + std::to_string(x.inventory_item_id) +
                           "&location_id=" + std::to_string(x.location_id));
    });
    scalar<InventoryLevel>(s, l, "createdAt", "DateTime", [](const InventoryLevel&) {
        return json::value(iso_time(k_epoch_start_ms));
    });
    scalar<InventoryLevel>(s, l, "updatedAt", "DateTime", [](const InventoryLevel& x) {
        return json::value(iso_time(x.updated_at));
    });
    scalar<InventoryLevel>(s, l, "canDeactivate", "Boolean",
                           [](const InventoryLevel&) { return json::value(true); });
    object_ctx<InventoryLevel>(s, l, "location", "Location",
                               [](const InventoryLevel& x, graphql::Context& ctx) {
                                   return location_entity(*services(ctx).store, x.location_id);
                               });
    object_ctx<InventoryLevel>(
        s, l, "item", "InventoryItem", [](const InventoryLevel& x, graphql::Context& ctx) {
            return inventory_item_entity(*services(ctx).store, x.inventory_item_id);
        });
    graphql::FieldDef q;
    q.name = "quantities";
    q.kind = FieldKind::list;
    q.type = "InventoryQuantity";
    q.resolve = [](const Entity& e, const graphql::Args& args,
                   graphql::Context&) -> graphql::Result {
        const auto& x = e.as<InventoryLevel>();
        std::vector<Entity> out;
        const auto* names = args.if_contains("names");
        std::vector<std::string> wanted;
        if (names && names->is_array()) {
            for (const auto& n : names->as_array()) {
                if (n.is_string())
                    wanted.emplace_back(n.as_string());
            }
        } else if (names && names->is_string()) {
            wanted.emplace_back(names->as_string());
        }
        for (const auto& n : wanted) {
            bool known = false;
            for (const char* k : k_quantity_names)
                known = known || n == k;
            if (!known) {
                throw graphql::FieldError{
                    "The quantity name '" + n + "' is invalid.", "BAD_REQUEST", {}};
            }
            out.push_back(make_entity("InventoryQuantity", std::make_pair(n, x.quantity(n))));
        }
        return out;
    };
    s.field(l, q);
    using Q = std::pair<std::string, std::int64_t>;
    scalar<Q>(s, "InventoryQuantity", "name", "String",
              [](const Q& x) { return json::value(x.first); });
    scalar<Q>(s, "InventoryQuantity", "quantity", "Int",
              [](const Q& x) { return json::value(x.second); });
    scalar<Q>(s, "InventoryQuantity", "updatedAt", "DateTime",
              [](const Q&) { return json::value(nullptr); });
}

void register_location(graphql::Schema& s) {
    const std::string t = "Location";
    scalar<Location>(s, t, "id", "ID",
                     [](const Location& l) { return json::value(gid("Location", l.id)); });
    scalar<Location>(s, t, "legacyResourceId", "UnsignedInt64",
                     [](const Location& l) { return json::value(std::to_string(l.id)); });
    scalar<Location>(s, t, "name", "String", [](const Location& l) { return json::value(l.name); });
    scalar<Location>(s, t, "isActive", "Boolean",
                     [](const Location& l) { return json::value(l.active); });
    // A closed location neither takes online orders nor ships: Shopify turns both off.
    scalar<Location>(s, t, "fulfillsOnlineOrders", "Boolean",
                     [](const Location& l) { return json::value(l.active); });
    scalar<Location>(s, t, "shipsInventory", "Boolean",
                     [](const Location& l) { return json::value(l.active); });
    // Published as a String, not a DateTime.
    scalar<Location>(s, t, "deactivatedAt", "String",
                     [](const Location& l) { return opt_time(l.deactivated_at); });
    scalar<Location>(s, t, "activatable", "Boolean",
                     [](const Location& l) { return json::value(!l.active); });
    scalar<Location>(s, t, "deactivatable", "Boolean", [](const Location& l) {
        return json::value(l.active && l.id != ids::location + 1);  // not the primary one
    });
    scalar<Location>(s, t, "deletable", "Boolean",
                     [](const Location& l) { return json::value(!l.active); });
    scalar<Location>(s, t, "hasActiveInventory", "Boolean",
                     [](const Location& l) { return json::value(l.active); });
    scalar<Location>(s, t, "createdAt", "DateTime",
                     [](const Location& l) { return json::value(iso_time(l.created_at)); });
    scalar<Location>(s, t, "updatedAt", "DateTime",
                     [](const Location& l) { return json::value(iso_time(l.updated_at)); });
    object<Location>(s, t, "address", "LocationAddress", [](const Location& l) -> graphql::Result {
        return make_entity("LocationAddress", l.address);
    });
    const std::string a = "LocationAddress";
    scalar<Address>(s, a, "address1", "String",
                    [](const Address& x) { return json::value(x.address1); });
    scalar<Address>(s, a, "address2", "String", [](const Address& x) {
        return x.address2.empty() ? json::value(nullptr) : json::value(x.address2);
    });
    scalar<Address>(s, a, "city", "String", [](const Address& x) { return json::value(x.city); });
    scalar<Address>(s, a, "province", "String",
                    [](const Address& x) { return json::value(x.province); });
    scalar<Address>(s, a, "provinceCode", "String",
                    [](const Address& x) { return json::value(x.province_code); });
    scalar<Address>(s, a, "country", "String",
                    [](const Address& x) { return json::value(x.country); });
    scalar<Address>(s, a, "countryCode", "String",
                    [](const Address& x) { return json::value(x.country_code); });
    scalar<Address>(s, a, "zip", "String", [](const Address& x) { return json::value(x.zip); });
    scalar<Address>(s, a, "phone", "String", [](const Address& x) { return opt_string(x.phone); });
    graphql::FieldDef levels;
    levels.name = "inventoryLevels";
    levels.kind = FieldKind::connection;
    levels.type = "InventoryLevel";
    levels.resolve = [](const Entity& e, const graphql::Args& args,
                        graphql::Context& ctx) -> graphql::Result {
        const auto& loc = e.as<Location>();
        const Store& st = *services(ctx).store;
        const std::int64_t li = loc.id - ids::location - 1;
        // Levels are addressed as (product, slot) pairs, so a page walks products in order.
        Collection c;
        c.count = st.product_count() * ids::variants_per_product;
        c.id_of = [](std::int64_t i) { return i; };
        c.index_of = [n = c.count](std::int64_t id) -> std::optional<std::int64_t> {
            if (id < 0 || id >= n)
                return std::nullopt;
            return id;
        };
        c.matches = [&st](std::int64_t i) {
            return (i % ids::variants_per_product) <
                   st.catalog().variant_count(i / ids::variants_per_product);
        };
        auto make = [&st, li](std::int64_t i) {
            return make_entity(
                "InventoryLevel",
                st.inventory_level(i / ids::variants_per_product,
                                   static_cast<int>(i % ids::variants_per_product), li));
        };
        graphql::ConnectionResult out;
        if (ctx.bulk) {
            out.stream = [c, make](const std::function<bool(const Entity&)>& fn) {
                for_each_match(c, false, [&](std::int64_t i) { return fn(make(i)); });
            };
            return out;
        }
        Page page;
        if (!paginate(c, page_request(args), page))
            throw graphql::FieldError{"Invalid cursor", "BAD_REQUEST", {}};
        for (std::size_t k = 0; k < page.indexes.size(); ++k) {
            out.nodes.push_back(make(page.indexes[k]));
            out.cursors.push_back(page.cursors[k]);
        }
        out.has_next = page.has_next;
        out.has_previous = page.has_previous;
        return out;
    };
    s.field(t, levels);
}

void register_shop(graphql::Schema& s) {
    const std::string t = "Shop";
    scalar<Shop>(s, t, "id", "ID", [](const Shop& x) { return json::value(gid("Shop", x.id)); });
    scalar<Shop>(s, t, "name", "String", [](const Shop& x) { return json::value(x.name); });
    scalar<Shop>(s, t, "email", "String", [](const Shop& x) { return json::value(x.email); });
    scalar<Shop>(s, t, "contactEmail", "String",
                 [](const Shop& x) { return json::value(x.email); });
    scalar<Shop>(s, t, "myshopifyDomain", "String",
                 [](const Shop& x) { return json::value(x.myshopify_domain); });
    scalar<Shop>(s, t, "currencyCode", "CurrencyCode",
                 [](const Shop& x) { return json::value(x.currency); });
    scalar<Shop>(s, t, "enabledPresentmentCurrencies", "[CurrencyCode!]!",
                 [](const Shop& x) { return string_list(x.presentment_currencies); });
    scalar<Shop>(s, t, "ianaTimezone", "String", [](const Shop&) { return json::value("UTC"); });
    scalar<Shop>(s, t, "timezoneAbbreviation", "String",
                 [](const Shop&) { return json::value("UTC"); });
    scalar<Shop>(s, t, "timezoneOffset", "String",
                 [](const Shop&) { return json::value("+0000"); });
    scalar<Shop>(s, t, "timezoneOffsetMinutes", "Int", [](const Shop&) { return json::value(0); });
    scalar<Shop>(s, t, "weightUnit", "WeightUnit",
                 [](const Shop&) { return json::value("KILOGRAMS"); });
    scalar<Shop>(s, t, "taxesIncluded", "Boolean", [](const Shop&) { return json::value(false); });
    scalar<Shop>(s, t, "createdAt", "DateTime",
                 [](const Shop& x) { return json::value(iso_time(x.created_at)); });
    scalar<Shop>(s, t, "updatedAt", "DateTime",
                 [](const Shop& x) { return json::value(iso_time(x.updated_at)); });
    object<Shop>(s, t, "plan", "ShopPlan",
                 [](const Shop& x) -> graphql::Result { return make_entity("ShopPlan", x); });
    scalar<Shop>(s, "ShopPlan", "displayName", "String",
                 [](const Shop& x) { return json::value(x.plan_display_name); });
    // The successor of the deprecated displayName; the store keeps one name per plan.
    scalar<Shop>(s, "ShopPlan", "publicDisplayName", "String",
                 [](const Shop& x) { return json::value(x.plan_display_name); });
    scalar<Shop>(s, "ShopPlan", "shopifyPlus", "Boolean",
                 [](const Shop& x) { return json::value(x.plan_name == "shopify_plus"); });
    scalar<Shop>(s, "ShopPlan", "partnerDevelopment", "Boolean",
                 [](const Shop&) { return json::value(false); });
    object<Shop>(s, t, "billingAddress", "ShopAddress", [](const Shop& x) -> graphql::Result {
        return make_entity("ShopAddress", x.address);
    });
    // The successor of the deprecated billingAddress: the same address.
    object<Shop>(s, t, "shopAddress", "ShopAddress", [](const Shop& x) -> graphql::Result {
        return make_entity("ShopAddress", x.address);
    });
    const std::string a = "ShopAddress";
    scalar<Address>(s, a, "address1", "String",
                    [](const Address& x) { return json::value(x.address1); });
    scalar<Address>(s, a, "city", "String", [](const Address& x) { return json::value(x.city); });
    scalar<Address>(s, a, "province", "String",
                    [](const Address& x) { return json::value(x.province); });
    scalar<Address>(s, a, "country", "String",
                    [](const Address& x) { return json::value(x.country); });
    scalar<Address>(s, a, "countryCodeV2", "CountryCode",
                    [](const Address& x) { return json::value(x.country_code); });
    scalar<Address>(s, a, "zip", "String", [](const Address& x) { return json::value(x.zip); });
}

}  // namespace

graphql::Result product_entity(const Store& st, std::int64_t id) {
    auto i = st.product_index(id);
    if (!i)
        return json::value(nullptr);
    return make_entity("Product", st.product_at(*i));
}

graphql::Result variant_entity(const Store& st, std::int64_t id) {
    auto slot = st.variant_slot(id);
    if (!slot)
        return json::value(nullptr);
    auto p = std::make_shared<const Product>(st.product_at(slot->first));
    return make_entity("ProductVariant", VariantRef{p, static_cast<std::size_t>(slot->second)});
}

graphql::Result inventory_item_entity(const Store& st, std::int64_t id) {
    auto slot = st.inventory_item_slot(id);
    if (!slot)
        return json::value(nullptr);
    auto p = std::make_shared<const Product>(st.product_at(slot->first));
    return make_entity("InventoryItem", VariantRef{p, static_cast<std::size_t>(slot->second)});
}

graphql::Result location_entity(const Store& st, std::int64_t id) {
    auto i = st.location_index(id);
    if (!i)
        return json::value(nullptr);
    return make_entity("Location", st.location_at(*i));
}

graphql::Result order_entity(const Store& st, std::int64_t id) {
    auto i = st.order_index(id);
    if (!i)
        return json::value(nullptr);
    return make_entity("Order", st.order_at(*i));
}

void register_catalog_types(graphql::Schema& s) {
    register_product(s);
    register_variant(s);
    register_inventory(s);
    register_location(s);
    register_shop(s);
}

}  // namespace sb::emulators::shopify
