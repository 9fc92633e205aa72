#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/data_types.hpp"
#include "domain/record.hpp"
#include "domain/records/commerce.hpp"

// The one codec of the hub's records: it writes a record type as exactly the JSON of
// docs/records.md (members in order, every member present, empty optionals as null, numbers
// in plain decimal form) and reads it back. Connectors encode through it, the API decodes
// through it. Instantiated once, in codec.cpp, for every record type.
namespace sb::domain::records {

// The data type a record type is stored as.
constexpr DataType data_type_of(const Shop*) {
    return DataType::shop;
}
constexpr DataType data_type_of(const Location*) {
    return DataType::location;
}
constexpr DataType data_type_of(const Customer*) {
    return DataType::customer;
}
constexpr DataType data_type_of(const Product*) {
    return DataType::product;
}
constexpr DataType data_type_of(const Stock*) {
    return DataType::stock;
}
constexpr DataType data_type_of(const Order*) {
    return DataType::order;
}
constexpr DataType data_type_of(const Cart*) {
    return DataType::cart;
}
constexpr DataType data_type_of(const ShippingService*) {
    return DataType::shipping_service;
}

template <class T>
boost::json::value to_json(const T& record);

// Tolerant: a member that is missing, null or of another type reads as its default.
template <class T>
T from_json(const boost::json::value& v);

// JSON text (json/plain.hpp's serializer).
template <class T>
std::string encode(const T& record);

// nullopt when `text` is not a JSON object.
template <class T>
std::optional<T> decode(std::string_view text);

// A record of type T: external id = `data.id`, the platform's `updated_at` (epoch ms) and its
// raw payload.
template <class T>
Record make_record(const T& data, std::int64_t updated_at, std::string raw) {
    Record r;
    r.type = data_type_of(static_cast<const T*>(nullptr));
    r.external_id = data.id;
    r.updated_at = updated_at;
    r.data = encode(data);
    r.raw = std::move(raw);
    return r;
}

// A deletion of `external_id`.
Record make_tombstone(DataType type, std::string external_id, std::int64_t updated_at,
                      std::string raw);

}  // namespace sb::domain::records
