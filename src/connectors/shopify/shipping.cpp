#include "connectors/shopify/shipping.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <map>

#include "connectors/common/json_util.hpp"
#include "connectors/shopify/mutations.hpp"
#include "domain/records/codec.hpp"

namespace sb::connectors::shopify {

namespace json = boost::json;
using namespace jsonu;

namespace {

namespace rec = domain::records;

std::optional<rec::Money> money(const json::object& o, std::string_view key,
                                const std::string& currency) {
    auto a = decimal(o, key);
    if (!a)
        return std::nullopt;
    return rec::Money{std::move(a), currency.empty() ? std::nullopt : rec::Text(currency)};
}

// A weight or a percentage, given as a JSON number or as a numeric string.
std::optional<double> number(const json::object& o, std::string_view key) {
    const auto* v = at(o, key);
    if (v && v->is_number())
        return v->to_number<double>();
    if (v && v->is_string()) {
        const std::string_view s = v->get_string();
        double d = 0;
        const auto r = std::from_chars(s.data(), s.data() + s.size(), d);
        if (r.ec == std::errc() && r.ptr == s.data() + s.size())
            return d;
    }
    return std::nullopt;
}

domain::Record record(std::string id, rec::ShippingService data, const json::object& raw) {
    data.id = std::move(id);
    // The lists carry no change time (0): identical reads change nothing.
    return rec::make_record(data, 0, json::serialize(raw));
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
            const auto& c = v.get_object();
            const auto id = str(c, "id").value_or("");
            carrier_names[id] = str(c, "name").value_or("");
            rec::ShippingService s;
            s.kind = "carrier_service";
            s.name = str(c, "name");
            s.active = boolean(c, "active").value_or(true);
            s.carrier = rec::ShippingService::Carrier{id, s.name, str(c, "carrier_service_type")};
            out.push_back(record("carrier:" + id, std::move(s), c));
        }
    }
    const auto* zone_list = arr(zones, "shipping_zones");
    if (!zone_list)
        return out;
    for (const auto& zv : *zone_list) {
        if (!zv.is_object())
            continue;
        const auto& z = zv.get_object();
        rec::ShippingService::Zone zone{str(z, "id"), str(z, "name"), {}};
        if (const auto* cs = arr(z, "countries")) {
            for (const auto& c : *cs) {
                // A country without a code names no place a rate applies to.
                if (auto code = c.is_object() ? str(c.get_object(), "code") : std::nullopt)
                    zone.countries.push_back(std::move(*code));
            }
        }
        auto rates = [&](std::string_view key, std::string_view kind, auto conditions) {
            const auto* list = arr(z, key);
            if (!list)
                return;
            for (const auto& v : *list) {
                if (!v.is_object())
                    continue;
                const auto& r = v.get_object();
                rec::ShippingService s;
                s.kind = kind;
                s.name = str(r, "name");
                s.zone = zone;
                s.price = money(r, "price", currency);
                s.conditions = conditions(r);
                out.push_back(
                    record(std::string(kind) + ":" + str(r, "id").value_or(""), std::move(s), r));
            }
        };
        rates("weight_based_shipping_rates", "weight_based", [](const json::object& r) {
            return rec::ShippingService::WeightConditions{number(r, "weight_low"),
                                                          number(r, "weight_high")};
        });
        rates("price_based_shipping_rates", "price_based", [&](const json::object& r) {
            return rec::ShippingService::PriceConditions{money(r, "min_order_subtotal", currency),
                                                         money(r, "max_order_subtotal", currency)};
        });
        if (const auto* list = arr(z, "carrier_shipping_rate_providers")) {
            for (const auto& v : *list) {
                if (!v.is_object())
                    continue;
                const auto& p = v.get_object();
                const auto carrier_id = str(p, "carrier_service_id").value_or("");
                const auto known = carrier_names.find(carrier_id);
                const rec::Text name = known == carrier_names.end() || known->second.empty()
                                           ? std::nullopt
                                           : rec::Text(known->second);
                rec::ShippingService s;
                s.kind = "carrier_calculated";
                s.name = name;
                s.zone = zone;
                s.conditions = rec::ShippingService::CarrierConditions{
                    money(p, "flat_modifier", currency), number(p, "percent_modifier")};
                s.carrier = rec::ShippingService::Carrier{carrier_id, name, std::nullopt};
                out.push_back(record("carrier_rate:" + str(p, "id").value_or(""), std::move(s), p));
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
