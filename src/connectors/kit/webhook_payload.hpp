#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

// The fields a webhook topic's payload must have, checked before anything is decoded from it
// or stored: a signed delivery whose ids or timestamps are not of the platform's types is
// refused (422 invalid_webhook_payload, kept as a rejected delivery), never applied.
namespace sb::connectors::kit {

enum class IdKind {
    integer,  // a positive JSON integer (Shopify's REST ids)
    text,     // a non-empty string of at most 255 characters (Shoplazza's UUIDs)
};

class PayloadCheck {
  public:
    explicit PayloadCheck(const boost::json::object& body) : body_(body) {}

    // `field` is an id of `kind`; absent or null is refused unless `required` is false.
    PayloadCheck& id(std::string_view field, IdKind kind, bool required = true);
    // `field` is an RFC 3339 date-time; absent or null is refused unless `required` is false.
    PayloadCheck& time(std::string_view field, bool required = true);
    // `field`, when present and not null, is an integer (a quantity).
    PayloadCheck& integer(std::string_view field);

    // Throws ApiError(invalid_webhook_payload) naming every field that failed, or returns.
    void done() const;

  private:
    const boost::json::object& body_;
    std::vector<FieldError> errors_;
};

}  // namespace sb::connectors::kit
