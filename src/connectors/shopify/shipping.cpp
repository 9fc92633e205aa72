#include "connectors/shopify/shipping.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>

#include "connectors/common/json_util.hpp"
#include "connectors/shopify/mutations.hpp"

namespace sb::connectors::shopify {

namespace json = boost::json;
using namespace jsonu;

namespace {

json::value money(const json::object& o, std::string_view key, const std::string& currency) {
    auto a = decimal(o, key);
    if (!a)
        return nullptr;
    return json::object{
        {"amount", *a},
        {"currency", currency.empty() ? json::value(nullptr) : json::value(currency)}};
}

json::value number_or_null(const json::object& o, std::string_view key) {
    const auto* v = at(o, key);
    if (v && (v->is_double() || v->is_int64() || v->is_uint64()))
        return *v;
    if (auto d = decimal(o, key))
        return json::value(*d);
    return nullptr;
}

domain::Record record(std::string id, json::object data, const json::object& raw) {
    domain::Record r;
    r.type = domain::DataType::shipping_service;
    r.external_id = std::move(id);
    r.updated_at = 0;  // the lists carry no change time; identical reads change nothing
    data["id"] = r.external_id;
    r.data = json::serialize(data);
    r.raw = json::serialize(raw);
    return r;
}

}  // namespace

json::object rest_get(GraphqlClient& gql, const std::string& path) {
    const auto& ep = gql.endpoint();
    const std::string resource = "/admin/api/" + ep.api_version + "/" + path;
    kit::Call call;
    call.request.url = ep.base_url + resource;
    call.request.headers = {{"Accept", "application/json"},
                            {"X-Shopify-Access-Token", ep.access_token}};
    call.label = resource.substr(0, resource.find('?'));
    call.policy.retry = gql.retry();
    const auto& platform = gql.platform();
    return platform.json_object(platform.send(call), call.label);
}

std::vector<domain::Record> map_shipping_services(const json::object& zones,
                                                  const json::object& carriers,
                                                  const std::string& currency) {
    std::vector<domain::Record> out;
    std::map<std::string, std::string> carrier_names;
    if (const auto* list = arr(carriers, "carrier_services")) {
        for (const auto& v : *list) {
            if (!v.is_object())
                continue;
            const auto& c = v.as_object();
            const auto id = str(c, "id").value_or("");
            carrier_names[id] = str(c, "name").value_or("");
            out.push_back(record(
                "carrier:" + id,
                json::object{
                    {"kind", "carrier_service"},
                    {"name", str_or_null(c, "name")},
                    {"active", boolean(c, "active").value_or(true)},
                    {"zone", nullptr},
                    {"price", nullptr},
                    {"conditions", nullptr},
                    {"carrier", json::object{{"id", id},
                                             {"name", str_or_null(c, "name")},
                                             {"type", str_or_null(c, "carrier_service_type")}}}},
                c));
        }
    }
    const auto* zone_list = arr(zones, "shipping_zones");
    if (!zone_list)
        return out;
    for (const auto& zv : *zone_list) {
        if (!zv.is_object())
            continue;
        const auto& z = zv.as_object();
        json::array countries;
        if (const auto* cs = arr(z, "countries")) {
            for (const auto& c : *cs) {
                if (c.is_object())
                    countries.push_back(str_or_null(c.as_object(), "code"));
            }
        }
        const json::object zone{{"id", str_or_null(z, "id")},
                                {"name", str_or_null(z, "name")},
                                {"countries", countries}};
        auto rates = [&](std::string_view key, std::string_view kind, auto conditions) {
            const auto* list = arr(z, key);
            if (!list)
                return;
            for (const auto& v : *list) {
                if (!v.is_object())
                    continue;
                const auto& r = v.as_object();
                out.push_back(record(std::string(kind) + ":" + str(r, "id").value_or(""),
                                     json::object{{"kind", kind},
                                                  {"name", str_or_null(r, "name")},
                                                  {"active", true},
                                                  {"zone", zone},
                                                  {"price", money(r, "price", currency)},
                                                  {"conditions", conditions(r)},
                                                  {"carrier", nullptr}},
                                     r));
            }
        };
        rates("weight_based_shipping_rates", "weight_based", [](const json::object& r) {
            return json::object{{"weight_low", number_or_null(r, "weight_low")},
                                {"weight_high", number_or_null(r, "weight_high")}};
        });
        rates("price_based_shipping_rates", "price_based", [&](const json::object& r) {
            return json::object{{"min_order_subtotal", money(r, "min_order_subtotal", currency)},
                                {"max_order_subtotal", money(r, "max_order_subtotal", currency)}};
        });
        if (const auto* list = arr(z, "carrier_shipping_rate_providers")) {
            for (const auto& v : *list) {
                if (!v.is_object())
                    continue;
                const auto& p = v.as_object();
                const auto carrier_id = str(p, "carrier_service_id").value_or("");
                const auto name = carrier_names.count(carrier_id) ? carrier_names[carrier_id] : "";
                out.push_back(record(
                    "carrier_rate:" + str(p, "id").value_or(""),
                    json::object{
                        {"kind", "carrier_calculated"},
                        {"name", name.empty() ? json::value(nullptr) : json::value(name)},
                        {"active", true},
                        {"zone", zone},
                        {"price", nullptr},
                        {"conditions",
                         json::object{{"flat_modifier", money(p, "flat_modifier", currency)},
                                      {"percent_modifier", number_or_null(p, "percent_modifier")}}},
                        {"carrier", json::object{{"id", carrier_id},
                                                 {"name", name.empty() ? json::value(nullptr)
                                                                       : json::value(name)},
                                                 {"type", nullptr}}}},
                    p));
            }
        }
    }
    return out;
}

void fetch_shipping_services(GraphqlClient& gql, RecordSink& sink) {
    // Rates are in the shop's currency, which the zone lists do not repeat.
    auto shop = gql.execute(mutations::shop_currency(), {}, CallOptions{true, 1});
    std::string currency;
    if (const auto* s = obj(shop.data, "shop"))
        currency = str(*s, "currencyCode").value_or("");
    const auto zones = rest_get(gql, "shipping_zones.json");
    const auto carriers = rest_get(gql, "carrier_services.json");
    domain::RecordBatch batch;
    batch.records = map_shipping_services(zones, carriers, currency);
    batch.total = static_cast<std::int64_t>(batch.records.size());
    batch.checkpoint = "done";
    sink.accept(std::move(batch));
}

}  // namespace sb::connectors::shopify
