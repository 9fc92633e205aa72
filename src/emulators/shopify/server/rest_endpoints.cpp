#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <charconv>
#include <cmath>

#include "core/time.hpp"
#include "crypto/crypto.hpp"
#include "emulators/shopify/data/search_query.hpp"
#include "emulators/shopify/rest/rest_json.hpp"
#include "emulators/shopify/server/runtime.hpp"

// The legacy REST Admin API: list endpoints with page_info cursors in the Link header, the
// request leaky bucket and its headers.
namespace sb::emulators::shopify {

namespace json = boost::json;

namespace {

using Params = std::map<std::string, std::string>;

std::optional<std::int64_t> to_int(const std::string& s) {
    std::int64_t v = 0;
    if (s.empty() || std::from_chars(s.data(), s.data() + s.size(), v).ec != std::errc())
        return std::nullopt;
    return v;
}

// "{file}" routes: the router matches whole segments, so the id comes as "<id>.json".
std::optional<std::int64_t> json_file_id(const http::Request& q) {
    const std::string seg(q.path_param("file"));
    if (seg.size() < 6 || seg.compare(seg.size() - 5, 5, ".json") != 0)
        return std::nullopt;
    return to_int(seg.substr(0, seg.size() - 5));
}

// A page_info token carries the filters of the first request and the cursor to continue from.
std::string make_page_info(const Params& filters, const std::string& cursor, bool next) {
    json::object o{{"d", next ? "n" : "p"}, {"c", cursor}};
    json::object f;
    for (const auto& [k, v] : filters)
        f[k] = v;
    o["f"] = std::move(f);
    return crypto::base64url_encode(json::serialize(o));
}

bool read_page_info(const std::string& token, Params& filters, std::string& cursor, bool& next) {
    std::string raw;
    if (!crypto::base64url_decode(token, raw))
        return false;
    boost::system::error_code ec;
    auto v = json::parse(raw, ec);
    if (ec || !v.is_object())
        return false;
    const auto& o = v.as_object();
    if (!o.contains("c") || !o.contains("d") || !o.contains("f"))
        return false;
    cursor = std::string(o.at("c").as_string());
    next = o.at("d").as_string() == "n";
    for (const auto& [k, x] : o.at("f").as_object())
        filters[std::string(k)] = std::string(x.as_string());
    return true;
}

struct Listing {
    std::string key;  // "orders"
    std::function<Collection(const Params&)> collection;
    std::function<json::object(std::int64_t index)> render;
};

using Matcher = std::function<bool(std::int64_t)>;

Matcher combine(std::vector<Matcher> ms) {
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

// updated_at_min & co. as search terms over a timestamp getter.
void time_filters(const Params& p, const std::string& field,
                  std::function<std::int64_t(std::int64_t)> get, std::vector<Matcher>& out) {
    for (const auto& [suffix, op] :
         {std::pair<std::string, std::string>{"_min", ">="}, {"_max", "<="}}) {
        auto it = p.find(field + suffix);
        if (it == p.end())
            continue;
        SearchTerm t{field, op, it->second, false};
        bool valid = true;
        time_matches(0, t, valid);
        if (!valid)
            continue;
        out.push_back([t, get](std::int64_t i) {
            bool v;
            return time_matches(get(i), t, v);
        });
    }
}

void id_filters(const Params& p, std::int64_t base, std::vector<Matcher>& out) {
    if (auto it = p.find("since_id"); it != p.end()) {
        if (auto v = to_int(it->second))
            out.push_back([base, s = *v](std::int64_t i) { return base + i > s; });
    }
    if (auto it = p.find("ids"); it != p.end()) {
        std::vector<std::int64_t> ids_list;
        for (const auto& part : split_scopes(it->second)) {
            if (auto v = to_int(part))
                ids_list.push_back(*v);
        }
        out.push_back([base, ids_list](std::int64_t i) {
            return std::find(ids_list.begin(), ids_list.end(), base + i) != ids_list.end();
        });
    }
}

http::Response list(Runtime&, const http::Request& req, const Listing& l) {
    Params params;
    for (const auto& [k, v] : req.query)
        params[k] = v;
    std::int64_t limit = 50;
    if (auto it = params.find("limit"); it != params.end()) {
        auto v = to_int(it->second);
        if (!v || *v < 1 || *v > 250)
            return error_response(400, "limit: must be between 1 and 250");  // Shopify: 400
        limit = *v;
    }
    PageRequest pr;
    Params filters;
    if (auto it = params.find("page_info"); it != params.end()) {
        for (const auto& [k, v] : params) {
            if (k != "page_info" && k != "limit" && k != "fields") {
                return error_response(
                    400,
                    "page_info - Invalid value. Other parameters can't be used with page_info.");
            }
        }
        std::string cursor;
        bool next;
        if (!read_page_info(it->second, filters, cursor, next))
            return error_response(400, "page_info - Invalid value.");
        if (next) {
            pr.after = cursor;
            pr.first = limit;
        } else {
            pr.before = cursor;
            pr.last = limit;
        }
    } else {
        filters = params;
        filters.erase("limit");
        filters.erase("fields");
        pr.first = limit;
    }
    Collection c = l.collection(filters);
    Page page;
    if (!paginate(c, pr, page))
        return error_response(400, "page_info - Invalid value.");
    json::array items;
    for (auto i : page.indexes)
        items.push_back(l.render(i));
    http::Response res =
        http::Response::json(200, json::serialize(json::object{{l.key, std::move(items)}}));
    std::string base = "http://" + std::string(req.header("host").value_or("127.0.0.1")) +
                       req.path + "?limit=" + std::to_string(limit);
    // fields may accompany page_info, so the links keep it for clients that follow them as-is.
    if (auto f = params.find("fields"); f != params.end())
        base += "&fields=" + boost::urls::encode(f->second, boost::urls::unreserved_chars);
    base += "&page_info=";
    std::string link;
    if (page.has_previous && !page.cursors.empty()) {
        link += "<" + base + make_page_info(filters, page.cursors.front(), false) +
                ">; rel=\"previous\"";
    }
    if (page.has_next && !page.cursors.empty()) {
        if (!link.empty())
            link += ", ";
        link += "<" + base + make_page_info(filters, page.cursors.back(), true) + ">; rel=\"next\"";
    }
    if (!link.empty())
        res.set_header("Link", link);
    return res;
}

Collection order_filtered(Runtime& rt, const Params& f) {
    const Store& st = *rt.store;
    Collection c = st.orders(OrderSort::id);
    std::vector<Matcher> ms;
    const std::string status = f.count("status") ? f.at("status") : "open";
    if (status != "any")
        ms.push_back([&st, status](std::int64_t i) { return st.order_status(i) == status; });
    time_filters(
        f, "updated_at", [&st](std::int64_t i) { return st.order_updated_at(i); }, ms);
    time_filters(
        f, "created_at", [&st](std::int64_t i) { return st.order_created_at(i); }, ms);
    time_filters(
        f, "processed_at", [&st](std::int64_t i) { return st.order_created_at(i); }, ms);
    id_filters(f, ids::order, ms);
    if (auto it = f.find("financial_status"); it != f.end() && it->second != "any") {
        ms.push_back(
            [&st, v = it->second](std::int64_t i) { return st.order_at(i).financial_status == v; });
    }
    if (auto it = f.find("fulfillment_status"); it != f.end() && it->second != "any") {
        ms.push_back([&st, v = it->second](std::int64_t i) {
            auto fs = st.order_at(i).fulfillment_status;
            if (v == "shipped")
                return fs == std::optional<std::string>("fulfilled");
            if (v == "unshipped" || v == "unfulfilled")
                return !fs.has_value();
            return fs == std::optional<std::string>(v);
        });
    }
    c.matches = combine(std::move(ms));
    return c;
}

json::object render_order(Runtime& rt, std::int64_t i) {
    const Order o = rt.store->order_at(i);
    std::optional<Customer> c;
    if (o.customer_index)
        c = rt.store->customer_at(*o.customer_index);
    return rest_order(o, c ? &*c : nullptr, rt.options.shop_domain);
}

// fields=a,b keeps only those keys of each resource in a body: the object of {"order":{…}}
// and every element of {"orders":[…]}. Other members ({"count":n}) stay as they are.
void select_fields(http::Response& res, const std::string& fields) {
    const std::vector<std::string> keep = split_scopes(fields);
    if (keep.empty() || res.status != 200)
        return;
    boost::system::error_code ec;
    auto body = json::parse(res.body, ec);
    if (ec || !body.is_object())
        return;
    auto pick = [&keep](json::value& v) {
        if (!v.is_object())
            return;
        json::object out;
        for (const auto& k : keep) {
            auto* x = v.as_object().if_contains(k);
            if (x && !out.contains(k))
                out[k] = std::move(*x);
        }
        v = std::move(out);
    };
    for (auto& member : body.as_object()) {
        if (member.value().is_array()) {
            for (auto& item : member.value().as_array())
                pick(item);
        } else {
            pick(member.value());
        }
    }
    res.body = json::serialize(body);
}

// Wraps a REST handler: auth, scope, leaky bucket and its headers.
http::Handler rest(Runtime& rt, std::string scope,
                   std::function<http::Response(const http::Request&)> fn) {
    return [&rt, scope, fn](const http::Request& req, const http::Context&) {
        ++rt.counters.rest;
        auto grant = authenticate(rt, req);
        if (!grant)
            return error_response(
                401,
                "[API] Invalid API key or access token (unrecognized login or wrong password)");
        if (!scope.empty() && !common::has_scope(grant->scopes, scope)) {
            return error_response(
                403, "[API] This action requires merchant approval for " + scope + " scope.");
        }
        if (rt.faults.storm())
            rt.rest_bucket->fill();
        auto st = rt.rest_bucket->try_take();
        const std::string limit = std::to_string(st.used) + "/" + std::to_string(st.size);
        if (!st.ok) {
            ++rt.counters.rest_throttled;
            auto res = error_response(
                429, "Exceeded " + std::to_string(static_cast<long>(rt.limits.rest_leak)) +
                         " calls per second for api client. Reduce request rates to "
                         "resume uninterrupted service.");
            // Shopify sends "2.0"; whole seconds, at least one.
            const auto wait = static_cast<long>(std::max(1.0, std::ceil(st.retry_after_s)));
            res.set_header("Retry-After", std::to_string(wait) + ".0");
            res.set_header("X-Shopify-Shop-Api-Call-Limit", limit);
            return res;
        }
        auto res = fn(req);
        if (auto fields = req.query_param("fields"))
            select_fields(res, std::string(*fields));
        res.set_header("X-Shopify-Shop-Api-Call-Limit", limit);
        stamp_version(rt, req, res);
        return res;
    };
}

void both(http::Router& r, const std::string& method, const std::string& tail, http::Handler h) {
    r.add({method, "/admin/api/{version}/" + tail, "", true, h});
    r.add({method, "/admin/" + tail, "", true, h});
}

}  // namespace

void add_rest_routes(http::Router& r, Runtime& rt) {
    both(r, "GET", "shop.json", rest(rt, "", [&rt](const http::Request&) {
             return http::Response::json(
                 200, json::serialize(json::object{{"shop", rest_shop(rt.store->shop())}}));
         }));
    Listing orders{"orders", [&rt](const Params& f) { return order_filtered(rt, f); },
                   [&rt](std::int64_t i) { return render_order(rt, i); }};
    both(r, "GET", "orders.json", rest(rt, "read_orders", [&rt, orders](const http::Request& q) {
             return list(rt, q, orders);
         }));
    both(r, "GET", "orders/count.json", rest(rt, "read_orders", [&rt](const http::Request& q) {
             Params f;
             for (const auto& [k, v] : q.query)
                 f[k] = v;
             Collection c = order_filtered(rt, f);
             std::int64_t n = 0;
             for_each_match(c, false, [&](std::int64_t) {
                 ++n;
                 return true;
             });
             return http::Response::json(200, json::serialize(json::object{{"count", n}}));
         }));
    both(r, "GET", "orders/{file}", rest(rt, "read_orders", [&rt](const http::Request& q) {
             auto id = json_file_id(q);
             auto i = id ? rt.store->order_index(*id) : std::nullopt;
             if (!i)
                 return error_response(404, "Not Found");
             return http::Response::json(
                 200, json::serialize(json::object{{"order", render_order(rt, *i)}}));
         }));
    Listing products{"products",
                     [&rt](const Params& f) {
                         const Store& st = *rt.store;
                         Collection c = st.products(false);
                         std::vector<Matcher> ms;
                         time_filters(
                             f, "updated_at",
                             [&st](std::int64_t i) { return st.catalog().product_updated_at(i); },
                             ms);
                         id_filters(f, ids::product, ms);
                         if (auto it = f.find("status"); it != f.end()) {
                             ms.push_back([&st, v = it->second](std::int64_t i) {
                                 return st.product_at(i).status == v;
                             });
                         }
                         c.matches = combine(std::move(ms));
                         return c;
                     },
                     [&rt](std::int64_t i) { return rest_product(rt.store->product_at(i)); }};
    both(r, "GET", "products.json",
         rest(rt, "read_products",
              [&rt, products](const http::Request& q) { return list(rt, q, products); }));
    Listing customers{"customers",
                      [&rt](const Params& f) {
                          const Store& st = *rt.store;
                          Collection c = st.customers(false);
                          std::vector<Matcher> ms;
                          time_filters(
                              f, "updated_at",
                              [&st](std::int64_t i) { return st.catalog().customer_updated_at(i); },
                              ms);
                          id_filters(f, ids::customer, ms);
                          c.matches = combine(std::move(ms));
                          return c;
                      },
                      [&rt](std::int64_t i) { return rest_customer(rt.store->customer_at(i)); }};
    both(r, "GET", "customers.json",
         rest(rt, "read_customers",
              [&rt, customers](const http::Request& q) { return list(rt, q, customers); }));
    both(r, "GET", "locations.json", rest(rt, "read_locations", [&rt](const http::Request&) {
             json::array a;
             for (std::int64_t i = 0; i < rt.store->location_count(); ++i)
                 a.push_back(rest_location(rt.store->location_at(i)));
             return http::Response::json(200, json::serialize(json::object{{"locations", a}}));
         }));
    Listing levels{
        "inventory_levels",
        [&rt](const Params& f) {
            const Store& st = *rt.store;
            // Index = (product*4 + slot) * locations + location.
            const std::int64_t nl = st.location_count();
            Collection c = st.simple(st.product_count() * ids::variants_per_product * nl, 0);
            std::vector<Matcher> ms;
            ms.push_back([&st, nl](std::int64_t i) {
                const auto k = i / nl;
                return (k % ids::variants_per_product) <
                       st.catalog().variant_count(k / ids::variants_per_product);
            });
            if (auto it = f.find("location_ids"); it != f.end()) {
                std::vector<std::int64_t> locs;
                for (const auto& s : split_scopes(it->second)) {
                    if (auto v = to_int(s))
                        locs.push_back(*v);
                }
                ms.push_back([nl, locs](std::int64_t i) {
                    return std::find(locs.begin(), locs.end(), ids::location + 1 + i % nl) !=
                           locs.end();
                });
            }
            if (auto it = f.find("inventory_item_ids"); it != f.end()) {
                std::vector<std::int64_t> items;
                for (const auto& s : split_scopes(it->second)) {
                    if (auto v = to_int(s))
                        items.push_back(*v);
                }
                ms.push_back([nl, items](std::int64_t i) {
                    return std::find(items.begin(), items.end(), ids::inventory_item + i / nl) !=
                           items.end();
                });
            }
            c.matches = combine(std::move(ms));
            return c;
        },
        [&rt](std::int64_t i) {
            const std::int64_t nl = rt.store->location_count();
            const auto k = i / nl;
            return rest_inventory_level(
                rt.store->inventory_level(k / ids::variants_per_product,
                                          static_cast<int>(k % ids::variants_per_product), i % nl));
        }};
    both(r, "GET", "inventory_levels.json",
         rest(rt, "read_inventory", [&rt, levels](const http::Request& q) {
             if (!q.query_param("inventory_item_ids") && !q.query_param("location_ids") &&
                 !q.query_param("page_info")) {
                 return error_response(422, "inventory_item_ids or location_ids must be present");
             }
             return list(rt, q, levels);
         }));
    Listing checkouts{"checkouts",
                      [&rt](const Params& f) {
                          const Store& st = *rt.store;
                          Collection c = st.simple(st.checkout_count(), ids::checkout);
                          std::vector<Matcher> ms;
                          time_filters(
                              f, "updated_at",
                              [&st](std::int64_t i) { return st.checkout_at(i).updated_at; }, ms);
                          time_filters(
                              f, "created_at",
                              [&st](std::int64_t i) { return st.checkout_at(i).created_at; }, ms);
                          id_filters(f, ids::checkout, ms);
                          c.matches = combine(std::move(ms));
                          return c;
                      },
                      [&rt](std::int64_t i) {
                          const Checkout c = rt.store->checkout_at(i);
                          return rest_checkout(c, rt.store->customer_at(c.customer_index),
                                               rt.options.shop_domain);
                      }};
    both(r, "GET", "checkouts.json",
         rest(rt, "read_orders",
              [&rt, checkouts](const http::Request& q) { return list(rt, q, checkouts); }));
    // Shipping settings: a few records, so no paging (as Shopify).
    both(r, "GET", "shipping_zones.json", rest(rt, "read_shipping", [&rt](const http::Request&) {
             json::array a;
             for (const auto& z : rt.store->shipping_zones())
                 a.push_back(rest_shipping_zone(z));
             return http::Response::json(200, json::serialize(json::object{{"shipping_zones", a}}));
         }));
    both(r, "GET", "carrier_services.json", rest(rt, "read_shipping", [&rt](const http::Request&) {
             json::array a;
             for (const auto& c : rt.store->carrier_services())
                 a.push_back(rest_carrier_service(c));
             return http::Response::json(200,
                                         json::serialize(json::object{{"carrier_services", a}}));
         }));
    both(r, "GET", "carrier_services/{file}",
         rest(rt, "read_shipping", [&rt](const http::Request& q) {
             auto id = json_file_id(q);
             const CarrierService* c = id ? rt.store->carrier_service(*id) : nullptr;
             if (!c)
                 return error_response(404, "Not Found");
             return http::Response::json(
                 200, json::serialize(json::object{{"carrier_service", rest_carrier_service(*c)}}));
         }));
}

}  // namespace sb::emulators::shopify
