#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/url/url.hpp>
#include <cmath>

#include "api/deps.hpp"
#include "api/json_io.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "domain/records/codec.hpp"

// Seed 004: the account's customers, their orders and order items, and carts, over every
// integration of the account (/erc/ecommerce/...).
namespace sb::api {

namespace {

namespace json = boost::json;
using storage::StoredRecord;

constexpr const char* k_base = "/erc/ecommerce";
constexpr int k_default_limit = 20;
constexpr int k_max_limit = 100;
// The orders a list accepts in order_by: customers have one (integration, id), orders and
// carts are by change time.
const ListOptions k_one_order{.order_fields = {}};
const ListOptions k_by_update{.order_fields = {"updated_at"}, .descending = false};

namespace records = domain::records;

json::value text(const records::Text& t, json::storage_ptr sp = {}) {
    return t ? json::value(*t, std::move(sp)) : json::value(nullptr, std::move(sp));
}

template <class T>
T decode_or_empty(const std::string& data) {
    return records::decode<T>(data).value_or(T{});
}

double amount_of(const records::Money& m) {
    if (!m.amount)
        return 0;
    try {
        return std::stod(*m.amount);
    } catch (const std::exception&) {
        return 0;
    }
}

// Seed 004's money: {value (number), currency}; `fallback_currency` when the amount has none.
json::value money(const std::optional<records::Money>& m, json::storage_ptr sp = {},
                  const records::Text& fallback_currency = std::nullopt) {
    if (!m)
        return json::value(nullptr, std::move(sp));
    return json::object({{"value", amount_of(*m)},
                         {"currency", text(m->currency ? m->currency : fallback_currency)}},
                        std::move(sp));
}

int read_limit(const http::Request& req) {
    return api::read_limit(req, k_default_limit, k_max_limit);
}

[[noreturn]] void bad_cursor() {
    throw ApiError(Errc::invalid_cursor, "The cursor is invalid",
                   "Use the next link of the previous page, with the same order_by.",
                   {{"cursor", "invalid"}});
}

// A link to this path with the query replaced by `params`.
std::string link(const Deps& deps, const http::Request& req,
                 const std::vector<std::pair<std::string, std::string>>& params) {
    boost::urls::url u;
    u.set_path(req.path);
    for (const auto& [k, v] : params)
        u.params().append({k, v});
    return deps.public_url + std::string(u.buffer());
}

// Keyset pages of records (by integration and id, or by change time and id).
struct RecordCursor {
    std::string scope;
    std::optional<storage::RecordPosition> read(const Deps& deps, const http::Request& req) const {
        return read_record_cursor(req, deps.cursors, scope);
    }
    std::string write(const Deps& deps, const storage::RecordPosition& p) const {
        return record_cursor(deps.cursors, scope, p);
    }
};

json::object page_body(const Deps& deps, const http::Request& req, json::array items,
                       const domain::RecordPage& page, const RecordCursor& cursor, int limit) {
    json::object links{{"self", {{"href", deps.public_url + req.target}}}};
    if (page.next) {
        std::vector<std::pair<std::string, std::string>> params;
        for (const auto& [k, v] : req.query) {
            if (k != "cursor" && k != "limit")
                params.emplace_back(k, v);
        }
        params.emplace_back("limit", std::to_string(limit));
        params.emplace_back("cursor", cursor.write(deps, *page.next));
        links["next"] = {{"href", link(deps, req, params)}};
    }
    const auto count = static_cast<std::int64_t>(items.size());
    return {{"_embedded", {{"items", std::move(items)}}}, {"_links", links}, {"count", count}};
}

std::string customer_href(const Deps& deps, const std::string& id) {
    return deps.public_url + k_base + "/customers/" + id;
}

json::object customer_json(const Deps& deps, const StoredRecord& r) {
    const auto d = decode_or_empty<records::Customer>(r.data);
    const auto id = domain::ErcService::id_of(r);
    const auto self = customer_href(deps, id);
    return {{"id", id},
            {"first_name", text(d.first_name)},
            {"last_name", text(d.last_name)},
            {"name", text(d.display_name)},
            {"email", text(d.email)},
            {"phone", text(d.phone)},
            {"created_at", text(d.created_at)},
            {"updated_at", text(d.updated_at)},
            {"custom_fields",
             {{"data_connection_id", r.integration_id}, {"external_id", r.external_id}}},
            {"_links",
             {{"self", {{"href", self}}},
              {"orders", {{"href", self + "/orders"}}},
              {"carts", {{"href", self + "/carts"}}}}}};
}

json::object order_json(const Deps& deps, const std::string& customer_id, const StoredRecord& r,
                        const records::Order& d) {
    const auto id = domain::ErcService::id_of(r);
    const auto self = customer_href(deps, customer_id) + "/orders/" + id;
    return {{"id", id},
            {"name", text(d.name)},
            {"status", d.status},
            {"financial_status", text(d.financial_status)},
            {"fulfillment_status", text(d.fulfillment_status)},
            {"total", money(d.total)},
            {"items_count", static_cast<std::int64_t>(d.line_items.size())},
            {"created_at", text(d.created_at)},
            {"updated_at", text(d.updated_at)},
            {"custom_fields",
             {{"data_connection_id", r.integration_id}, {"external_id", r.external_id}}},
            {"_links", {{"self", {{"href", self}}}, {"items", {{"href", self + "/items"}}}}}};
}

json::object order_json(const Deps& deps, const std::string& customer_id, const StoredRecord& r) {
    return order_json(deps, customer_id, r, decode_or_empty<records::Order>(r.data));
}

json::object cart_json(const Deps& deps, const StoredRecord& r) {
    const auto d = decode_or_empty<records::Cart>(r.data);
    const auto id = domain::ErcService::id_of(r);
    json::array items;
    for (const auto& l : d.line_items) {
        items.push_back(json::object{{"id", text(l.id)},
                                     {"name", text(l.title)},
                                     {"description", text(l.variant_title)},
                                     {"sku", text(l.sku)},
                                     {"quantity", l.quantity},
                                     {"price", money(l.unit_price)}});
    }
    return {{"id", id},
            {"customer_id", d.customer_id ? json::value(r.integration_id + ":" + *d.customer_id)
                                          : json::value(nullptr)},
            {"email", text(d.email)},
            {"currency", text(d.currency)},
            {"total", money(d.total)},
            {"recovery_url", text(d.recovery_url)},
            {"items", std::move(items)},
            {"created_at", text(d.created_at)},
            {"updated_at", text(d.updated_at)},
            {"completed_at", text(d.completed_at)},
            {"custom_fields",
             {{"data_connection_id", r.integration_id}, {"external_id", r.external_id}}},
            {"_links", {{"self", {{"href", deps.public_url + k_base + "/carts/" + id}}}}}};
}

// ---- order items (seed 004, exactly) ----

struct Item {
    json::object body;
    std::string id;
    domain::SortValue key;  // the order_by field's value
};

// Prices compare as integer micro-units, so the cursor carries an exact value.
std::int64_t micros(double v) {
    return static_cast<std::int64_t>(std::llround(v * 1'000'000));
}

// The items are built in `sp`, the request's arena.
std::vector<Item> items_of(const records::Order& order, const std::string& order_by,
                           const json::storage_ptr& sp) {
    std::vector<Item> out;
    out.reserve(order.line_items.size());
    for (const auto& l : order.line_items) {
        const std::string id = l.id.value_or("");
        json::array item_deliveries(sp);
        for (const auto& d : order.deliveries) {
            for (const auto& x : d.items) {
                if (x.line_item_id != l.id)
                    continue;
                json::value tracking_info(nullptr, sp);
                if (!d.tracking.empty()) {
                    tracking_info = json::object({{"tracking_number", text(d.tracking[0].number)},
                                                  {"external_url", text(d.tracking[0].url)}},
                                                 sp);
                }
                item_deliveries.push_back(
                    json::object({{"id", text(d.id)},
                                  {"delivery_quantity", x.quantity},
                                  {"latest_status_info",
                                   json::object({{"type", d.latest_status.type},
                                                 {"status_date_time", text(d.latest_status.at)}},
                                                sp)},
                                  {"tracking_info", std::move(tracking_info)},
                                  {"last_update", text(d.updated_at)}},
                                 sp));
            }
        }
        domain::SortValue key;
        if (order_by == "price")
            key = micros(l.unit_price ? amount_of(*l.unit_price) : 0.0);
        else if (order_by == "quantity")
            key = l.quantity;
        else if (order_by == "name")
            key = l.title.value_or("");
        else if (order_by == "sku")
            key = l.sku.value_or("");
        else
            key = id;
        // Built in place: an object moved into another storage is copied.
        out.push_back(Item{json::object({{"id", id},
                                         {"name", text(l.title, sp)},
                                         {"description", text(l.variant_title, sp)},
                                         {"brand", text(l.vendor, sp)},
                                         {"price", money(l.unit_price, sp, order.currency)},
                                         {"image_url", text(l.image_url, sp)},
                                         {"quantity", l.quantity},
                                         {"sku", text(l.sku, sp)},
                                         {"deliverable_quantity", l.unfulfilled_quantity},
                                         {"deliveries", std::move(item_deliveries)}},
                                        sp),
                           id, std::move(key)});
    }
    return out;
}

// Which alternative of SortValue a field's keys are (int64 for numbers, string otherwise).
std::size_t items_key_index(const std::string& field_name) {
    return field_name == "price" || field_name == "quantity" ? 0 : 1;
}

const std::vector<std::string>& item_order_fields() {
    static const std::vector<std::string> f{"id", "name", "price", "quantity", "sku"};
    return f;
}

http::Response order_items(const Deps& deps, const http::Request& req,
                           const domain::ErcService::OrderRecord& order,
                           const json::storage_ptr& sp) {
    const int limit = read_limit(req);
    std::string field_name = "id";
    bool desc = false;
    if (auto ob = req.query_param("order_by")) {
        const std::string text(*ob);
        const auto colon = text.find(':');
        field_name = text.substr(0, colon);
        const std::string dir = colon == std::string::npos ? "asc" : text.substr(colon + 1);
        const auto& allowed = item_order_fields();
        if (std::find(allowed.begin(), allowed.end(), field_name) == allowed.end() ||
            (dir != "asc" && dir != "desc")) {
            throw ApiError(Errc::validation_failed, "Invalid order_by", "",
                           {{"order_by",
                             "must be field:asc or field:desc with field one of id, "
                             "name, price, quantity, sku"}});
        }
        desc = dir == "desc";
    }
    const std::string order_text = field_name + (desc ? ":desc" : ":asc");
    const std::string scope = "order-items|" + req.path + "|" + order_text;
    auto items = items_of(order.order, field_name, sp);
    // The order, then the item id as a stable tie-break (ascending either way).
    auto before = [desc](const domain::SortValue& a, const std::string& aid,
                         const domain::SortValue& b, const std::string& bid) {
        if (a != b)
            return desc ? b < a : a < b;
        return aid < bid;
    };
    std::sort(items.begin(), items.end(),
              [&](const Item& x, const Item& y) { return before(x.key, x.id, y.key, y.id); });
    auto first = items.begin();
    if (auto c = req.query_param("cursor")) {
        auto pos = deps.cursors.decode(std::string(*c), scope);
        if (!pos || pos->value.index() != items_key_index(field_name))
            bad_cursor();
        first = std::find_if(items.begin(), items.end(), [&](const Item& it) {
            return before(pos->value, pos->id, it.key, it.id);
        });
    }
    json::array page(sp);
    auto it = first;
    for (; it != items.end() && static_cast<int>(page.size()) < limit; ++it)
        page.push_back(std::move(it->body));
    json::object links{{"self", {{"href", deps.public_url + req.target}}}};
    if (it != items.end()) {
        const auto& last = *(it - 1);
        links["next"] = {
            {"href", link(deps, req,
                          {{"limit", std::to_string(limit)},
                           {"order_by", order_text},
                           {"cursor", deps.cursors.encode(scope, {last.key, last.id})}})}};
    }
    return json_response(200, json::object({{"_embedded", {{"items", std::move(page)}}},
                                            {"custom_fields",
                                             {{"data_connection_id", order.record.integration_id},
                                              {"order_external_id", order.record.external_id}}},
                                            {"_links", std::move(links)}},
                                           sp));
}

}  // namespace

void add_erc_ecommerce_routes(http::Router& router, const Deps& deps) {
    const std::string base = k_base;
    auto customer_id = [](const http::Request& req) {
        return std::string(req.path_param("customerId"));
    };

    router.add({"GET", base + "/customers", "erc-ecommerce-connections-customers:read", false,
                [&deps](const http::Request& req, const http::Context& ctx) {
                    std::string field_name, value;
                    int given = 0;
                    for (const auto& [param, column] :
                         {std::pair<const char*, const char*>{"email", "email"},
                          {"phone", "phone"},
                          {"name", "display_name"}}) {
                        if (auto v = req.query_param(param); v && !v->empty()) {
                            ++given;
                            field_name = column;
                            value = std::string(*v);
                        }
                    }
                    if (given != 1) {
                        throw ApiError(Errc::validation_failed, "Say whom to find", "",
                                       {{"email",
                                         "exactly one of email, phone or name is "
                                         "required"}});
                    }
                    const int limit = read_limit(req);
                    read_order(req, k_one_order);  // by integration, then id: no order_by
                    const RecordCursor cursor{"erc-customers|" + field_name + "|" + value};
                    auto page = deps.erc.find_customers(account_of(ctx), field_name, value,
                                                        cursor.read(deps, req), limit);
                    json::array items;
                    for (const auto& r : page.items)
                        items.push_back(customer_json(deps, r));
                    return json_response(
                        200, page_body(deps, req, std::move(items), page, cursor, limit));
                }});
    router.add({"GET", base + "/customers/{customerId}", "erc-ecommerce-connections-customers:read",
                false, [&deps, customer_id](const http::Request& req, const http::Context& ctx) {
                    return json_response(
                        200,
                        customer_json(deps, deps.erc.customer(account_of(ctx), customer_id(req))));
                }});
    router.add(
        {"GET", base + "/customers/{customerId}/orders", "erc-ecommerce-connections-orders:read",
         false, [&deps, customer_id](const http::Request& req, const http::Context& ctx) {
             const int limit = read_limit(req);
             read_order(req, k_by_update);
             const RecordCursor cursor{"erc-orders|" + customer_id(req)};
             auto page =
                 deps.erc.of_customer(account_of(ctx), customer_id(req), domain::DataType::order,
                                      cursor.read(deps, req), limit);
             json::array items;
             for (const auto& r : page.items)
                 items.push_back(order_json(deps, customer_id(req), r));
             return json_response(200, page_body(deps, req, std::move(items), page, cursor, limit));
         }});
    router.add({"GET", base + "/customers/{customerId}/orders/{orderId}",
                "erc-ecommerce-connections-orders:read", false,
                [&deps, customer_id](const http::Request& req, const http::Context& ctx) {
                    auto o = deps.erc.customer_order(account_of(ctx), customer_id(req),
                                                     std::string(req.path_param("orderId")));
                    return json_response(200,
                                         order_json(deps, customer_id(req), o.record, o.order));
                }});
    router.add({"GET", base + "/customers/{customerId}/orders/{orderId}/items",
                "erc-ecommerce-connections-orders:read", false,
                [&deps, customer_id](const http::Request& req, const http::Context& ctx) {
                    // The order is parsed into a request-local arena: no allocation per value.
                    unsigned char arena[16384];
                    json::monotonic_resource mr(arena, sizeof arena);
                    const json::storage_ptr sp(&mr);
                    auto o = deps.erc.customer_order(account_of(ctx), customer_id(req),
                                                     std::string(req.path_param("orderId")), sp);
                    return order_items(deps, req, o, sp);
                }});
    router.add(
        {"GET", base + "/customers/{customerId}/carts", "erc-ecommerce-connections-carts:read",
         false, [&deps, customer_id](const http::Request& req, const http::Context& ctx) {
             const int limit = read_limit(req);
             read_order(req, k_by_update);
             const RecordCursor cursor{"erc-carts|" + customer_id(req)};
             auto page =
                 deps.erc.of_customer(account_of(ctx), customer_id(req), domain::DataType::cart,
                                      cursor.read(deps, req), limit);
             json::array items;
             for (const auto& r : page.items)
                 items.push_back(cart_json(deps, r));
             return json_response(200, page_body(deps, req, std::move(items), page, cursor, limit));
         }});
    router.add({"GET", base + "/carts/{cartId}", "erc-ecommerce-connections-carts:read", false,
                [&deps](const http::Request& req, const http::Context& ctx) {
                    return json_response(
                        200, cart_json(deps, deps.erc.cart(account_of(ctx),
                                                           std::string(req.path_param("cartId")))));
                }});
}

}  // namespace sb::api
