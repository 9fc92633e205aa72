#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/fields.hpp"
#include "domain/paging.hpp"
#include "http/message.hpp"

namespace sb::api {

// Reads a JSON request body field by field, collecting every problem, so one 400 names all
// bad fields. Unknown top-level fields are errors too (they are usually typos).
class BodyReader {
  public:
    explicit BodyReader(const boost::json::object& body, std::string prefix = {});

    // Every string the API stores has a bound: `max_length` bytes (k_max_text unless the
    // field says otherwise), else the field's error says the limit.
    static constexpr std::size_t k_max_text = 255;
    std::optional<std::string> string(std::string_view name, bool required = false,
                                      std::size_t max_length = k_max_text);
    std::optional<bool> boolean(std::string_view name, bool required = false);
    // An object of scalar values (strings, booleans, numbers) as a field map; names are
    // bounded here, values by the fields' specs (domain::FieldSpec::max_length).
    std::optional<domain::FieldMap> fields(std::string_view name, bool required = false);
    // At most 100 strings of at most k_max_text bytes each.
    std::optional<std::vector<std::string>> strings(std::string_view name, bool required = false);
    const boost::json::value* raw(std::string_view name);  // marks it known; null if absent
    void error(std::string name, std::string description);
    std::string path(std::string_view name) const { return prefix_ + std::string(name); }

    // Throws ApiError(validation_failed) if anything was wrong or unknown.
    void finish();
    std::vector<FieldError>& errors() { return errors_; }

  private:
    const boost::json::value* find(std::string_view name, bool required);

    const boost::json::object& body_;
    std::string prefix_;
    std::vector<std::string> seen_;
    std::vector<FieldError> errors_;
};

// If-Match: "v<version>" → version; absent or "*" → 0 (no precondition).
std::int64_t if_match_version(const http::Request& req);
std::string etag_of(std::int64_t version);

// ?force=true / false
bool query_flag(const http::Request& req, std::string_view name);

}  // namespace sb::api
