#include "domain/field_validation.hpp"

#include <algorithm>

namespace sb::domain {

namespace {

bool type_matches(FieldType t, FieldValue& v) {
    switch (t) {
        case FieldType::string:
            return std::holds_alternative<std::string>(v);
        case FieldType::boolean:
            return std::holds_alternative<bool>(v);
        case FieldType::integer:
            return std::holds_alternative<std::int64_t>(v);
        case FieldType::number:
            if (auto i = std::get_if<std::int64_t>(&v))
                v = static_cast<double>(*i);
            return std::holds_alternative<double>(v);
    }
    return false;
}

}  // namespace

std::vector<FieldError> validate_fields(const std::vector<FieldSpec>& specs, FieldMap& input,
                                        const std::string& prefix, bool partial,
                                        bool apply_defaults) {
    std::vector<FieldError> errors;
    for (auto& [name, value] : input) {
        auto spec = std::find_if(specs.begin(), specs.end(),
                                 [&](const FieldSpec& s) { return s.name == name; });
        if (spec == specs.end()) {
            errors.push_back({prefix + name, "unknown field"});
            continue;
        }
        if (!type_matches(spec->type, value)) {
            errors.push_back(
                {prefix + name, std::string("must be a ") + field_type_name(spec->type)});
            continue;
        }
        if (!spec->allowed.empty()) {
            const auto text = to_display_string(value);
            if (std::find(spec->allowed.begin(), spec->allowed.end(), text) ==
                spec->allowed.end()) {
                std::string list;
                for (const auto& a : spec->allowed)
                    list += (list.empty() ? "" : ", ") + a;
                errors.push_back({prefix + name, "must be one of: " + list});
            }
        }
        if (spec->type == FieldType::string) {
            const auto& text = std::get<std::string>(value);
            if (spec->required && text.empty()) {
                errors.push_back({prefix + name, "must not be empty"});
            } else if (text.size() > spec->max_length) {
                errors.push_back(
                    {prefix + name,
                     "must be at most " + std::to_string(spec->max_length) + " characters"});
            } else if (spec->check && !text.empty()) {
                if (auto why = spec->check(text))
                    errors.push_back({prefix + name, *why});
            }
        }
    }
    for (const auto& spec : specs) {
        if (input.contains(spec.name))
            continue;
        if (spec.required && !partial)
            errors.push_back({prefix + spec.name, "required"});
        else if (apply_defaults && spec.default_value)
            input.emplace(spec.name, *spec.default_value);
    }
    return errors;
}

void throw_if_invalid(const std::vector<FieldError>& errors, const std::string& message) {
    if (errors.empty())
        return;
    throw ApiError(Errc::validation_failed, message,
                   std::to_string(errors.size()) +
                       (errors.size() == 1 ? " field is" : " fields are") + " invalid.",
                   errors);
}

void find_oversized(const std::vector<FieldSpec>& specs, const FieldMap& stored,
                    const std::string& prefix, std::vector<FieldError>& out) {
    for (const auto& [name, value] : stored) {
        const auto* text = std::get_if<std::string>(&value);
        if (!text)
            continue;
        auto spec = std::find_if(specs.begin(), specs.end(),
                                 [&](const FieldSpec& s) { return s.name == name; });
        const auto bound = spec == specs.end() ? FieldSpec::k_max_field_length : spec->max_length;
        if (text->size() > bound) {
            out.push_back({prefix + name, "the stored value has " + std::to_string(text->size()) +
                                              " characters; at most " + std::to_string(bound) +
                                              " characters: set it again"});
        }
    }
}

void throw_if_stored_invalid(const std::vector<FieldError>& errors) {
    if (errors.empty())
        return;
    throw ApiError(Errc::stored_value_invalid, "A stored value of the integration is invalid",
                   "Set the named fields again (PUT the integration) before calling the store.",
                   errors);
}

}  // namespace sb::domain
