#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Tolerant readers for platform JSON: a field that is missing, null or of another type reads
// as absent, because old payloads and API versions drop and retype fields.
namespace sb::connectors::jsonu {

const boost::json::value* at(const boost::json::object& o, std::string_view key);
const boost::json::object* obj(const boost::json::object& o, std::string_view key);
const boost::json::array* arr(const boost::json::object& o, std::string_view key);
std::optional<std::string> str(const boost::json::object& o, std::string_view key);
std::optional<std::int64_t> int64(const boost::json::object& o, std::string_view key);
std::optional<bool> boolean(const boost::json::object& o, std::string_view key);

// As JSON: the string, or null.
boost::json::value str_or_null(const boost::json::object& o, std::string_view key);
// A timestamp re-written as RFC 3339 UTC with milliseconds, or null.
boost::json::value time_or_null(const boost::json::object& o, std::string_view key);
// Epoch ms of a timestamp field, 0 when absent.
std::int64_t time_ms(const boost::json::object& o, std::string_view key);
// A number given as a JSON number or a numeric string, as an integer.
std::optional<std::int64_t> loose_int(const boost::json::object& o, std::string_view key);
// A string field where "" means "not set" (BigCommerce, Shoplazza, WooCommerce): nullopt for "".
std::optional<std::string> text(const boost::json::object& o, std::string_view key);
// An id given as a JSON integer (or a string) as text, where 0 and "" mean "none" (a guest's
// customer_id, a line without a variation).
std::optional<std::string> id_text(const boost::json::object& o, std::string_view key);
// A decimal amount (string or number) as a decimal string, or nullopt.
std::optional<std::string> decimal(const boost::json::object& o, std::string_view key);
// "PARTIALLY_FULFILLED" → "partially_fulfilled".
std::string lower(std::string_view s);
// The elements of a connection selected as `{ nodes: [...] }` (or edges/node), or [] .
boost::json::array nodes(const boost::json::object& o, std::string_view key);

}  // namespace sb::connectors::jsonu
