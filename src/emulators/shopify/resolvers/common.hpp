#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "emulators/shopify/data/model.hpp"
#include "emulators/shopify/data/paging.hpp"
#include "emulators/shopify/graphql/schema.hpp"

// Helpers shared by the resolver files: GIDs, DateTime, money bags and field registration.
namespace sb::emulators::shopify {

std::string gid(std::string_view type, std::int64_t id);
// "gid://shopify/Order/123" → ("Order", 123); also accepts a bare number for `type`.
std::optional<std::pair<std::string, std::int64_t>> parse_gid(std::string_view text);
std::string iso_time(std::int64_t ms);  // "2024-01-10T16:00:00Z"
boost::json::value opt_string(const std::optional<std::string>& s);
boost::json::value opt_time(const std::optional<std::int64_t>& ms);
boost::json::value string_list(const std::vector<std::string>& v);

// A money amount with its presentment conversion (MoneyBag / MoneyV2 entities).
struct MoneyBagRef {
    std::int64_t shop_minor = 0;
    std::string shop_currency = "USD";
    std::string presentment_currency = "USD";
    double rate = 1.0;
};
struct MoneyRef {
    std::string amount;
    std::string currency;
};
graphql::Entity money_bag(std::int64_t minor, const Order& o);
graphql::Entity money_bag(std::int64_t minor, const std::string& currency);
graphql::Entity money_v2(std::int64_t minor, const std::string& currency);

// Reads first/last/after/before/reverse; throws graphql::FieldError on bad values.
PageRequest page_request(const graphql::Args& args);
std::string arg_string(const graphql::Args& args, std::string_view name, std::string fallback = {});
std::optional<std::int64_t> arg_int(const graphql::Args& args, std::string_view name);
bool arg_bool(const graphql::Args& args, std::string_view name, bool fallback = false);

// Throws ACCESS_DENIED unless `scope` (or its write_ form) was granted.
void require_scope(const graphql::Context& ctx, std::string_view field, std::string_view scope);

graphql::ConnectionResult slice_connection(std::vector<graphql::Entity> all,
                                           const graphql::Args& args);

// A child record that keeps its parent alive (a line item inside its order).
template <class P>
struct ChildRef {
    std::shared_ptr<const P> parent;
    std::size_t index = 0;
};
template <class P>
std::shared_ptr<const P> shared_of(const graphql::Entity& e) {
    return std::static_pointer_cast<const P>(e.data);
}

// Registration shorthands.
template <class T, class F>
void scalar(graphql::Schema& s, const std::string& type, const std::string& name,
            const std::string& rtype, F fn) {
    graphql::FieldDef d;
    d.name = name;
    d.kind = graphql::FieldKind::scalar;
    d.type = rtype;
    d.resolve = [fn](const graphql::Entity& e, const graphql::Args&,
                     graphql::Context&) -> graphql::Result {
        return boost::json::value(fn(e.as<T>()));
    };
    s.field(type, std::move(d));
}

template <class T, class F>
void object(graphql::Schema& s, const std::string& type, const std::string& name,
            const std::string& rtype, F fn, graphql::FieldKind kind = graphql::FieldKind::object) {
    graphql::FieldDef d;
    d.name = name;
    d.kind = kind;
    d.type = rtype;
    d.resolve = [fn](const graphql::Entity& e, const graphql::Args&,
                     graphql::Context&) -> graphql::Result { return fn(e.as<T>()); };
    s.field(type, std::move(d));
}

template <class T, class F>
void object_ctx(graphql::Schema& s, const std::string& type, const std::string& name,
                const std::string& rtype, F fn,
                graphql::FieldKind kind = graphql::FieldKind::object) {
    graphql::FieldDef d;
    d.name = name;
    d.kind = kind;
    d.type = rtype;
    d.resolve = [fn](const graphql::Entity& e, const graphql::Args&,
                     graphql::Context& ctx) -> graphql::Result { return fn(e.as<T>(), ctx); };
    s.field(type, std::move(d));
}

// A connection over an in-memory list (an order's line items, a product's variants).
template <class T, class F>
void list_connection(graphql::Schema& s, const std::string& type, const std::string& name,
                     const std::string& node_type, F make_nodes) {
    graphql::FieldDef d;
    d.name = name;
    d.kind = graphql::FieldKind::connection;
    d.type = node_type;
    d.resolve = [make_nodes](const graphql::Entity& e, const graphql::Args& args,
                             graphql::Context& ctx) -> graphql::Result {
        std::vector<graphql::Entity> all = make_nodes(e);
        graphql::ConnectionResult c;
        if (ctx.bulk) {
            for (std::size_t i = 0; i < all.size(); ++i)
                c.cursors.push_back(std::to_string(i));
            c.nodes = std::move(all);
            return c;
        }
        return slice_connection(std::move(all), args);
    };
    s.field(type, std::move(d));
}

class Store;
// Entities by legacy id; json null when the id is unknown.
graphql::Result product_entity(const Store& store, std::int64_t product_id);
graphql::Result variant_entity(const Store& store, std::int64_t variant_id);
graphql::Result inventory_item_entity(const Store& store, std::int64_t item_id);
graphql::Result customer_entity(const Store& store, std::int64_t customer_id);
graphql::Result location_entity(const Store& store, std::int64_t location_id);
graphql::Result order_entity(const Store& store, std::int64_t order_id);
graphql::Result carrier_service_entity(const Store& store, std::int64_t carrier_service_id);
graphql::Result bulk_operation_entity(const graphql::Context& ctx, std::int64_t id);

// Mutation payloads and user errors: a bag of named results.
struct PayloadRef {
    std::map<std::string, graphql::Result, std::less<>> fields;
};
struct UserErrorRef {
    std::vector<std::string> field;
    std::string message;
    std::string code;
};
graphql::Entity user_error(std::vector<std::string> field, std::string message,
                           std::string code = {});
// Registers `type` whose fields read the payload bag; kinds/types given per field.
void payload_type(
    graphql::Schema& s, const std::string& type,
    const std::vector<std::tuple<std::string, graphql::FieldKind, std::string>>& fields);

}  // namespace sb::emulators::shopify
