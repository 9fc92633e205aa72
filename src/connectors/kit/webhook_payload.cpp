#include "connectors/kit/webhook_payload.hpp"

#include "core/time.hpp"

namespace sb::connectors::kit {

namespace {

bool absent(const boost::json::value* v) {
    return !v || v->is_null();
}

}  // namespace

PayloadCheck& PayloadCheck::id(std::string_view field, IdKind kind, bool required) {
    const auto* v = body_.if_contains(field);
    if (absent(v)) {
        if (required)
            errors_.push_back({std::string(field), "is required"});
        return *this;
    }
    if (kind == IdKind::integer) {
        const bool ok =
            (v->is_int64() && v->get_int64() > 0) || (v->is_uint64() && v->get_uint64() > 0);
        if (!ok)
            errors_.push_back({std::string(field), "must be a positive integer id"});
    } else {
        const bool ok = v->is_string() && !v->get_string().empty() && v->get_string().size() <= 255;
        if (!ok)
            errors_.push_back({std::string(field), "must be a string id of 1 to 255 characters"});
    }
    return *this;
}

PayloadCheck& PayloadCheck::time(std::string_view field, bool required) {
    const auto* v = body_.if_contains(field);
    if (absent(v)) {
        if (required)
            errors_.push_back({std::string(field), "is required"});
        return *this;
    }
    if (!v->is_string() || !parse_time(v->get_string()))
        errors_.push_back({std::string(field), "must be an RFC 3339 date-time"});
    return *this;
}

PayloadCheck& PayloadCheck::integer(std::string_view field) {
    const auto* v = body_.if_contains(field);
    if (!absent(v) && !v->is_int64() && !v->is_uint64())
        errors_.push_back({std::string(field), "must be an integer"});
    return *this;
}

void PayloadCheck::done() const {
    if (errors_.empty())
        return;
    throw ApiError(Errc::invalid_webhook_payload, "The webhook payload is not the topic's",
                   "A signed delivery whose ids or times are not the platform's is refused.",
                   errors_);
}

}  // namespace sb::connectors::kit
