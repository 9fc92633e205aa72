#include "emulators/shopify/data/shipping.hpp"

#include "emulators/shopify/data/catalog.hpp"
#include "emulators/shopify/data/rng.hpp"

namespace sb::emulators::shopify {

namespace {

// Independent of the catalog's salts (small integers), so shipping prices never move when
// the catalog generator changes.
constexpr std::uint64_t k_shipping_salt = 0x5348495050494e47ULL;  // "SHIPPING"

struct ProvinceSpec {
    const char* name;
    const char* code;
    double tax;
    const char* tax_name;
    const char* tax_type;  // nullptr: null
};

struct CountrySpec {
    const char* name;
    const char* code;
    double tax;
    const char* tax_name;
    std::vector<ProvinceSpec> provinces;
};

struct ZoneSpec {
    const char* name;
    std::vector<CountrySpec> countries;
    bool carrier_rates;
};

const std::vector<ZoneSpec>& zone_specs() {
    static const std::vector<ZoneSpec> zones{
        {"Domestic",
         {{"United States",
           "US",
           0.0,
           "Federal Tax",
           {{"California", "CA", 0.0725, "State Tax", nullptr},
            {"Kentucky", "KY", 0.06, "State Tax", nullptr},
            {"New York", "NY", 0.04, "Tax", nullptr},
            {"Texas", "TX", 0.0625, "State Tax", nullptr}}}},
         true},
        {"Canada",
         {{"Canada",
           "CA",
           0.05,
           "GST",
           {{"British Columbia", "BC", 0.07, "PST", nullptr},
            {"Ontario", "ON", 0.08, "HST", "harmonized"},
            {"Quebec", "QC", 0.09975, "QST", "compounded"}}}},
         true},
        {"Europe",
         {{"France", "FR", 0.2, "TVA", {}},
          {"Germany", "DE", 0.19, "MwSt", {}},
          {"United Kingdom", "GB", 0.2, "VAT", {}}},
         false},
        {"Rest of World", {{"Rest of World", "*", 0.0, "Tax", {}}}, false},
    };
    return zones;
}

}  // namespace

std::vector<CarrierService> generate_carrier_services() {
    CarrierService live;
    live.id = ids::carrier_service;
    live.name = "Storebridge Live Rates";
    live.callback_url = "https://rates.storebridge.example/shopify/rates";
    CarrierService legacy;
    legacy.id = ids::carrier_service + 1;
    legacy.name = "Legacy Freight";
    legacy.active = false;
    legacy.service_discovery = false;
    legacy.callback_url = "https://freight.example.com/rates";
    return {live, legacy};
}

std::vector<ShippingZone> generate_shipping_zones(std::uint64_t seed) {
    std::vector<ShippingZone> out;
    const auto& specs = zone_specs();
    for (std::size_t zi = 0; zi < specs.size(); ++zi) {
        const ZoneSpec& spec = specs[zi];
        const auto z = static_cast<std::int64_t>(zi) + 1;
        Rng r(hash_of({seed, k_shipping_salt, static_cast<std::uint64_t>(z)}));
        ShippingZone zone;
        zone.id = ids::shipping_zone + z;
        zone.name = spec.name;
        zone.profile_id = ids::delivery_profile + 1;
        zone.location_group_id = ids::location_group + 1;
        for (std::size_t ci = 0; ci < spec.countries.size(); ++ci) {
            const CountrySpec& cs = spec.countries[ci];
            ShippingCountry c;
            c.id = ids::shipping_country + z * 100 + static_cast<std::int64_t>(ci);
            c.name = cs.name;
            c.code = cs.code;
            c.tax = cs.tax;
            c.tax_name = cs.tax_name;
            for (std::size_t pi = 0; pi < cs.provinces.size(); ++pi) {
                const ProvinceSpec& ps = cs.provinces[pi];
                ShippingProvince p;
                p.id = ids::shipping_province + z * 10'000 + static_cast<std::int64_t>(ci) * 100 +
                       static_cast<std::int64_t>(pi);
                p.name = ps.name;
                p.code = ps.code;
                p.tax = ps.tax;
                p.tax_name = ps.tax_name;
                if (ps.tax_type)
                    p.tax_type = ps.tax_type;
                c.provinces.push_back(std::move(p));
            }
            zone.countries.push_back(std::move(c));
        }
        // Farther zones cost more; the seed moves prices by whole dollars.
        const std::int64_t base = (4 + 4 * static_cast<std::int64_t>(zi)) * 100;
        const std::int64_t light = base + r.between(0, 3) * 100 + 99;
        const std::int64_t heavy = light + r.between(5, 15) * 100;
        zone.weight_based_rates.push_back(
            {ids::weight_based_rate + z * 100, "Standard (up to 2 kg)", 0.0, 2.0, light});
        zone.weight_based_rates.push_back(
            {ids::weight_based_rate + z * 100 + 1, "Heavy Goods", 2.0, 30.0, heavy});
        const std::int64_t free_from = r.between(5, 20) * 1000;
        zone.price_based_rates.push_back({ids::price_based_rate + z * 100, "Standard Shipping", 0,
                                          free_from, base + r.between(0, 3) * 100 + 50});
        zone.price_based_rates.push_back(
            {ids::price_based_rate + z * 100 + 1, "Free Shipping", free_from, std::nullopt, 0});
        if (spec.carrier_rates) {
            CarrierRateProvider p;
            p.id = ids::carrier_rate_provider + z * 100;
            p.carrier_service_id = ids::carrier_service;
            p.flat_modifier = r.chance(0.5) ? 0 : 250;
            p.percent_modifier = r.chance(0.5) ? 0 : 5;
            zone.carrier_rate_providers.push_back(p);
        }
        out.push_back(std::move(zone));
    }
    return out;
}

}  // namespace sb::emulators::shopify
