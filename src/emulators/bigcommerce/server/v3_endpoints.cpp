#include <boost/json/serialize.hpp>

#include "emulators/bigcommerce/server/query.hpp"
#include "emulators/bigcommerce/server/runtime.hpp"
#include "emulators/common/tokens.hpp"

// The v3 resources the hub reads: catalog products and variants, customers, inventory locations
// and items, and absolute stock adjustments. {data, meta}; money as numbers, ISO 8601 dates.
namespace sb::emulators::bigcommerce {

namespace json = boost::json;

namespace {

http::Response ok(json::value data, json::object meta = {}) {
    return http::Response::json(
        200, json::serialize(json::object{{"data", std::move(data)}, {"meta", std::move(meta)}}));
}

// `include=variants,images` contains `what`.
bool includes(const http::Request& req, std::string_view what) {
    const std::string v = param(req, "include");
    std::size_t i = 0;
    while (i <= v.size()) {
        const std::size_t j = std::min(v.find(',', i), v.size());
        if (std::string_view(v).substr(i, j - i) == what)
            return true;
        i = j + 1;
    }
    return false;
}

Sort product_sort(const http::Request& req) {
    Sort s;
    const std::string field = param(req, "sort"), dir = param(req, "direction");
    static const std::vector<std::string> fields{"id", "name", "sku", "price", "date_modified"};
    if (!field.empty()) {
        if (std::find(fields.begin(), fields.end(), field) == fields.end())
            throw BadInput{422,
                           "The parameter 'sort' must be one of id, name, sku, price or "
                           "date_modified.",
                           "sort"};
        s.field = field;
    }
    if (!dir.empty() && dir != "asc" && dir != "desc")
        throw BadInput{422, "The parameter 'direction' must be asc or desc.", "direction"};
    s.descending = dir == "desc";
    return s;
}

Sort customer_sort(const http::Request& req) {
    Sort s;
    const std::string v = param(req, "sort");
    if (v.empty())
        return s;
    const auto colon = v.find(':');
    s.field = v.substr(0, colon);
    const std::string dir = colon == std::string::npos ? "asc" : v.substr(colon + 1);
    if ((s.field != "date_created" && s.field != "last_name" && s.field != "date_modified") ||
        (dir != "asc" && dir != "desc"))
        throw BadInput{422,
                       "The parameter 'sort' must be date_created, last_name or "
                       "date_modified, with :asc or :desc.",
                       "sort"};
    s.descending = dir == "desc";
    return s;
}

RecordQuery record_query(const http::Request& req) {
    RecordQuery q;
    q.modified = date_window(req, "date_modified:min", "date_modified:max");
    q.ids = id_list(req, "id:in");
    if (auto id = int_param(req, "id"))
        q.ids = std::vector<std::int64_t>{*id};
    return q;
}

std::vector<AbsoluteAdjustment> adjustment_items(const json::object& b) {
    const auto* items = b.if_contains("items");
    if (!items || !items->is_array() || items->as_array().empty())
        throw BadInput{422, "The field 'items' must be a non-empty array.", "items"};
    if (items->as_array().size() > 2000)
        throw BadInput{422, "At most 2000 items may be adjusted at once.", "items"};
    std::vector<AbsoluteAdjustment> out;
    for (std::size_t i = 0; i < items->as_array().size(); ++i) {
        const std::string at = "items." + std::to_string(i);
        const auto* o = items->as_array()[i].if_object();
        if (!o)
            throw BadInput{422, "Each item must be an object.", at};
        AbsoluteAdjustment a;
        const auto* loc = o->if_contains("location_id");
        const auto* qty = o->if_contains("quantity");
        if (!loc || !loc->is_int64())
            throw BadInput{422, "The field 'location_id' is required.", at + ".location_id"};
        if (!qty || !qty->is_int64())
            throw BadInput{422, "The field 'quantity' is required.", at + ".quantity"};
        a.location_id = loc->as_int64();
        a.quantity = qty->as_int64();
        if (const auto* v = o->if_contains("variant_id"); v && v->is_int64())
            a.variant_id = v->as_int64();
        else if (const auto* s = o->if_contains("sku"); s && s->is_string())
            a.sku = std::string(s->as_string());
        else if (o->contains("product_id"))
            throw BadInput{422,
                           "Items are tracked by variant, please update stock by variant_id "
                           "or sku.",
                           at + ".product_id"};
        else
            throw BadInput{422, "Each item needs a variant_id or a sku.", at};
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace

void add_v3_routes(http::Router& r, Runtime& rt) {
    const std::string base = "/stores/{store_hash}/v3";
    auto add = [&](const char* method, const std::string& path, const char* scope, Handler f) {
        r.add({method, base + path, scope, false, v3_route(std::move(f))});
    };
    add("GET", "/catalog/products", "store_v2_products_read_only",
        [&rt](const http::Request& req, const http::Context&) {
            RecordQuery q = record_query(req);
            q.sort = product_sort(req);
            const PageRequest p = page_request(req);
            const auto page = rt.store->products(q, p);
            const bool variants = includes(req, "variants");
            json::array data;
            for (const auto& pr : page.items)
                data.push_back(product_v3(pr, variants));
            const auto count = static_cast<std::int64_t>(data.size());
            return ok(std::move(data), pagination_meta(page.total, count, p));
        });
    add("GET", "/catalog/products/{id}/variants", "store_v2_products_read_only",
        [&rt](const http::Request& req, const http::Context&) {
            const auto pr = rt.store->product(path_id(req, "id"));
            if (!pr)
                return error_v3(404, "The requested product was not found.");
            const PageRequest p = page_request(req);
            json::array data;
            for (std::size_t i = static_cast<std::size_t>((p.page - 1) * p.limit);
                 i < pr->variants.size() && data.size() < static_cast<std::size_t>(p.limit); ++i)
                data.push_back(variant_v3(pr->variants[i]));
            const auto count = static_cast<std::int64_t>(data.size());
            return ok(std::move(data),
                      pagination_meta(static_cast<std::int64_t>(pr->variants.size()), count, p));
        });
    add("GET", "/customers", "store_v2_customers_read_only",
        [&rt](const http::Request& req, const http::Context&) {
            RecordQuery q = record_query(req);
            q.sort = customer_sort(req);
            const PageRequest p = page_request(req);
            const auto page = rt.store->customers(q, p);
            const bool addresses = includes(req, "addresses");
            json::array data;
            for (const auto& c : page.items)
                data.push_back(customer_v3(c, addresses));
            const auto count = static_cast<std::int64_t>(data.size());
            return ok(std::move(data), pagination_meta(page.total, count, p));
        });
    add("GET", "/inventory/locations", "store_locations_read_only",
        [&rt](const http::Request& req, const http::Context&) {
            const auto ids = id_list(req, "location_id:in");
            const PageRequest p = page_request(req);
            std::vector<Location> matches;
            for (const auto& l : rt.store->locations()) {
                if (!ids || std::find(ids->begin(), ids->end(), l.id) != ids->end())
                    matches.push_back(l);
            }
            json::array data;
            for (std::size_t i = static_cast<std::size_t>((p.page - 1) * p.limit);
                 i < matches.size() && data.size() < static_cast<std::size_t>(p.limit); ++i)
                data.push_back(location_v3(matches[i]));
            const auto count = static_cast<std::int64_t>(data.size());
            return ok(std::move(data),
                      pagination_meta(static_cast<std::int64_t>(matches.size()), count, p));
        });
    add("GET", "/inventory/items", "store_inventory_read_only",
        [&rt](const http::Request& req, const http::Context&) {
            InventoryQuery q;
            q.variant_ids = id_list(req, "variant_id:in");
            q.location_ids = id_list(req, "location_id:in");
            const PageRequest p = page_request(req);
            const auto page = rt.store->inventory(q, p);
            const auto locations = rt.store->locations();
            json::array data;
            for (const auto& i : page.items)
                data.push_back(inventory_item_v3(i, locations));
            const auto count = static_cast<std::int64_t>(data.size());
            return ok(std::move(data), pagination_meta(page.total, count, p));
        });
    add("PUT", "/inventory/adjustments/absolute", "store_inventory",
        [&rt](const http::Request& req, const http::Context&) {
            const auto items = adjustment_items(json_body(req));
            auto [changes, refusal] = rt.store->adjust_absolute(items);
            if (refusal) {
                return error_v3(422, refusal->message,
                                json::object{{refusal->field, refusal->message}});
            }
            for (const auto& c : changes) {
                rt.publish("store/sku/inventory/updated",
                           {{"type", "sku"},
                            {"id", c.sku_id},
                            {"inventory", json::object{{"product_id", c.product_id},
                                                       {"method", "absolute"},
                                                       {"value", c.quantity},
                                                       {"variant_id", c.variant_id}}}});
            }
            return http::Response::json(
                200, json::serialize(json::object{{"transaction_id", common::random_uuid()}}));
        });
}

}  // namespace sb::emulators::bigcommerce
