#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <optional>
#include <string>

// The value types every record is made of (docs/records.md, "Conventions"). Each struct is
// described (Boost.Describe), and records/codec.hpp writes and reads it by its members: a
// member's name is its JSON key, `std::optional` is `null` when empty.
namespace sb::domain::records {

// Optional text: null when the platform does not say.
using Text = std::optional<std::string>;
// RFC 3339 UTC with milliseconds, or null.
using Time = std::optional<std::string>;
// A decimal amount as a string ("10.50"): no binary floating point on the way.
using Decimal = std::optional<std::string>;

// {"amount": "10.50", "currency": "EUR"}
struct Money {
    Decimal amount;
    Text currency;
    bool operator==(const Money&) const = default;
};
BOOST_DESCRIBE_STRUCT(Money, (), (amount, currency))

struct Address {
    Text first_name, last_name, name, company, address1, address2, city, province, province_code,
        country, country_code, zip, phone;
    bool operator==(const Address&) const = default;
};
BOOST_DESCRIBE_STRUCT(Address, (),
                      (first_name, last_name, name, company, address1, address2, city, province,
                       province_code, country, country_code, zip, phone))

// An address without names: where a location or a shop is.
struct PlaceAddress {
    Text address1, address2, city, province, province_code, country, country_code, zip, phone;
    bool operator==(const PlaceAddress&) const = default;
};
BOOST_DESCRIBE_STRUCT(PlaceAddress, (),
                      (address1, address2, city, province, province_code, country, country_code,
                       zip, phone))

// Where a location or a shop is: an address's lines without its names.
inline PlaceAddress place_of(const Address& a) {
    return {a.address1, a.address2,     a.city, a.province, a.province_code,
            a.country,  a.country_code, a.zip,  a.phone};
}

// A deletion: `data` of a record with `deleted: true`.
struct Tombstone {
    std::string id;
};
BOOST_DESCRIBE_STRUCT(Tombstone, (), (id))

}  // namespace sb::domain::records
